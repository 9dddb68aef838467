/**
 * Username, password, "Log in". Every failure is said plainly in the form: what went
 * wrong and what to do. A lock-out (429 after repeated failures) says how long to
 * wait, counts down, and keeps the button off until then.
 */
import { useRef, useState, type FormEvent } from 'react';
import { CircleAlert, Clock } from 'lucide-react';
import { LoginError } from '../../../lib/auth';
import { ApiError, describeError, formatWait } from '../../../lib/http';
import { Button, Field, Input } from '../../../components/ui';
import { useCountdown } from '../hooks/useCountdown';

export interface LoginFormProps {
  /** Log in; resolves when logged in, throws LoginError/ApiError otherwise. */
  onLogin: (username: string, password: string) => Promise<unknown>;
}

interface Problem {
  message: string;
  /** Which field to put the cursor back in. */
  focus?: 'username' | 'password';
}

/** What to tell the person for a failed login. */
export function loginProblem(err: unknown): Problem {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'UNAUTHORIZED':
        return { message: 'The username or password is wrong. Check both and try again.', focus: 'password' };
      case 'SERVICE_ACCOUNT':
        return { message: err.message, focus: 'username' };
      case 'VALIDATION_ERROR':
        return { message: `Check the username and password: ${err.message}`, focus: 'username' };
    }
  }
  return { message: describeError(err) };
}

export function LoginForm({ onLogin }: LoginFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const wait = useCountdown(lockedUntil);
  const locked = wait > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || locked) return;
    const errors = {
      username: username.trim() ? undefined : 'Enter your username.',
      password: password ? undefined : 'Enter your password.',
    };
    setFieldErrors(errors);
    setProblem(null);
    if (errors.username || errors.password) {
      (errors.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onLogin(username.trim(), password);
    } catch (err) {
      if (err instanceof LoginError && err.code === 'RATE_LIMITED') {
        setLockedUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
        setProblem(null);
      } else {
        const p = loginProblem(err);
        setProblem(p);
        if (p.focus === 'password') {
          passwordRef.current?.focus();
          passwordRef.current?.select();
        } else if (p.focus === 'username') usernameRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-5" aria-describedby={problem || locked ? 'login-problem' : undefined}>
      <Field label="Username" error={fieldErrors.username}>
        {(props) => (
          <Input
            {...props}
            ref={usernameRef}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password" error={fieldErrors.password}>
        {(props) => <Input {...props} ref={passwordRef} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>

      <div id="login-problem" role="alert" aria-live="assertive">
        {locked ? (
          <div className="flex gap-3 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-900">
            <Clock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>
              <span className="font-medium">Too many failed attempts.</span> For your security, logging in from here is paused. Try again in{' '}
              <span className="font-medium tabular-nums">{formatWait(wait)}</span>.
            </p>
          </div>
        ) : problem ? (
          <div className="flex gap-3 rounded-xl bg-danger-soft px-4 py-3 text-sm text-danger">
            <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>{problem.message}</p>
          </div>
        ) : null}
      </div>

      <Button type="submit" size="lg" className="w-full" loading={busy} disabled={locked}>
        Log in
      </Button>
    </form>
  );
}
