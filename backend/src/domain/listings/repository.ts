/** Listing rows: a file's product on a sales channel (UNIQUE file + platform, and platform + platform id). */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { ListingsTable } from '../../db/schema.js';
import { nowIso } from '../../time.js';

export type Listing = Selectable<ListingsTable>;

export interface ListingInput {
  fileId: string;
  platform: string;
  platformListingId: string;
  url: string | null;
  status: string;
  data: unknown;
}

/** Insert or refresh the file's listing on a platform (idempotent: a retry updates the same row). */
export async function upsertListing(db: Db, l: ListingInput): Promise<Listing> {
  const now = nowIso();
  const data_json = l.data === undefined ? null : JSON.stringify(l.data);
  return db
    .insertInto('listings')
    .values({ id: randomUUID(), file_id: l.fileId, platform: l.platform, platform_listing_id: l.platformListingId, url: l.url, status: l.status, data_json, title: null, store_updated_at: null, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['file_id', 'platform']).doUpdateSet({ platform_listing_id: l.platformListingId, url: l.url, status: l.status, data_json, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listingOf(db: Db, fileId: string, platform: string): Promise<Listing | undefined> {
  return db.selectFrom('listings').selectAll().where('file_id', '=', fileId).where('platform', '=', platform).executeTakeFirst();
}

/** Listings of these files, newest first. */
export async function listingsOfFiles(db: Db, fileIds: readonly string[]): Promise<Listing[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('listings').selectAll().where('file_id', 'in', [...fileIds]).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** The listing of a platform's product (UNIQUE platform + platform id). */
export async function listingByPlatformId(db: Db, platform: string, platformListingId: string): Promise<Listing | undefined> {
  return db.selectFrom('listings').selectAll().where('platform', '=', platform).where('platform_listing_id', '=', platformListingId).executeTakeFirst();
}

/**
 * What the store says about the product now: status, and title and URL when it sent them.
 * Conditional on `at` being newer than the last word recorded (webhooks arrive out of order);
 * undefined when the listing is unknown or the word is older.
 */
export async function applyStoreState(
  db: Db,
  id: string,
  s: { status: string; title?: string | null; url?: string | null; at: string },
): Promise<Listing | undefined> {
  return db
    .updateTable('listings')
    .set({
      status: s.status,
      ...(s.title !== undefined ? { title: s.title } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
      store_updated_at: s.at,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('store_updated_at', 'is', null), eb('store_updated_at', '<=', s.at)]))
    .returningAll()
    .executeTakeFirst();
}

export async function updateListing(db: Db, id: string, patch: Partial<Pick<ListingsTable, 'status' | 'url' | 'data_json'>>): Promise<Listing | undefined> {
  return db.updateTable('listings').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).returningAll().executeTakeFirst();
}
