/**
 * Domain errors: what a service says when a request cannot be carried out. They know
 * nothing of HTTP or GraphQL; each transport maps them in one place (REST:
 * api/errors.ts, GraphQL: graphql/errors.ts) to its status and the stable upper-case
 * `code` below. Services never throw transport errors.
 *
 * `context` carries the fields a client needs to act on the error (the existing
 * job_id and file_id of a duplicate, the current status of an invalid transition).
 */

export type DomainErrorCode = 'NOT_FOUND' | 'INVALID_STATE' | 'DUPLICATE' | 'VALIDATION_ERROR' | 'FORBIDDEN';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (`what` names its kind: "job", "file", …). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
  }
}

/** The thing exists but is not in a state that allows this (e.g. approving a PUBLISHED file). */
export class InvalidStateError extends DomainError {
  readonly code = 'INVALID_STATE' as const;
  constructor(
    message: string,
    /** The current state, lower case as stored (presented upper case). */
    readonly state: string,
  ) {
    super(message, { status: state.toUpperCase() });
  }
}

/** Already recorded; `context` names what exists (e.g. `{job_id, file_id}`). */
export class DuplicateError extends DomainError {
  readonly code = 'DUPLICATE' as const;
}

/** Input that no retry will make valid (bad payload, bad cursor, invalid edits). */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_ERROR' as const;
}

/** The caller may not do this (beyond the role checks of the transports). */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}
