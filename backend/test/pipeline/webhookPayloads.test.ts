/**
 * The parts of pipeline/webhooks.ts with no server around them: the product id of a
 * Shopify products/* webhook, and the cached Replicate key (refetched after a rotation).
 */
import { describe, expect, it } from 'vitest';
import { productGid, ReplicateKey } from '../../src/pipeline/webhooks.js';

const gid = (text: string) => productGid(Buffer.from(text));

describe('productGid', () => {
  it('keeps every digit of an id beyond 2^53 (Shopify’s documented products/delete example), which JSON.parse would round', () => {
    expect(String(JSON.parse('{"id":788032119674292922}').id)).not.toBe('788032119674292922'); // what a plain parse loses
    expect(gid('{"id":788032119674292922}')).toBe('gid://shopify/Product/788032119674292922');
    expect(gid('{ "id" : 788032119674292922 }')).toBe('gid://shopify/Product/788032119674292922');
  });

  it('prefers admin_graphql_api_id, and reads only the top-level id (not a variant’s)', () => {
    expect(gid('{"variants":[{"id":1}],"id":42,"admin_graphql_api_id":"gid://shopify/Product/42"}')).toBe('gid://shopify/Product/42');
    expect(gid('{"variants":[{"id":1,"title":"\\"id\\": 7"}],"id":42}')).toBe('gid://shopify/Product/42');
  });

  it('is null for what is not a product payload', () => {
    for (const text of ['not json', '[]', '{"id":"abc"}', '{"title":"no id"}', '{"admin_graphql_api_id":"gid://shopify/Order/1"}']) expect(gid(text)).toBeNull();
  });
});

describe('ReplicateKey', () => {
  const secret = (byte: number) => `whsec_${Buffer.alloc(24, byte).toString('base64')}`;

  it('fetches the secret once; after a mismatch asks again at most once a minute, and gives a key only when it changed', async () => {
    let current = secret(1);
    let fetches = 0;
    let now = 1_000_000;
    const key = new ReplicateKey({ webhookSecret: async () => (fetches++, current) }, () => now);
    expect(await key.get()).toEqual(Buffer.alloc(24, 1));
    expect(await key.get()).toEqual(Buffer.alloc(24, 1));
    expect(fetches).toBe(1);

    current = secret(2); // rotated at Replicate
    now += 30_000;
    expect(await key.refreshed()).toBeNull(); // a forgery a second after a fetch does not make us ask again
    expect(fetches).toBe(1);
    now += 31_000;
    expect(await key.refreshed()).toEqual(Buffer.alloc(24, 2));
    expect(await key.get()).toEqual(Buffer.alloc(24, 2));
    expect(fetches).toBe(2);

    now += 61_000;
    expect(await key.refreshed()).toBeNull(); // asked again, but nothing changed: the signature was just wrong
    expect(fetches).toBe(3);
  });

  it('refuses a secret that is not a whsec_ key', async () => {
    const key = new ReplicateKey({ webhookSecret: async () => 'whsec_' });
    await expect(key.get()).rejects.toThrow(/not a whsec_ key/);
  });
});
