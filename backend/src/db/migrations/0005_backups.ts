/**
 * Issue 10: the record of each backup (CLI or schedule): when, how big, its SHA-256,
 * where it is (a file on disk, a Drive file id; null once retention removed it), and
 * how it went. Written once, when a backup ends, so a snapshot never holds a row of
 * its own backup still "running".
 */
import type { Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));
  await db.schema
    .createTable('backups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('local_path', 'text')
    .addColumn('drive_file_id', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('backups_created').on('backups').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backups').ifExists().execute();
}
