/**
 * The people (and service accounts) who can log in: username, role, when they were
 * added, the current user marked; add one, reset a password, remove one (confirmed;
 * the API keeps the last admin, and the page says so).
 */
import { useState } from 'react';
import { KeyRound, Trash2, UserPlus, Users } from 'lucide-react';
import { Badge, Button, Card, CardHeader, ConfirmDialog, EmptyState, RelativeTime } from '../../../components/ui';
import type { Tone } from '../../../lib/statuses';
import type { UserRow } from '../api';
import { describeRemoveError } from '../model/userErrors';
import { AddUserDialog, ResetPasswordDialog, type NewUser } from './UserDialogs';

const ROLE_LOOK: Record<string, { label: string; tone: Tone; description: string }> = {
  ADMIN: { label: 'Admin', tone: 'progress', description: 'Everything, including settings and users' },
  REVIEWER: { label: 'Reviewer', tone: 'neutral', description: 'Reviews, edits and approves paintings' },
  SERVICE: { label: 'Service', tone: 'muted', description: 'For webhooks and integrations; can’t use the dashboard' },
};

export interface UsersPanelProps {
  users: readonly UserRow[];
  /** The logged-in person's username (marked "You"). */
  currentUsername: string;
  onCreate: (user: NewUser) => Promise<unknown>;
  onResetPassword: (user: UserRow, password: string) => Promise<unknown>;
  onRemove: (user: UserRow) => Promise<unknown>;
}

export function UsersPanel({ users, currentUsername, onCreate, onResetPassword, onRemove }: UsersPanelProps) {
  const [adding, setAdding] = useState(false);
  // Who a dialog is about stays set while it closes (its text doesn't flicker).
  const [resetting, setResetting] = useState<{ user: UserRow; open: boolean } | null>(null);
  const [removing, setRemoving] = useState<{ user: UserRow; open: boolean } | null>(null);
  const resetUser = resetting?.user;
  const removeUser = removing?.user;
  const removingSelf = removeUser?.username === currentUsername;
  const admins = users.filter((u) => u.role === 'ADMIN').length;

  return (
    <Card>
      <CardHeader
        title="Users"
        description="Who can log in to this dashboard. Admins can change settings; reviewers review paintings."
        actions={
          <Button onClick={() => setAdding(true)}>
            <UserPlus aria-hidden="true" className="size-4" />
            Add user
          </Button>
        }
      />
      {users.length === 0 ? (
        <EmptyState icon={Users} title="No users">
          Add a user to let someone else review paintings.
        </EmptyState>
      ) : (
        <ul aria-label="Users" className="mt-4 divide-y divide-border border-t border-border">
          {users.map((u) => {
            const isSelf = u.username === currentUsername;
            const look = ROLE_LOOK[u.role] ?? { label: u.role, tone: 'neutral' as Tone, description: '' };
            return (
              <li key={u.id} className="flex flex-wrap items-center gap-x-4 gap-y-3 px-5 py-4 sm:px-6" data-user={u.username}>
                <div className="flex min-w-0 flex-1 items-center gap-3">
                  <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-2 text-[15px] font-semibold text-fg uppercase">
                    {u.username.charAt(0)}
                  </span>
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium break-all text-fg">{u.username}</span>
                      {isSelf && <Badge tone="info">You</Badge>}
                      <Badge tone={look.tone} title={look.description}>
                        {look.label}
                      </Badge>
                    </p>
                    <p className="mt-0.5 text-sm text-muted">
                      Added <RelativeTime value={u.createdAt} />
                      {u.role === 'ADMIN' && admins === 1 && ' · the only admin'}
                    </p>
                  </div>
                </div>
                <div className="flex w-full gap-2 sm:w-auto">
                  <Button variant="secondary" size="sm" className="flex-1 sm:flex-none" onClick={() => setResetting({ user: u, open: true })}>
                    <KeyRound aria-hidden="true" className="size-4" />
                    Reset password
                  </Button>
                  <Button variant="ghost" size="sm" className="flex-1 text-danger! hover:bg-danger-soft! sm:flex-none" onClick={() => setRemoving({ user: u, open: true })}>
                    <Trash2 aria-hidden="true" className="size-4" />
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <AddUserDialog open={adding} onOpenChange={setAdding} onCreate={onCreate} />
      <ResetPasswordDialog
        open={resetting?.open ?? false}
        onOpenChange={(open) => setResetting((r) => r && { ...r, open })}
        username={resetUser?.username ?? ''}
        isSelf={resetUser?.username === currentUsername}
        onReset={(password) => onResetPassword(resetUser!, password)}
      />
      <ConfirmDialog
        open={removing?.open ?? false}
        onOpenChange={(open) => setRemoving((r) => r && { ...r, open })}
        title={removingSelf ? 'Remove your own account?' : `Remove ${removeUser?.username ?? ''}?`}
        description={
          removingSelf
            ? 'You’ll be logged out right away and won’t be able to log in again. Paintings you reviewed keep their history.'
            : `${removeUser?.username ?? ''} will be logged out everywhere and won’t be able to log in again. Paintings they reviewed keep their history.`
        }
        confirmLabel="Remove"
        destructive
        onConfirm={async () => {
          const u = removeUser!;
          try {
            await onRemove(u);
          } catch (err) {
            throw new Error(describeRemoveError(err, u.username, u.username === currentUsername));
          }
        }}
      />
    </Card>
  );
}
