/**
 * JSON logs (pino). Secrets are redacted by key wherever they appear; a correlation
 * id (`request_id` for HTTP, `job_id` for jobs) is bound with `logger.child()`.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'password',
  'token',
  'access_token',
  'authorization',
  'secret',
  'private_key',
  '*.password',
  '*.token',
  '*.access_token',
  '*.authorization',
  '*.secret',
  '*.private_key',
  'req.headers.authorization',
  'headers.authorization',
  'config.JWT_SECRET',
  'config.ADMIN_PASSWORD',
  'config.REPLICATE_API_TOKEN',
  'config.SHOPIFY_API_SECRET',
  'config.SHOPIFY_ACCESS_TOKEN',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid, service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}
