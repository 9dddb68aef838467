import { oneOf, searchSchema } from '../../lib/search';
import { isIsoDay, USAGE_PRESETS } from './range';

/** A UTC date YYYY-MM-DD, else undefined. */
const isoDay = (v: unknown): string | undefined => (isIsoDay(v) ? v : undefined);

/**
 * /usage?range=7d | /usage?from=2026-11-01&to=2026-11-30 (UTC days, both included).
 * No params: the last 30 days. Both dates win over `range`; one date alone is ignored.
 */
export const usageSearch = searchSchema({
  range: oneOf(USAGE_PRESETS),
  from: isoDay,
  to: isoDay,
});
export type UsageSearch = ReturnType<typeof usageSearch>;
