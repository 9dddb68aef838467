/**
 * Metering: every outbound call to a third-party service, success or failure, is one
 * `api_usage` row. Integration clients report each HTTP request they make (token
 * grants included) to a UsageRecorder; the domain's recorder stores them.
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
