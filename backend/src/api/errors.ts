/**
 * Every API error is `{detail, error_code, timestamp}` (+ context fields such as
 * job_id for duplicates) with a stable upper-case code. Services throw domain errors
 * (core/errors.ts); this one handler maps them to HTTP. Never a stack trace to a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type DomainErrorCode } from '../core/errors.js';

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'INVALID_STATE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: ErrorCode,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function errorBody(errorCode: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
  return { detail, error_code: errorCode, timestamp: new Date().toISOString(), ...extra };
}

/** The HTTP status of each domain error (core/errors.ts). */
const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  VALIDATION_ERROR: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DUPLICATE: 409,
  INVALID_STATE: 409,
};

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) return new ApiError(DOMAIN_STATUS[err.code], err.code, err.message, err.context);
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const issues = fe.validation.map((v) => {
      const where = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : fe.validationContext ?? 'body';
      const params = v.params as { issue?: { code?: string; keys?: string[] } };
      if (params?.issue?.code === 'unrecognized_keys') return `${where}: unknown field(s) ${params.issue.keys?.join(', ')}`;
      return `${where}: ${v.message}`;
    });
    return new ApiError(400, 'VALIDATION_ERROR', issues.join('; '));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send JSON (content-type: application/json)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'VALIDATION_ERROR', 'request body is not valid JSON');
  }
  if (fe.statusCode === 429) return new ApiError(429, 'RATE_LIMITED', 'too many requests; try again later');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new ApiError(fe.statusCode, 'VALIDATION_ERROR', fe.message);
  return new ApiError(500, 'INTERNAL_ERROR', 'internal error');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply: FastifyReply) => {
    const api = toApiError(err);
    if (api.errorCode === 'INTERNAL_ERROR') req.log.error({ err }, 'request failed');
    void reply.status(api.statusCode).send(errorBody(api.errorCode, api.message, api.extra));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
}
