/** Listings: what the pipeline published where (SPEC §1 "Publish"). */
import type { Db } from '../../db/connection.js';
import { NotFoundError } from '../../core/errors.js';
import { applyStoreState, listingByPlatformId, listingOf, listingsOfFiles, updateListing, upsertListing, type Listing, type ListingInput } from './repository.js';

export type { Listing, ListingInput };

export class ListingService {
  constructor(private readonly db: Db) {}

  record(input: ListingInput): Promise<Listing> {
    return upsertListing(this.db, input);
  }

  find(fileId: string, platform: string): Promise<Listing | undefined> {
    return listingOf(this.db, fileId, platform);
  }

  async require(fileId: string, platform: string): Promise<Listing> {
    const l = await listingOf(this.db, fileId, platform);
    if (!l) throw new NotFoundError(`${platform} listing of file`, fileId);
    return l;
  }

  /** The listing of a platform's product, e.g. ('shopify', 'gid://shopify/Product/123'). */
  byPlatformId(platform: string, platformListingId: string): Promise<Listing | undefined> {
    return listingByPlatformId(this.db, platform, platformListingId);
  }

  /**
   * Record what the store says now (a Shopify webhook): status (active, draft, archived,
   * deleted), title and URL when known. A word older than the last one recorded changes
   * nothing (undefined).
   */
  applyStoreState(id: string, state: { status: string; title?: string | null; url?: string | null; at: string }): Promise<Listing | undefined> {
    return applyStoreState(this.db, id, state);
  }

  ofFiles(fileIds: readonly string[]): Promise<Listing[]> {
    return listingsOfFiles(this.db, fileIds);
  }

  /** Replace the listing's data (e.g. after new prices were pushed to its variants). */
  updateData(id: string, data: unknown): Promise<Listing | undefined> {
    return updateListing(this.db, id, { data_json: JSON.stringify(data ?? null) });
  }

  /** Note that the listing was pushed again (e.g. after an edit), optionally with a new status. */
  async touch(id: string, status?: string): Promise<Listing | undefined> {
    return updateListing(this.db, id, status ? { status } : {});
  }
}
