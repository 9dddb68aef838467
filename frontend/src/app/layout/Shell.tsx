/**
 * The frame around every logged-in page: a skip link, the header (name, Live
 * indicator, account), the navigation (a sidebar from 768 px, a bottom tab bar below),
 * and the page in <main>. Pages render into the Outlet.
 */
import { Link, Outlet } from '@tanstack/react-router';
import { cn } from '../../lib/cn';
import { useRuntimeConfig } from '../../lib/services';
import { useAuth } from '../auth';
import { LiveBridge } from '../LiveBridge';
import { navFor } from '../navigation';
import { LiveIndicator } from './LiveIndicator';
import { Logo } from './Logo';
import { UserMenu } from './UserMenu';

export function Shell() {
  const { appName } = useRuntimeConfig();
  const { role } = useAuth();
  const items = navFor(role);
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="fixed top-3 left-3 z-[70] -translate-y-24 rounded-xl bg-accent px-4 py-2.5 text-sm font-medium text-accent-fg shadow-pop transition-transform focus:translate-y-0"
      >
        Skip to content
      </a>
      <LiveBridge />

      <header className="sticky top-0 z-30 border-b border-border bg-page/80 backdrop-blur-xl supports-[backdrop-filter]:bg-page/70">
        <div className="mx-auto flex h-14 max-w-[1400px] items-center gap-3 px-4 sm:px-6">
          <Link to="/" className="flex items-center gap-2.5 rounded-lg font-semibold tracking-tight text-fg">
            <Logo className="size-7" />
            <span className="text-[17px]">{appName}</span>
          </Link>
          <div className="ml-auto flex items-center gap-2 sm:gap-3">
            <LiveIndicator />
            <UserMenu />
          </div>
        </div>
      </header>

      <div className="mx-auto flex max-w-[1400px]">
        <nav aria-label="Main" className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-60 shrink-0 flex-col px-3 py-6 md:flex">
          <ul className="space-y-0.5">
            {items.map(({ to, label, icon: Icon }) => (
              <li key={to}>
                <Link
                  to={to}
                  activeOptions={{ exact: to === '/', includeSearch: false }}
                  className={cn(
                    'group flex h-10 items-center gap-3 rounded-xl px-3 text-[15px] font-medium text-muted transition-colors',
                    'hover:bg-surface-2 hover:text-fg data-[status=active]:bg-surface data-[status=active]:text-fg data-[status=active]:shadow-card',
                  )}
                >
                  <Icon aria-hidden="true" className="size-[18px] text-muted group-data-[status=active]:text-accent" />
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>

        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 pt-6 pb-28 focus:outline-none sm:px-6 md:pt-8 md:pb-12 lg:px-10">
          <Outlet />
        </main>
      </div>

      <nav aria-label="Main" className="fixed inset-x-0 bottom-0 z-30 border-t border-border bg-surface/90 pb-[env(safe-area-inset-bottom)] backdrop-blur-xl md:hidden">
        <ul className="flex">
          {items.map(({ to, label, icon: Icon }) => (
            <li key={to} className="flex-1">
              <Link
                to={to}
                activeOptions={{ exact: to === '/', includeSearch: false }}
                className="flex h-16 flex-col items-center justify-center gap-1 text-[11px] font-medium text-muted data-[status=active]:text-accent"
              >
                <Icon aria-hidden="true" className="size-[22px]" />
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
