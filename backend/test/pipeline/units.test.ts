/** The pipeline's pure parts: metadata parsing and edits, payload hashing, listing shapes, missing integrations. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { descriptionHtml, productHandle, productTags } from '../../src/commands/createListing.js';
import { buildPipelineDeps, need } from '../../src/pipeline/deps.js';
import { canonicalJson, payloadHash } from '../../src/domain/files/ingest.js';
import { applyEdits, metadataSchema, softLimitWarnings } from '../../src/domain/files/metadata.js';
import { buildPrompt, MetadataInvalidError, parseModelOutput } from '../../src/pipeline/metadataDraft.js';
import { defaultMetadataJson } from '../../src/standins/replicate.js';
import { PermanentError, RetryableError } from '../../src/core/outcomes.js';
import { TEST_SECRET } from '../helpers/stack.js';

const good = defaultMetadataJson('Species: "Barn Owl"\n');
const tokens = (s: string) => s.match(/[\s\S]{1,3}/g)!;

describe('model output', () => {
  it('joins token lists, tolerates code fences and chatter, and validates', () => {
    const m = parseModelOutput(tokens(`Here you go:\n\`\`\`json\n${good}\n\`\`\`\nEnjoy!`));
    expect(m.species).toBe('Barn Owl');
    expect(m.filename).toBe('barn-owl-morning-light.jpg');
    expect(metadataSchema.safeParse(m).success).toBe(true);
  });

  it('refuses anything half-formed with a retryable METADATA_INVALID naming the problem', () => {
    const doc = JSON.parse(good);
    const cases: [unknown, RegExp][] = [
      [tokens('no json here'), /no JSON object/],
      [tokens('{"species": "Owl",'), /no JSON object|not valid JSON/],
      [[JSON.stringify({ ...doc, hashtags: '#owl #barnowl' })], /hashtags/],
      [[JSON.stringify({ ...doc, description: '  ' })], /description: must not be empty/],
      [[JSON.stringify({ ...doc, filename: 'owl.jpg' })], /filename: must start with the species/],
      [[JSON.stringify({ ...doc, captions: { instagram: 'x' } })], /captions/],
      [[JSON.stringify({ ...doc, hashtags: [...doc.hashtags.slice(0, 20), doc.hashtags[0]] })], /must not repeat/],
      [42, /not text/],
    ];
    for (const [output, message] of cases) {
      let err: unknown;
      try {
        parseModelOutput(output);
      } catch (e) {
        err = e;
      }
      expect(err, String(message)).toBeInstanceOf(MetadataInvalidError);
      expect(err).toBeInstanceOf(RetryableError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('a well-formed draft that misses a soft limit parses (and is flagged by softLimitWarnings)', () => {
    const doc = JSON.parse(good);
    const m = parseModelOutput([JSON.stringify({ ...doc, hashtags: doc.hashtags.slice(0, 5), description: 'Too short.' })]);
    expect(softLimitWarnings(m)).toEqual(['the description has 2 words; it needs 100–200', 'there are 5 hashtags; it needs 20–30']);
  });

  it('the prompt names a known species on its own line and no other "species…:" pattern', () => {
    const known = buildPrompt({ originalFilename: 'a.jpg', species: 'Red Kite', ratioFamily: '3:2', orientation: 'landscape' });
    expect(known).toContain('Species: "Red Kite"');
    const unknown = buildPrompt({ originalFilename: 'a.jpg', species: null, ratioFamily: null, orientation: 'square' });
    expect(unknown).not.toMatch(/species[^:\n]*:/i);
  });

  it('reviewer edits are merged and diffed', () => {
    const m = parseModelOutput([good]);
    const { merged, changes } = applyEdits(m, { title: 'New title here', captions: { tiktok: 'New tiktok' } });
    expect(merged).toMatchObject({ title: 'New title here', captions: { tiktok: 'New tiktok', instagram: m.captions.instagram } });
    expect(Object.keys(changes).sort()).toEqual(['captions', 'title']);
    expect(applyEdits(m, {}).changes).toEqual({});
  });
});

describe('ingest and listing helpers', () => {
  it('hashes payloads canonically (key order does not matter, values do)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(payloadHash({ file_id: 'x', filename: 'a' })).toBe(payloadHash({ filename: 'a', file_id: 'x' }));
    expect(payloadHash({ file_id: 'x', filename: 'a' })).not.toBe(payloadHash({ file_id: 'x', filename: 'b' }));
  });

  it('builds escaped HTML, deduplicated tags with the file tag, and a per-file handle', () => {
    expect(descriptionHtml('A <b> & "c"\n\nSecond')).toBe('<p>A &lt;b&gt; &amp; &quot;c&quot;</p><p>Second</p>');
    const m = parseModelOutput([good]);
    const tags = productTags({ ...m, hashtags: ['#owl', '#Owl', ...m.hashtags.slice(2)] }, 'f1');
    expect(tags.filter((t) => t.toLowerCase() === 'owl')).toHaveLength(1);
    expect(tags).toContain('Barn Owl');
    expect(tags).toContain('ff-file-f1');
    expect(productHandle(m, '0123456789abcdef')).toBe('barn-owl-in-morning-light-canvas-print-01234567');
  });

  it('a missing integration is a permanent INTEGRATION_NOT_CONFIGURED failure', async () => {
    const config = loadConfig({ JWT_SECRET: TEST_SECRET, DEMO_MODE: 'false', LOG_LEVEL: 'silent' });
    const deps = await buildPipelineDeps({ config, db: null as never, log: { warn() {} } as never, jobs: null as never });
    for (const key of ['drive', 'replicate', 'shopify'] as const) {
      expect(() => need(deps, key)).toThrow(PermanentError);
      try {
        need(deps, key);
      } catch (e) {
        expect((e as PermanentError).code).toBe('INTEGRATION_NOT_CONFIGURED');
      }
    }
  });
});
