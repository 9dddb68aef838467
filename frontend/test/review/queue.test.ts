/** Moving through the queue, hiding what was decided here until the API's list catches up, and signed-URL expiry. */
import { describe, expect, it } from 'vitest';
import { expiresSoon, signedUrlExpiry } from '../../src/features/review/logic/preview';
import { afterDecision, neighbour, visibleIds } from '../../src/features/review/logic/queue';

describe('the queue', () => {
  const list = ['a', 'b', 'c'];

  it('next / previous, and nothing past either end', () => {
    expect(neighbour(list, 'a', 1)).toBe('b');
    expect(neighbour(list, 'c', 1)).toBeNull();
    expect(neighbour(list, 'a', -1)).toBeNull();
    expect(neighbour(list, 'c', -1)).toBe('b');
    // opened by link, not in the queue: Next goes to the queue's first
    expect(neighbour(list, 'x', 1)).toBe('a');
    expect(neighbour(list, 'x', -1)).toBeNull();
  });

  it('after a decision: the one after it; at the end, the first left (newcomers are at the top); none left: null', () => {
    expect(afterDecision(list, 'a')).toBe('b');
    expect(afterDecision(list, 'b')).toBe('c');
    expect(afterDecision(list, 'c')).toBe('a');
    expect(afterDecision(['a'], 'a')).toBeNull();
    expect(afterDecision(list, 'x')).toBe('a');
  });

  it('hides an artwork decided here until a list fetched after the decision', () => {
    const decided = new Map([['b', 1000]]);
    expect(visibleIds({ ids: list, startedAt: 900 }, decided)).toEqual(['a', 'c']);
    // fetched after the decision and still listed: the API says it waits again (reprocessed)
    expect(visibleIds({ ids: list, startedAt: 1100 }, decided)).toEqual(['a', 'b', 'c']);
    expect(visibleIds(undefined, decided)).toEqual([]);
  });
});

describe('signed preview URLs', () => {
  const url = (exp: number) => `/api/files/f/preview?exp=${exp}&sig=abc`;
  it('reads the expiry and says when it is (nearly) over', () => {
    expect(signedUrlExpiry(url(1_800_000_000))).toBe(1_800_000_000_000);
    expect(signedUrlExpiry('/no-signature')).toBeNull();
    const now = 1_800_000_000_000;
    expect(expiresSoon(url(now / 1000 + 300), now)).toBe(false);
    expect(expiresSoon(url(now / 1000 + 30), now)).toBe(true);
    expect(expiresSoon(url(now / 1000 - 1), now)).toBe(true);
    expect(expiresSoon(null, now)).toBe(false);
  });
});
