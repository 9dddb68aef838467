/** /login: the one page a logged-out visitor sees; afterwards, back to the page they asked for. */
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { safeRedirect } from '../../lib/redirect';
import { useRuntimeConfig, useServices } from '../../lib/services';
import { Card } from '../../components/ui';
import { Logo } from '../../app/layout/Logo';
import { LoginForm } from './components/LoginForm';

const route = getRouteApi('/login');

export default function LoginPage() {
  const { auth } = useServices();
  const { appName } = useRuntimeConfig();
  const { redirect, reason } = route.useSearch();
  const router = useRouter();

  const login = async (username: string, password: string) => {
    await auth.login(username, password);
    await router.invalidate();
    router.history.replace(safeRedirect(redirect));
  };

  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-[400px]">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-12" />
          <h1 className="mt-5 text-[26px] font-semibold tracking-tight text-fg">Log in to {appName}</h1>
          <p className="mt-1.5 text-[15px] text-balance text-muted">Review new paintings, follow the pipeline, keep the shop in order.</p>
        </div>
        <Card className="p-6 sm:p-8">
          {reason === 'expired' && (
            <p role="status" className="mb-5 rounded-xl bg-surface-2 px-4 py-3 text-sm text-muted">
              Your session ended. Log in again to continue where you were.
            </p>
          )}
          <LoginForm onLogin={login} />
        </Card>
        <p className="mt-6 text-center text-sm text-balance text-muted">Accounts are made by an admin. Forgot your password? Ask one.</p>
      </div>
    </main>
  );
}
