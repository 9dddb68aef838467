/**
 * The logged-in person, for pages: `const { role, isAdmin, username } = useAuth()`.
 * Only rendered inside the authenticated part of the app (the router sends everyone
 * else to /login), so a session is always there.
 */
import { useRef, type ReactNode } from 'react';
import { ShieldAlert } from 'lucide-react';
import type { Role } from '../lib/auth';
import { useServices, useSession } from '../lib/services';
import { Card, EmptyState } from '../components/ui';

export interface AuthInfo {
  username: string;
  role: Role;
  isAdmin: boolean;
  logout: () => Promise<void>;
}

export function useAuth(): AuthInfo {
  const current = useSession();
  const { auth } = useServices();
  // Right after a logout the shell renders once more before the router leaves for
  // /login: keep showing the person who was there rather than failing.
  const last = useRef(current);
  if (current) last.current = current;
  const session = current ?? last.current;
  if (!session) throw new Error('useAuth outside the logged-in app');
  return { username: session.username, role: session.role, isAdmin: session.role === 'admin', logout: () => auth.logout() };
}

/** Children for admins; for anyone else, a plain statement that this part is for admins. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useAuth();
  if (isAdmin) return <>{children}</>;
  return (
    <Card>
      <EmptyState icon={ShieldAlert} title="This part is for admins">
        Your account is a reviewer account. Ask an admin if you need to change settings.
      </EmptyState>
    </Card>
  );
}
