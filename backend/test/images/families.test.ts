import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FAMILIES,
  buildFamilies,
  canonicalKey,
  chooseScale,
  classifyRatio,
  effectiveDpi,
  largestSize,
  offeredSizes,
  type Family,
} from '../../src/images/families.js';
import { DEFAULT_PRICE_TABLE, buildPriceTable, priceFor } from '../../src/domain/settings/prices.js';

const fam = (id: string): Family => {
  const f = DEFAULT_FAMILIES.find((x) => x.id === id);
  if (!f) throw new Error(`no family ${id}`);
  return f;
};

describe('default families table', () => {
  it('has the sizes the spec names', () => {
    const counts = Object.fromEntries(DEFAULT_FAMILIES.map((f) => [f.id, f.sizes.length]));
    expect(counts).toEqual({ '3:2': 7, '1:1': 15, '4:3': 5, '2:1': 6, '3:1': 3 });
    expect(canonicalKey(fam('1:1').sizes[0]!)).toBe('6x6');
    expect(canonicalKey(largestSize(fam('1:1')))).toBe('37x37');
    expect(canonicalKey(fam('4:3').sizes[0]!)).toBe('9x12');
    expect(canonicalKey(largestSize(fam('4:3')))).toBe('30x40');
    expect(canonicalKey(fam('2:1').sizes[0]!)).toBe('10x20');
    expect(canonicalKey(largestSize(fam('2:1')))).toBe('30x60');
    expect(canonicalKey(largestSize(fam('3:1')))).toBe('20x60');
    expect(canonicalKey(largestSize(fam('3:2')))).toBe('40x60');
  });

  it('every size has its family ratio exactly', () => {
    for (const f of DEFAULT_FAMILIES) for (const s of f.sizes) expect(s.longIn / s.shortIn).toBeCloseTo(f.ratio, 9);
  });
});

describe('classifyRatio', () => {
  const cases: Array<[number, number, string]> = [
    [3000, 2000, '3:2'],
    [2000, 3000, '3:2'],
    [2000, 2000, '1:1'],
    [4000, 3000, '4:3'],
    [3000, 4000, '4:3'],
    [4000, 2000, '2:1'],
    [2000, 4000, '2:1'],
    [6000, 2000, '3:1'],
    [2000, 6000, '3:1'],
  ];
  it.each(cases)('%i×%i → %s', (w, h, id) => {
    expect(classifyRatio(w, h)?.id).toBe(id);
  });

  it('accepts exactly 2 % and refuses just beyond, on both sides', () => {
    expect(classifyRatio(1530, 1000)?.id).toBe('3:2'); // 1.53 = 1.5 × 1.02
    expect(classifyRatio(1000, 1530)?.id).toBe('3:2');
    expect(classifyRatio(1531, 1000)).toBeNull(); // +2.07 %
    expect(classifyRatio(1470, 1000)?.id).toBe('3:2'); // 1.47 = 1.5 × 0.98
    expect(classifyRatio(1469, 1000)).toBeNull(); // −2.07 %
    expect(classifyRatio(1020, 1000)?.id).toBe('1:1');
    expect(classifyRatio(1021, 1000)).toBeNull();
    expect(classifyRatio(3060, 1000)?.id).toBe('3:1');
    expect(classifyRatio(3061, 1000)).toBeNull();
  });

  it('unsupported ratios and degenerate sizes → null', () => {
    expect(classifyRatio(2300, 2000)).toBeNull(); // 1.15
    expect(classifyRatio(5000, 4000)).toBeNull(); // 5:4
    expect(classifyRatio(7000, 2000)).toBeNull(); // 3.5:1
    expect(classifyRatio(0, 100)).toBeNull();
  });
});

describe('DPI and offered sizes', () => {
  it('effective DPI is the weaker side', () => {
    expect(effectiveDpi(3000, 2000, { shortIn: 8, longIn: 12 })).toBe(250);
    expect(effectiveDpi(3060, 2000, { shortIn: 12, longIn: 18 })).toBeCloseTo(2000 / 12, 9);
  });

  it('3000×2000 at 150 dpi offers 8x12 and 12x18, labelled in landscape', () => {
    const sizes = offeredSizes(fam('3:2'), 3000, 2000, 150);
    expect(sizes).toEqual([
      { label: '12x8', key: '8x12', widthIn: 12, heightIn: 8, dpi: 250 },
      { label: '18x12', key: '12x18', widthIn: 18, heightIn: 12, dpi: 166 },
    ]);
  });

  it('portrait labels put the short side first', () => {
    expect(offeredSizes(fam('3:2'), 2000, 3000, 150).map((s) => s.label)).toEqual(['8x12', '12x18']);
  });

  it('a size exactly at the minimum is offered, a hair below is not', () => {
    expect(offeredSizes(fam('3:2'), 3600, 2400, 150).map((s) => s.key)).toContain('16x24');
    expect(offeredSizes(fam('3:2'), 3599, 2400, 150).map((s) => s.key)).not.toContain('16x24');
  });

  it('a larger minimum offers fewer sizes; tiny images none', () => {
    expect(offeredSizes(fam('3:2'), 3000, 2000, 200).map((s) => s.key)).toEqual(['8x12']);
    expect(offeredSizes(fam('1:1'), 500, 500, 150)).toEqual([]);
  });
});

describe('chooseScale', () => {
  it('1 when the original reaches the largest size', () => {
    expect(chooseScale(fam('3:2'), 9000, 6000, 150)).toBe(1);
    expect(chooseScale(fam('1:1'), 5550, 5550, 150)).toBe(1);
  });
  it('2 when doubling is enough, 4 otherwise', () => {
    expect(chooseScale(fam('3:2'), 6000, 4000, 150)).toBe(2);
    expect(chooseScale(fam('1:1'), 2775, 2775, 150)).toBe(2); // ×2 = 5550 = 37 in × 150
    expect(chooseScale(fam('1:1'), 2774, 2774, 150)).toBe(4);
    expect(chooseScale(fam('3:2'), 3000, 2000, 150)).toBe(4);
  });
  it('4 even when 4 does not reach', () => {
    expect(chooseScale(fam('3:2'), 1200, 800, 150)).toBe(4);
  });
  it('the minimum DPI matters', () => {
    expect(chooseScale(fam('3:2'), 6000, 4000, 100)).toBe(1);
  });
  it('an override wins; nonsense is refused', () => {
    expect(chooseScale(fam('3:2'), 9000, 6000, 150, 2)).toBe(2);
    expect(chooseScale(fam('3:2'), 6000, 4000, 150, 4)).toBe(4);
    expect(() => chooseScale(fam('3:2'), 6000, 4000, 150, 3 as never)).toThrow(/1, 2 or 4/);
  });
});

describe('buildFamilies', () => {
  it('without override equals the defaults', () => {
    expect(buildFamilies()).toEqual(DEFAULT_FAMILIES);
  });
  it('replaces, adds and removes families', () => {
    const f = buildFamilies('{"3:2": ["12x18", "8x12"], "5:4": ["8x10", "16x20"], "3:1": []}');
    expect(f.find((x) => x.id === '3:2')!.sizes.map(canonicalKey)).toEqual(['8x12', '12x18']);
    expect(classifyRatio(5000, 4000, f)?.id).toBe('5:4');
    expect(classifyRatio(6000, 2000, f)).toBeNull();
    expect(canonicalKey(largestSize(f.find((x) => x.id === '5:4')!))).toBe('16x20');
  });
  it('refuses bad input', () => {
    expect(() => buildFamilies('{nope')).toThrow(/JSON/);
    expect(() => buildFamilies('{"3:2": ["10x10"]}')).toThrow(/ratio/);
    expect(() => buildFamilies('{"square": ["10x10"]}')).toThrow(/ratio like/);
    expect(() => buildFamilies('[1]')).toThrow(/object/);
  });
});

describe('price table', () => {
  it('prices every default size, rising with area inside each family', () => {
    for (const f of DEFAULT_FAMILIES) {
      const prices = f.sizes.map((s) => DEFAULT_PRICE_TABLE[canonicalKey(s)]);
      for (const p of prices) expect(p).toBeGreaterThan(0);
      for (let i = 1; i < prices.length; i++) expect(prices[i]!).toBeGreaterThan(prices[i - 1]!);
    }
    expect(DEFAULT_PRICE_TABLE['8x12']).toBe(45);
    expect(DEFAULT_PRICE_TABLE['40x60']).toBe(495);
  });

  it('an override (either orientation, numeric strings) wins over the defaults', () => {
    const t = buildPriceTable('{"18x12": 79, "8 X 12": "49.50", "5x7": 19}');
    expect(t['12x18']).toBe(79);
    expect(t['8x12']).toBe(49.5);
    expect(t['5x7']).toBe(19);
    expect(t['40x60']).toBe(495);
    expect(priceFor(t, '18x12')).toBe(79);
    expect(priceFor(t, '99x99')).toBeUndefined();
    expect(buildPriceTable('')).toEqual(DEFAULT_PRICE_TABLE);
    expect(buildPriceTable({ '12x12': 60 })['12x12']).toBe(60);
  });

  it('refuses a bad override, naming PRICE_TABLE', () => {
    expect(() => buildPriceTable('{bad')).toThrow(/PRICE_TABLE/);
    expect(() => buildPriceTable('{"12x18": -5}')).toThrow(/PRICE_TABLE.*12x18/);
    expect(() => buildPriceTable('{"12x18": "cheap"}')).toThrow(/PRICE_TABLE/);
    expect(() => buildPriceTable('{"large": 10}')).toThrow(/PRICE_TABLE.*large/);
    expect(() => buildPriceTable('[]')).toThrow(/PRICE_TABLE/);
  });
});
