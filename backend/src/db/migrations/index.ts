/**
 * The migrations, in order. A static list (not a directory scan) so they load the
 * same way under tsx, vitest and a bundler. `migrate create <name>` adds to it.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_domain_and_runs.js';
import * as m0003 from './0003_sessions_and_activity.js';
import * as m0004 from './0004_read_models.js';
import * as m0005 from './0005_backups.js';
import * as m0006 from './0006_webhooks.js';
import * as m0007 from './0007_lean_job_indexes.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_domain_and_runs': m0002,
  '0003_sessions_and_activity': m0003,
  '0004_read_models': m0004,
  '0005_backups': m0005,
  '0006_webhooks': m0006,
  '0007_lean_job_indexes': m0007,
};
