/** API usage: what each outbound call cost, read per file and per service (writes: recorder.ts). */
import type { Db } from '../../db/connection.js';
import { pruneUsage, usageOfFiles, type ServiceUsage } from './repository.js';

export type { ServiceUsage };

export class UsageService {
  constructor(private readonly db: Db) {}

  ofFiles(fileIds: readonly string[]): Promise<ServiceUsage[]> {
    return usageOfFiles(this.db, fileIds);
  }

  /** Retention (USAGE_RETENTION_DAYS). */
  prune(olderThanDays: number): Promise<number> {
    return pruneUsage(this.db, olderThanDays);
  }
}
