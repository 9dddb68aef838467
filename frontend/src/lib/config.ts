/**
 * Runtime configuration: read at start from `/config.json` (served by the API from its
 * environment), so one build serves every deployment. Missing or unreadable → the
 * defaults: the API on the origin that served the page.
 */
export interface RuntimeConfig {
  /** Where the API is; '' = this origin. No trailing slash. */
  apiBase: string;
  appName: string;
  /** The address people use (absolute links), when the deployment names one. */
  publicBaseUrl: string | null;
}

export const DEFAULT_CONFIG: RuntimeConfig = { apiBase: '', appName: 'Field & Fen', publicBaseUrl: null };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Merge what /config.json said over the defaults, ignoring fields of the wrong type. */
export function parseConfig(raw: unknown): RuntimeConfig {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    apiBase: (str(o.apiBase) ?? DEFAULT_CONFIG.apiBase).replace(/\/+$/, ''),
    appName: str(o.appName)?.trim() || DEFAULT_CONFIG.appName,
    publicBaseUrl: str(o.publicBaseUrl) ?? null,
  };
}

export async function loadConfig(fetchFn: typeof fetch = fetch, timeoutMs = 5000): Promise<RuntimeConfig> {
  try {
    const res = await fetchFn('/config.json', { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return DEFAULT_CONFIG;
    return parseConfig(await res.json());
  } catch {
    return DEFAULT_CONFIG;
  }
}
