/**
 * Every outbound call to a third-party service, success or failure, is metered
 * into `api_usage`. Integration clients receive a UsageRecorder and call it once
 * per HTTP request they make (token grants included).
 */
export interface ApiUsageEntry {
  service: 'google_drive' | 'replicate' | 'shopify' | string;
  endpoint: string; // e.g. "POST /v1/predictions" or "graphql productCreate"
  statusCode: number | null; // null when no answer came (network error, timeout)
  durationMs: number;
  rateLimitRemaining?: number | null;
  rateLimitResetAt?: string | null; // ISO-8601 UTC
  costUsd?: number | null;
  jobId?: string | null;
}

export interface UsageRecorder {
  record(entry: ApiUsageEntry): void | Promise<void>;
}

/** A recorder that keeps entries in memory (used by unit tests of the clients). */
export class MemoryUsageRecorder implements UsageRecorder {
  readonly entries: ApiUsageEntry[] = [];
  record(entry: ApiUsageEntry): void {
    this.entries.push(entry);
  }
}
