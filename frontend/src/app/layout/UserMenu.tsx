/** Who is logged in, with what role, and "Log out". */
import { DropdownMenu } from 'radix-ui';
import { ChevronDown, LogOut, UserRound } from 'lucide-react';
import { useAuth } from '../auth';

const ROLE_LABEL = { admin: 'Admin', reviewer: 'Reviewer' } as const;

export function UserMenu() {
  const { username, role, logout } = useAuth();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="inline-flex h-9 items-center gap-2 rounded-full py-1 pr-2.5 pl-1 text-sm hover:bg-surface-2" aria-label={`Account: ${username}, ${ROLE_LABEL[role]}`}>
        {/* An icon, not the initial letter: the button's visible text is then only the
            username, which its accessible name contains (WCAG 2.5.3, axe label-content-name-mismatch). */}
        <span aria-hidden="true" className="flex size-7 items-center justify-center rounded-full bg-accent-soft text-accent-soft-fg">
          <UserRound className="size-4" />
        </span>
        <span className="hidden max-w-32 truncate font-medium sm:inline">{username}</span>
        <ChevronDown aria-hidden="true" className="size-4 text-muted" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={8} className="z-50 min-w-56 rounded-2xl border border-border bg-surface p-1.5 shadow-pop">
          <div className="px-3 py-2">
            <p className="truncate text-sm font-semibold text-fg">{username}</p>
            <p className="text-xs text-muted">{ROLE_LABEL[role]}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item
            onSelect={() => void logout()}
            className="flex cursor-pointer items-center gap-2 rounded-xl px-3 py-2 text-sm text-fg outline-none select-none data-[highlighted]:bg-surface-2"
          >
            <LogOut aria-hidden="true" className="size-4 text-muted" />
            Log out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
