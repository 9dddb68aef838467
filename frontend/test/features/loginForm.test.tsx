/** The login form's messages: empty fields, wrong password, lock-out with its wait, service accounts, no server. */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginError, SERVICE_ACCOUNT_MESSAGE } from '../../src/lib/auth';
import { ApiError } from '../../src/lib/http';
import { LoginForm } from '../../src/features/login/components/LoginForm';

afterEach(() => vi.useRealTimers());

async function fill(user: ReturnType<typeof userEvent.setup>, username = 'rita', password = 'secret') {
  if (username) await user.type(screen.getByLabelText('Username'), username);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('LoginForm', () => {
  it('has labelled fields and a Log in button', () => {
    render(<LoginForm onLogin={vi.fn()} />);
    expect(screen.getByLabelText('Username')).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled();
  });

  it('says which field is missing, tied to the field', async () => {
    const onLogin = vi.fn();
    const user = userEvent.setup();
    render(<LoginForm onLogin={onLogin} />);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const username = screen.getByLabelText('Username');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(username).toHaveAccessibleDescription('Enter your username.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(username).toHaveFocus();
    expect(onLogin).not.toHaveBeenCalled();
  });

  it('sends the trimmed username and the password', async () => {
    const onLogin = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<LoginForm onLogin={onLogin} />);
    await fill(user, '  rita ', ' pass word ');
    expect(onLogin).toHaveBeenCalledWith('rita', ' pass word ');
  });

  it('a wrong password: says so plainly and selects the password to retype', async () => {
    const user = userEvent.setup();
    render(<LoginForm onLogin={() => Promise.reject(new LoginError(401, 'UNAUTHORIZED', 'wrong username or password'))} />);
    await fill(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('The username or password is wrong. Check both and try again.');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('a lock-out (429): explains it, shows the wait counting down, and keeps the button off until then', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const onLogin = vi.fn().mockRejectedValue(new LoginError(429, 'RATE_LIMITED', 'too many failed logins; try again in 840 s', 840));
    render(<LoginForm onLogin={onLogin} />);
    await fill(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many failed attempts. For your security, logging in from here is paused. Try again in 14 minutes.');
    expect(screen.getByRole('button', { name: 'Log in' })).toBeDisabled();

    await act(async () => vi.advanceTimersByTime((840 - 75) * 1000));
    expect(alert).toHaveTextContent('Try again in 1 minute 15 seconds.');
    await act(async () => vi.advanceTimersByTime(66_000));
    expect(alert).toHaveTextContent('Try again in 9 seconds.');
    await act(async () => vi.advanceTimersByTime(9_000));
    expect(alert).toBeEmptyDOMElement();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled();
  });

  it('a service account is told it cannot use the dashboard', async () => {
    const user = userEvent.setup();
    render(<LoginForm onLogin={() => Promise.reject(new LoginError(403, 'SERVICE_ACCOUNT', SERVICE_ACCOUNT_MESSAGE))} />);
    await fill(user, 'zapier');
    expect(await screen.findByRole('alert')).toHaveTextContent('This is a service account (for webhooks and integrations) and can’t use the dashboard. Log in as an admin or a reviewer.');
  });

  it('no server, or a broken one: says what happened', async () => {
    const user = userEvent.setup();
    const onLogin = vi.fn().mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'the server could not be reached')).mockRejectedValueOnce(new ApiError(503, 'SERVICE_UNAVAILABLE', 'database down'));
    render(<LoginForm onLogin={onLogin} />);
    await fill(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('Can’t reach the server. Check your connection and try again.');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('The server had a problem (error 503). Try again in a moment.')).toBeInTheDocument();
  });

  it('is busy while logging in (no second submit)', async () => {
    const user = userEvent.setup();
    let finish!: () => void;
    const onLogin = vi.fn(() => new Promise<void>((r) => (finish = r)));
    render(<LoginForm onLogin={onLogin} />);
    await fill(user);
    const button = screen.getByRole('button', { name: 'Log in' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');
    await user.click(button);
    expect(onLogin).toHaveBeenCalledTimes(1);
    await act(async () => finish());
  });
});
