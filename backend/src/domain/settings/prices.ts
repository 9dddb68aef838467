/**
 * Price table: canonical size key ("SHORTxLONG", e.g. "12x18") → price in USD.
 *
 * Defaults follow price ≈ 26.25 + 0.1953 × area (sq in), rounded to the nearest $5,
 * which puts the smallest 3:2 canvas (8x12) at $45 and the largest (40x60) at $495;
 * written out literally so the Settings page and reviewers see plain numbers.
 *
 * `PRICE_TABLE` (SPEC §5) overrides entries: JSON object of size → price. Keys may be
 * written in either orientation or with "X"/"×" ("18x12", "18 × 12"); they are
 * normalised to the canonical key. Prices must be positive numbers (or numeric
 * strings such as "49.00"); anything else is refused with a message naming PRICE_TABLE.
 */

export type PriceTable = Readonly<Record<string, number>>;

export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze({
  // 3:2
  '8x12': 45, '12x18': 70, '16x24': 100, '20x30': 145, '24x36': 195, '32x48': 325, '40x60': 495,
  // 1:1
  '6x6': 35, '8x8': 40, '10x10': 45, '12x12': 55, '14x14': 65, '16x16': 75, '18x18': 90,
  '20x20': 105, '22x22': 120, '24x24': 140, '26x26': 160, '28x28': 180, '30x30': 200,
  '34x34': 250, '37x37': 295,
  // 4:3
  '9x12': 45, '12x16': 65, '18x24': 110, '24x32': 175, '30x40': 260,
  // 2:1
  '10x20': 65, '12x24': 85, '15x30': 115, '20x40': 185, '24x48': 250, '30x60': 380,
  // 3:1
  '12x36': 110, '16x48': 175, '20x60': 260,
});

/** "18 × 12" → "12x18"; throws on anything that is not two positive numbers. */
export function canonicalSizeKey(text: string): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) throw new Error(`PRICE_TABLE: size "${text}" is not like "12x18"`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!(a > 0 && b > 0)) throw new Error(`PRICE_TABLE: size "${text}" has a zero side`);
  return `${Math.min(a, b)}x${Math.max(a, b)}`;
}

function toPrice(key: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new Error(`PRICE_TABLE: price for "${key}" must be a positive number, got ${JSON.stringify(value)}`);
  }
  return Math.round(n * 100) / 100;
}

/** Defaults with the override applied on top (override keys win). */
export function buildPriceTable(overrideJson?: string | Record<string, unknown> | null): PriceTable {
  const table: Record<string, number> = { ...DEFAULT_PRICE_TABLE };
  if (overrideJson == null || (typeof overrideJson === 'string' && overrideJson.trim() === '')) {
    return Object.freeze(table);
  }
  let parsed: unknown = overrideJson;
  if (typeof overrideJson === 'string') {
    try {
      parsed = JSON.parse(overrideJson);
    } catch {
      throw new Error('PRICE_TABLE is not valid JSON (expected e.g. {"12x18": 79})');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('PRICE_TABLE must be a JSON object of size → price, e.g. {"12x18": 79}');
  }
  for (const [rawKey, value] of Object.entries(parsed as Record<string, unknown>)) {
    const key = canonicalSizeKey(rawKey);
    table[key] = toPrice(rawKey, value);
  }
  return Object.freeze(table);
}

/** Price for a canonical key or display label in either orientation; undefined when not priced. */
export function priceFor(table: PriceTable, size: string): number | undefined {
  return table[canonicalSizeKey(size)];
}
