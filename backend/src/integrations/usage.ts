/** The metering contract (core/usage.ts) and an in-memory recorder for the clients' unit tests. */
import type { ApiUsageEntry, UsageRecorder } from '../core/usage.js';

export type { ApiUsageEntry, UsageRecorder };

/** A recorder that keeps entries in memory (used by unit tests of the clients). */
export class MemoryUsageRecorder implements UsageRecorder {
  readonly entries: ApiUsageEntry[] = [];
  record(entry: ApiUsageEntry): void {
    this.entries.push(entry);
  }
}
