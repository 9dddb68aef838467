/** Reviews: read side of the decision audit (decisions are written by the file service, in the decision's transaction). */
import type { Db } from '../../db/connection.js';
import { reviewsOfFiles, type Review } from './repository.js';

export type { Review };

export class ReviewService {
  constructor(private readonly db: Db) {}

  ofFiles(fileIds: readonly string[]): Promise<Review[]> {
    return reviewsOfFiles(this.db, fileIds);
  }
}
