import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoArtworkSet, generateArtwork } from '../../src/images/demoArt.js';
import { classifyRatio } from '../../src/images/families.js';

describe('generateArtwork', () => {
  it('makes a JPEG of the asked size, the same for the same seed', async () => {
    const a = await generateArtwork({ width: 600, height: 400, seed: 7, label: 'Field & Fen <demo>' });
    const b = await generateArtwork({ width: 600, height: 400, seed: 7, label: 'Field & Fen <demo>' });
    const c = await generateArtwork({ width: 600, height: 400, seed: 8 });
    const m = await sharp(a).metadata();
    expect([m.format, m.width, m.height, m.channels]).toEqual(['jpeg', 600, 400, 3]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('is a picture, not a flat fill', async () => {
    const stats = await sharp(await generateArtwork({ width: 400, height: 400, seed: 'x' })).stats();
    for (const ch of stats.channels.slice(0, 3)) expect(ch.max - ch.min).toBeGreaterThan(60);
  });

  it('refuses nonsense sizes', async () => {
    await expect(generateArtwork({ width: 0, height: 10, seed: 1 })).rejects.toThrow(RangeError);
  });
});

describe('demoArtworkSet', () => {
  it('covers every family (3:2 both ways) and exactly one unsupported ratio', async () => {
    const set = await demoArtworkSet({ scale: 0.25 });
    const names = set.map((a) => a.filename);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+\.jpg$/);
    expect(names).toContain('heron-at-dawn.jpg');

    const families: Array<string | null> = [];
    for (const a of set) {
      const m = await sharp(a.buffer).metadata();
      expect([m.width, m.height]).toEqual([a.width, a.height]);
      const fam = classifyRatio(a.width, a.height)?.id ?? null;
      expect(fam).toBe(a.expectedFamily);
      expect(a.species.length).toBeGreaterThan(2);
      families.push(fam);
    }
    expect(families.filter((f) => f === null)).toHaveLength(1);
    expect(new Set(families.filter(Boolean))).toEqual(new Set(['3:2', '1:1', '4:3', '2:1', '3:1']));
    expect(set.some((a) => a.expectedFamily === '3:2' && a.width > a.height)).toBe(true);
    expect(set.some((a) => a.expectedFamily === '3:2' && a.width < a.height)).toBe(true);
  });

  it('full-size demo images are modest (1200–2400 px long side)', async () => {
    const set = await demoArtworkSet();
    for (const a of set) {
      expect(Math.max(a.width, a.height)).toBeGreaterThanOrEqual(1200);
      expect(Math.max(a.width, a.height)).toBeLessThanOrEqual(2400);
    }
  });
});
