/**
 * What the API's answers to user changes mean, for a person, and for which field:
 * DUPLICATE (the username is taken), VALIDATION_ERROR (the username's characters, a
 * short password), INVALID_STATE (the last admin), NOT_FOUND (removed meanwhile).
 */
import { ApiError, describeError } from '../../../lib/http';

export const MIN_PASSWORD_LENGTH = 8;
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,100}$/;

export const USERNAME_RULE = 'Use letters, digits and . _ @ - only (no spaces), up to 100 characters.';
export const PASSWORD_RULE = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;

export interface FieldProblem {
  field: 'username' | 'password' | null;
  message: string;
}

/** The form's own checks, before anything is sent. */
export function checkUsername(username: string): string | null {
  if (!username.trim()) return 'Enter a username.';
  if (!USERNAME_PATTERN.test(username.trim())) return USERNAME_RULE;
  return null;
}

export function checkPassword(password: string): string | null {
  if (!password) return 'Enter a password.';
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_RULE;
  return null;
}

/** An error from createUser or setPassword, as a field's message or the form's. */
export function describeUserError(err: unknown, username?: string): FieldProblem {
  if (err instanceof ApiError) {
    if (err.code === 'DUPLICATE') return { field: 'username', message: `There’s already a user called “${username ?? 'that'}”. Choose another username.` };
    if (err.code === 'VALIDATION_ERROR') {
      if (/password/i.test(err.message)) return { field: 'password', message: `The password is too short. ${PASSWORD_RULE}` };
      if (/username/i.test(err.message)) return { field: 'username', message: `That username isn’t allowed. ${USERNAME_RULE}` };
      if (/role/i.test(err.message)) return { field: null, message: 'Choose Reviewer or Admin.' };
    }
    if (err.code === 'NOT_FOUND') return { field: null, message: 'This user no longer exists: someone may have removed them. Close this and check the list.' };
  }
  return { field: null, message: describeError(err) };
}

/** An error from deleteUser, as one sentence. */
export function describeRemoveError(err: unknown, username: string, isSelf: boolean): string {
  if (err instanceof ApiError && err.code === 'INVALID_STATE') {
    return isSelf
      ? 'You’re the only admin, and there must always be at least one. Add another admin first; then you can remove your own account.'
      : `${username} is the only admin, and there must always be at least one. Add another admin first, then remove ${username}.`;
  }
  if (err instanceof ApiError && err.code === 'NOT_FOUND') return `${username} was already removed.`;
  return describeError(err);
}
