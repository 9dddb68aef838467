import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../src/core/ids.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version-7 UUID carrying its millisecond', () => {
    const id = uuidv7(Date.UTC(2026, 11, 1, 8, 0, 0, 123));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 1, 8, 0, 0, 123));
    expect(z.string().uuid().safeParse(id).success).toBe(true);
  });

  it('sorts by creation time and never repeats', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(1_800_000_000_000 + Math.floor(i / 10)));
    expect([...ids].sort()).toEqual(ids.slice().sort((a, b) => a.slice(0, 13).localeCompare(b.slice(0, 13)) || a.localeCompare(b)));
    for (let i = 10; i < ids.length; i += 10) expect(ids[i] > ids[i - 1]).toBe(true); // a later millisecond sorts after
    expect(new Set(ids).size).toBe(ids.length);
  });
  // Last: it moves the process's clock floor past the other tests' milliseconds.
  it('sorts in the order made, within one millisecond too', () => {
    const ms = 1_900_000_000_000;
    const ids = Array.from({ length: 6000 }, () => uuidv7(ms)); // more than the 4,096 a millisecond counts
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(ms - 5) > ids[ids.length - 1]).toBe(true); // a clock step back still sorts after
  });

});
