/**
 * The dialogs of the users list: add a user (username, password, role), and reset a
 * password (which logs that user out everywhere). Each checks what it can before
 * sending, and says the API's refusals in plain words on the field they concern.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { CircleAlert } from 'lucide-react';
import { Button, Dialog, Field, Input } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { checkPassword, checkUsername, describeUserError, PASSWORD_RULE } from '../model/userErrors';

export type NewUserRole = 'REVIEWER' | 'ADMIN';

export interface NewUser {
  username: string;
  password: string;
  role: NewUserRole;
}

const ROLE_CHOICES: { value: NewUserRole; label: string; description: string }[] = [
  { value: 'REVIEWER', label: 'Reviewer', description: 'Reviews, edits and approves paintings. Can’t change settings.' },
  { value: 'ADMIN', label: 'Admin', description: 'Everything a reviewer can, plus prices, connections and users.' },
];

type Errors = { username?: string; password?: string; form?: string };

export function AddUserDialog({ open, onOpenChange, onCreate }: { open: boolean; onOpenChange: (open: boolean) => void; onCreate: (user: NewUser) => Promise<unknown> }) {
  const formId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<NewUserRole>('REVIEWER');
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    setUsername('');
    setPassword('');
    setRole('REVIEWER');
    setShow(false);
    setErrors({});
  }, [open]);

  const focusField = (field: 'username' | 'password' | null | undefined) => (field === 'password' ? passwordRef : usernameRef).current?.focus();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    const next: Errors = { username: checkUsername(name) ?? undefined, password: checkPassword(password) ?? undefined };
    setErrors(next);
    if (next.username || next.password) return focusField(next.username ? 'username' : 'password');
    setBusy(true);
    try {
      await onCreate({ username: name, password, role });
      onOpenChange(false);
    } catch (err) {
      const p = describeUserError(err, name);
      setErrors(p.field ? { [p.field]: p.message } : { form: p.message });
      if (p.field) focusField(p.field);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(v) => !busy && onOpenChange(v)}
      title="Add a user"
      className="max-h-[calc(100dvh-2rem)] overflow-y-auto"
      description="They log in with this username and password. Tell them the password yourself; nothing is emailed."
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={busy}>
            Add user
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} noValidate className="space-y-5">
        <Field label="Username" error={errors.username}>
          {(props) => <Input {...props} ref={usernameRef} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} />}
        </Field>
        <PasswordField label="Password" value={password} onChange={setPassword} error={errors.password} show={show} onShowChange={setShow} inputRef={passwordRef} />
        <fieldset>
          <legend className="text-sm font-medium text-fg">Role</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {ROLE_CHOICES.map((c) => (
              <label
                key={c.value}
                className={cn(
                  'flex cursor-pointer items-start gap-3 rounded-xl border p-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
                  role === c.value ? 'border-accent bg-accent-soft' : 'border-border hover:border-border-strong',
                )}
              >
                <input type="radio" name={`${formId}-role`} value={c.value} checked={role === c.value} onChange={() => setRole(c.value)} className="mt-1 size-4 shrink-0 accent-[var(--accent)] focus-visible:outline-none"
                  aria-labelledby={`${formId}-${c.value}-label`}
                  aria-describedby={`${formId}-${c.value}`}
                />
                <span className="min-w-0">
                  <span id={`${formId}-${c.value}-label`} className="block text-sm font-medium text-fg">
                    {c.label}
                  </span>
                  <span id={`${formId}-${c.value}`} className="mt-0.5 block text-sm text-muted">
                    {c.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <FormError>{errors.form}</FormError>
      </form>
    </Dialog>
  );
}

export function ResetPasswordDialog({
  username,
  isSelf,
  open,
  onOpenChange,
  onReset,
}: {
  username: string;
  isSelf: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onReset: (password: string) => Promise<unknown>;
}) {
  const formId = useId();
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    setPassword('');
    setShow(false);
    setErrors({});
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = checkPassword(password);
    if (problem) {
      setErrors({ password: problem });
      return passwordRef.current?.focus();
    }
    setErrors({});
    setBusy(true);
    try {
      await onReset(password);
      onOpenChange(false);
    } catch (err) {
      const p = describeUserError(err, username);
      setErrors(p.field === 'password' ? { password: p.message } : { form: p.message });
      if (p.field === 'password') passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(v) => !busy && onOpenChange(v)}
      title={isSelf ? 'Reset your password' : `Reset the password of ${username}`}
      description={
        isSelf
          ? 'This logs you out everywhere, including this browser: you’ll log in again with the new password.'
          : `This logs ${username} out everywhere, on every browser and device. They’ll need the new password to log in again.`
      }
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={formId} loading={busy}>
            Reset password
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} noValidate className="space-y-5">
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
        <PasswordField label="New password" value={password} onChange={setPassword} error={errors.password} show={show} onShowChange={setShow} inputRef={passwordRef} autoFocus />
        <FormError>{errors.form}</FormError>
      </form>
    </Dialog>
  );
}

function PasswordField({
  label,
  value,
  onChange,
  error,
  show,
  onShowChange,
  inputRef,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  show: boolean;
  onShowChange: (v: boolean) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  autoFocus?: boolean;
}) {
  const showId = useId();
  return (
    <div className="space-y-2">
      <Field label={label} hint={PASSWORD_RULE} error={error}>
        {(props) => <Input {...props} ref={inputRef} type={show ? 'text' : 'password'} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="new-password" autoFocus={autoFocus} spellCheck={false} />}
      </Field>
      <label htmlFor={showId} className="inline-flex cursor-pointer items-center gap-2 text-sm text-muted">
        <input id={showId} type="checkbox" checked={show} onChange={(e) => onShowChange(e.target.checked)} className="size-4 accent-[var(--accent)]" />
        Show password
      </label>
    </div>
  );
}

function FormError({ children }: { children?: ReactNode }) {
  return (
    <div role="alert" className="empty:hidden">
      {children && (
        <p className="flex items-start gap-2 rounded-xl bg-danger-soft px-3 py-2 text-sm text-danger">
          <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{children}</span>
        </p>
      )}
    </div>
  );
}
