/**
 * The users list and its dialogs: the form's own checks (username characters, a short
 * password), what is sent, the API's DUPLICATE and VALIDATION_ERROR on the field they
 * concern, the reset-password warning (it logs the user out everywhere), removing a
 * user (confirmed) and the last admin's INVALID_STATE said plainly; "You" marked.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { UserRow } from '../../src/features/settings/api';
import { AddUserDialog, ResetPasswordDialog } from '../../src/features/settings/components/UserDialogs';
import { UsersPanel } from '../../src/features/settings/components/UsersPanel';
import { GraphqlError } from '../../src/lib/graphql';

const apiError = (code: string, message: string) => new GraphqlError(200, [{ message, extensions: { code } }]);

function addUser(onCreate = vi.fn().mockResolvedValue(undefined)) {
  const onOpenChange = vi.fn();
  const user = userEvent.setup();
  render(<AddUserDialog open onOpenChange={onOpenChange} onCreate={onCreate} />);
  const dialog = screen.getByRole('dialog', { name: 'Add a user' });
  return { user, onCreate, onOpenChange, dialog };
}

const username = () => screen.getByRole('textbox', { name: 'Username' });
const password = () => screen.getByLabelText('Password', { selector: 'input' });

describe('AddUserDialog', () => {
  it('checks the fields before sending anything', async () => {
    const { user, onCreate } = addUser();
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(username()).toHaveAccessibleDescription('Enter a username.');
    expect(password()).toHaveAccessibleDescription('Enter a password.');
    expect(username()).toHaveFocus();

    await user.type(username(), 'rita hale');
    await user.type(password(), 'short');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(username()).toHaveAccessibleDescription('Use letters, digits and . _ @ - only (no spaces), up to 100 characters.');
    expect(password()).toHaveAccessibleDescription('Use at least 8 characters.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('sends the trimmed username, the password and the chosen role, then closes', async () => {
    const { user, onCreate, onOpenChange } = addUser();
    expect(screen.getByRole('radio', { name: 'Reviewer' })).toBeChecked();
    await user.type(username(), '  rita ');
    await user.type(password(), 'correct horse');
    await user.click(screen.getByRole('radio', { name: 'Admin' }));
    expect(screen.getByRole('radio', { name: 'Admin' })).toHaveAccessibleDescription('Everything a reviewer can, plus prices, connections and users.');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(onCreate).toHaveBeenCalledWith({ username: 'rita', password: 'correct horse', role: 'ADMIN' });
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
  });

  it('a taken username (DUPLICATE) is said on the username, which gets the focus', async () => {
    const { user, onOpenChange } = addUser(vi.fn().mockRejectedValue(apiError('DUPLICATE', 'user rita exists')));
    await user.type(username(), 'rita');
    await user.type(password(), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(username()).toHaveAccessibleDescription('There’s already a user called “rita”. Choose another username.'));
    expect(username()).toHaveFocus();
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
  });

  it('the API’s VALIDATION_ERROR is said on its field, in plain words', async () => {
    const onCreate = vi.fn().mockRejectedValueOnce(apiError('VALIDATION_ERROR', 'password must be at least 8 characters')).mockRejectedValueOnce(apiError('VALIDATION_ERROR', 'username: 1–100 letters, digits, . _ @ -'));
    const { user } = addUser(onCreate);
    await user.type(username(), 'rita');
    await user.type(password(), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(password()).toHaveAccessibleDescription('The password is too short. Use at least 8 characters.'));
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(username()).toHaveAccessibleDescription('That username isn’t allowed. Use letters, digits and . _ @ - only (no spaces), up to 100 characters.'));
  });

  it('anything else is said in the dialog', async () => {
    const { user, dialog } = addUser(vi.fn().mockRejectedValue(apiError('FORBIDDEN', 'admins only')));
    await user.type(username(), 'rita');
    await user.type(password(), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await within(dialog).findByText('Your role doesn’t allow this.')).toBeInTheDocument();
  });

  it('the password can be shown', async () => {
    const { user } = addUser();
    expect(password()).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('checkbox', { name: 'Show password' }));
    expect(password()).toHaveAttribute('type', 'text');
  });
});

describe('ResetPasswordDialog', () => {
  it('says it logs the user out everywhere; checks the password; sends it', async () => {
    const onReset = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<ResetPasswordDialog open onOpenChange={() => {}} username="rita" isSelf={false} onReset={onReset} />);
    const dialog = screen.getByRole('dialog', { name: 'Reset the password of rita' });
    expect(dialog).toHaveAccessibleDescription('This logs rita out everywhere, on every browser and device. They’ll need the new password to log in again.');
    const input = screen.getByLabelText('New password', { selector: 'input' });
    await user.type(input, 'abc');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    expect(input).toHaveAccessibleDescription('Use at least 8 characters.');
    expect(onReset).not.toHaveBeenCalled();
    await user.type(input, 'defghij');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    expect(onReset).toHaveBeenCalledWith('abcdefghij');
  });

  it('for yourself: says it logs you out here too', () => {
    render(<ResetPasswordDialog open onOpenChange={() => {}} username="demo" isSelf onReset={vi.fn()} />);
    expect(screen.getByRole('dialog', { name: 'Reset your password' })).toHaveAccessibleDescription('This logs you out everywhere, including this browser: you’ll log in again with the new password.');
  });

  it('a user removed meanwhile (NOT_FOUND) is said plainly', async () => {
    const user = userEvent.setup();
    render(<ResetPasswordDialog open onOpenChange={() => {}} username="rita" isSelf={false} onReset={vi.fn().mockRejectedValue(apiError('NOT_FOUND', 'user x not found'))} />);
    await user.type(screen.getByLabelText('New password', { selector: 'input' }), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This user no longer exists: someone may have removed them. Close this and check the list.');
  });
});

describe('UsersPanel', () => {
  const USERS: UserRow[] = [
    { id: '1', username: 'demo', role: 'ADMIN', createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString() },
    { id: '2', username: 'rita', role: 'REVIEWER', createdAt: new Date(Date.now() - 3_600_000).toISOString() },
    { id: '3', username: 'zapier', role: 'SERVICE', createdAt: new Date().toISOString() },
  ];

  function panel(onRemove = vi.fn().mockResolvedValue(undefined)) {
    const user = userEvent.setup();
    render(<UsersPanel users={USERS} currentUsername="demo" onCreate={vi.fn()} onResetPassword={vi.fn()} onRemove={onRemove} />);
    const row = (name: string) => screen.getByRole('list', { name: 'Users' }).querySelector(`[data-user="${name}"]`) as HTMLElement;
    return { user, onRemove, row };
  }

  it('lists every user with role and when added; marks you', () => {
    const { row } = panel();
    expect(row('demo')).toHaveTextContent('demoYouAdmin');
    expect(row('demo')).toHaveTextContent('Added 3 days ago · the only admin');
    expect(row('rita')).toHaveTextContent('ritaReviewer');
    expect(row('rita')).not.toHaveTextContent('You');
    expect(row('zapier')).toHaveTextContent('Service');
  });

  it('Remove asks first, then removes', async () => {
    const { user, onRemove, row } = panel();
    await user.click(within(row('rita')).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove rita?' });
    expect(dialog).toHaveAccessibleDescription('rita will be logged out everywhere and won’t be able to log in again. Paintings they reviewed keep their history.');
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(onRemove).toHaveBeenCalledWith(USERS[1]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('the last admin (INVALID_STATE) is said plainly and the dialog stays', async () => {
    const { user, row } = panel(vi.fn().mockRejectedValue(apiError('INVALID_STATE', 'the last admin cannot be removed')));
    await user.click(within(row('demo')).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove your own account?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You’re the only admin, and there must always be at least one. Add another admin first; then you can remove your own account.');
  });

  it('Add user opens the dialog', async () => {
    const { user } = panel();
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(screen.getByRole('dialog', { name: 'Add a user' })).toBeInTheDocument();
  });
});
