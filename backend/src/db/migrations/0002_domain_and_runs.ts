/**
 * Issue 6: the attempt history (`job_runs`), who holds a running job (`jobs.worker`),
 * a draft's missed soft limits (`files.metadata_warnings_json`) and the Replicate
 * predictions a job started (`predictions`, so cancelling finds them without searching
 * checkpoint JSON).
 */
import type { Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));

  // One row per run of a job, written when the run ends (or is found lost), in the same
  // transaction as the job's own state change. Consecutive `later` runs of one job (a
  // prediction being polled) share one row: `runs` counts them, started_at is the
  // first start and ended_at the last end.
  await db.schema
    .createTable('job_runs')
    .addColumn('id', t.autoId, (c) => t.autoIdColumn(c))
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('worker', 'text')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('ended_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_runs_job').on('job_runs').columns(['job_id', 'id']).execute();

  await db.schema.alterTable('jobs').addColumn('worker', 'text').execute();
  await db.schema.alterTable('files').addColumn('metadata_warnings_json', 'text').execute();

  await db.schema
    .createTable('predictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('predictions_job').on('predictions').column('job_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('predictions').ifExists().execute();
  await db.schema.alterTable('files').dropColumn('metadata_warnings_json').execute();
  await db.schema.alterTable('jobs').dropColumn('worker').execute();
  await db.schema.dropTable('job_runs').ifExists().execute();
}
