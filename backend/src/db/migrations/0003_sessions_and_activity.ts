/**
 * Issue 7: refresh tokens (a reviewer stays logged in through the working day; logout
 * and a password change end every one of a user's sessions) and file events (each
 * state change of a file, for the dashboard's activity feed).
 */
import type { Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));

  // Only a hash of each refresh token is stored: a copy of the database logs no one in.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();

  await db.schema
    .createTable('file_events')
    .addColumn('id', t.autoId, (c) => t.autoIdColumn(c))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('file_events_created').on('file_events').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('file_events_file').on('file_events').column('file_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_events').ifExists().execute();
  await db.schema.dropTable('refresh_tokens').ifExists().execute();
}
