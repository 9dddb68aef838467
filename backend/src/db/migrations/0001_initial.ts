/** All tables of SPEC §3, plus the engine's outbox and leases. */
import { sql, type Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_filename', 'text', (c) => c.notNull())
    .addColumn('processed_filename', 'text')
    .addColumn('species', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('drive_file_id', 'text')
    .addColumn('drive_url', 'text')
    .addColumn('content_checksum', 'text')
    .addColumn('metadata_json', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('aspect_ratio', t.double)
    .addColumn('ratio_family', 'text')
    .addColumn('offered_sizes_json', 'text')
    .addColumn('thumbnail', t.blob)
    .addColumn('processed_drive_file_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_status_created').on('files').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('files_created').on('files').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('files_species').on('files').column('species').execute();
  await db.schema.createIndex('files_checksum').on('files').column('content_checksum').execute();
  // A Drive file is recorded once.
  await db.schema
    .createIndex('files_drive_file_id')
    .on('files')
    .column('drive_file_id')
    .unique()
    .where(sql.ref('drive_file_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('command_type', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('checkpoint_json', 'text')
    .addColumn('run_id', 'text')
    .addColumn('run_after', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('started_at', t.timestamp)
    .addColumn('completed_at', t.timestamp)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_created').on('jobs').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('jobs_status_created').on('jobs').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('jobs_type_created').on('jobs').columns(['command_type', 'created_at', 'id']).execute();
  // Partial indexes: the hot path (insert, claim, complete) should not pay for rows
  // these queries never look at.
  await db.schema.createIndex('jobs_file').on('jobs').column('file_id').where(sql.ref('file_id'), 'is not', null).execute();
  await db.schema.createIndex('jobs_running_started').on('jobs').columns(['command_type', 'started_at']).where(sql.ref('status'), '=', 'running').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', t.autoId, (c) => t.autoIdColumn(c))
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('routing_key', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('available_at', t.timestamp, (c) => c.notNull())
    .addColumn('claimed_until', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_available').on('outbox').columns(['available_at', 'id']).execute();

  await db.schema
    .createTable('processed_hashes')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('processed_hashes_created').on('processed_hashes').column('created_at').execute();

  await db.schema
    .createTable('api_usage')
    .addColumn('id', t.autoId, (c) => t.autoIdColumn(c))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('request_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('rate_limit_remaining', t.double)
    .addColumn('rate_limit_reset_at', t.timestamp)
    .addColumn('cost_usd', t.double)
    .addColumn('job_id', 'text')
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_usage_service_time').on('api_usage').columns(['service', 'recorded_at']).execute();
  await db.schema.createIndex('api_usage_job').on('api_usage').column('job_id').execute();
  await db.schema.createIndex('api_usage_time').on('api_usage').column('recorded_at').execute();

  await db.schema
    .createTable('listings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_listing_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('listings_platform_listing', ['platform', 'platform_listing_id'])
    .addUniqueConstraint('listings_file_platform', ['file_id', 'platform'])
    .execute();

  await db.schema
    .createTable('social_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_post_id', 'text')
    .addColumn('caption', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('posted_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('social_posts_file').on('social_posts').column('file_id').execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changes_json', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_file').on('reviews').columns(['file_id', 'created_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'leases',
    'settings',
    'reviews',
    'social_posts',
    'listings',
    'api_usage',
    'processed_hashes',
    'outbox',
    'jobs',
    'files',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
