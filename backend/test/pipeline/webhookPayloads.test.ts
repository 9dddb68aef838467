/** Reading the product id of a Shopify products/* webhook (pipeline/webhooks.ts productGid). */
import { describe, expect, it } from 'vitest';
import { productGid } from '../../src/pipeline/webhooks.js';

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
