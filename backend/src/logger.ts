/**
 * Logs (pino): JSON lines, as production wants them; readable lines (pino-pretty, in
 * process) when stdout is a terminal — `npm start` typed by a person. Secrets are
 * redacted by key wherever they appear; a correlation id (`request_id` for HTTP,
 * `job_id` for jobs) is bound with `logger.child()`.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  }, process.stdout.isTTY ? pretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' }) : undefined);
}
