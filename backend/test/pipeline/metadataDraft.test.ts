/**
 * Metadata drafts (SPEC §1 Metadata): a hard fault is retried with the errors given back
 * to the model; a draft that only misses a soft limit gets one repair and then reaches
 * review with its shortfalls listed; never more predictions than the job's budget.
 * Unit tests of the limits and prompts first, then the pipeline (stand-ins, RabbitMQ,
 * SQLite) with RETRY_MAX_ATTEMPTS=5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataSchema, softLimitWarnings, wordCount, type Metadata } from '../../src/domain/files/metadata.js';
import { buildPrompt, buildRepairPrompt, buildRetryPrompt, parseModelOutput } from '../../src/pipeline/metadataDraft.js';
import { defaultMetadataJson, FAKE_TEXT_MODEL } from '../../src/standins/replicate.js';
import { call } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from './harness.js';

const promptOf = (input: Record<string, unknown>) => String(input.prompt ?? '');
const defaultDoc = (prompt = 'Species: "Barn Owl"\n') => JSON.parse(defaultMetadataJson(prompt)) as Metadata;
/** The stand-in's default draft with a description of exactly `words` words. */
function withWords(doc: Metadata, words: number): Metadata {
  const pool = doc.description.split(/\s+/);
  const description = Array.from({ length: words }, (_, i) => pool[i % pool.length]).join(' ');
  return { ...doc, description };
}
const input = { originalFilename: 'barn-owl.jpg', species: 'Barn Owl', ratioFamily: '3:2', orientation: 'landscape' as const };

describe('soft limits', () => {
  it('a default draft meets them all', () => {
    expect(softLimitWarnings(parseModelOutput([defaultMetadataJson('Species: "Barn Owl"\n')]))).toEqual([]);
  });

  it('names each shortfall with the numbers', () => {
    const doc = defaultDoc();
    const m: Metadata = {
      ...withWords(doc, 90),
      title: 'T'.repeat(84),
      hashtags: doc.hashtags.slice(0, 18),
      captions: { ...doc.captions, pinterest: 'p'.repeat(600) },
    };
    expect(softLimitWarnings(m)).toEqual([
      'the description has 90 words; it needs 100–200',
      'there are 18 hashtags; it needs 20–30',
      'the title has 84 characters; it needs 5–70 (ideally at most 60)',
      'the pinterest caption has 600 characters; it needs at most 500',
    ]);
    expect(softLimitWarnings({ ...withWords(doc, 201), hashtags: [...doc.hashtags, ...Array.from({ length: 7 }, (_, i) => `#extra${i}`)] })).toEqual([
      'the description has 201 words; it needs 100–200',
      'there are 31 hashtags; it needs 20–30',
    ]);
    expect(softLimitWarnings(withWords(doc, 100))).toEqual([]);
    expect(softLimitWarnings(withWords(doc, 200))).toEqual([]);
  });

  it('are guidance, not structure: the hard schema (also a reviewer\'s) accepts a draft that misses them', () => {
    const doc = defaultDoc();
    expect(metadataSchema.safeParse({ ...withWords(doc, 12), hashtags: doc.hashtags.slice(0, 3), title: 'Owl' }).success).toBe(true);
    expect(metadataSchema.safeParse({ ...doc, description: '' }).success).toBe(false);
    expect(metadataSchema.safeParse({ ...doc, title: 'x'.repeat(256) }).success).toBe(false); // Shopify's limit
    const { captions, ...noCaptions } = doc;
    expect(metadataSchema.safeParse(noCaptions).success).toBe(false);
    expect(captions).toBeTruthy();
  });
});

describe('prompts', () => {
  it('the first prompt states the limits', () => {
    const p = buildPrompt(input);
    expect(p).toContain('100 to 200 words');
    expect(p).toContain('20 to 30 distinct hashtags');
    expect(p).toContain('ideally at most 60 characters, never more than 70');
    expect(p).not.toMatch(/previous/);
  });

  it('the retry prompt gives the errors back and asks for only the JSON object', () => {
    const p = buildRetryPrompt(input, ['output contains no JSON object', 'captions: Required']);
    expect(p.startsWith(buildPrompt(input))).toBe(true);
    expect(p).toContain('Your previous answer was invalid:\n- output contains no JSON object\n- captions: Required\nAnswer again with only the JSON object.');
  });

  it('the repair prompt holds the previous draft and its shortfalls', () => {
    const draft = withWords(defaultDoc(), 90);
    const p = buildRepairPrompt(input, draft, softLimitWarnings(draft));
    expect(p.startsWith(buildPrompt(input))).toBe(true);
    expect(p).toContain(JSON.stringify(draft, null, 2));
    expect(p).toContain('- the description has 90 words; it needs 100–200');
    expect(p).toMatch(/Answer again with only the JSON object\.$/);
    // The known-species line still comes first (what a model, or the stand-in, reads).
    expect(p.indexOf('Species: "Barn Owl"')).toBeLessThan(p.indexOf('"species"'));
  });
});

describe('in the pipeline', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline({ env: { RETRY_MAX_ATTEMPTS: '5' } });
  });
  afterAll(async () => {
    await p?.close();
  });

  const texts = () => p.replicate.predictions.filter((x) => x.model === FAKE_TEXT_MODEL);
  /** A scripted answer: the default draft for the prompt, changed by `f`. */
  const answer = (f: (doc: Metadata) => Metadata) => (i: Record<string, unknown>) => JSON.stringify(f(JSON.parse(defaultMetadataJson(promptOf(i)))));
  const short = answer((doc) => withWords(doc, 90));

  async function ingest(name: string) {
    const driveId = await p.drop(name);
    const r = await call(p.api.url, 'POST', '/webhooks/file-ingested', { token: p.tokens.service, body: { file_id: driveId, filename: name } });
    expect(r.status).toBe(201);
    return r.body.file_id as string;
  }
  /** Drives one file to `status`; the text predictions it made and its ended GenerateMetadata job. */
  async function run(name: string, status: string) {
    const before = texts().length;
    const fileId = await ingest(name);
    const file = await p.waitForStatus(fileId, status, 30_000);
    const job = await p.endedJob(fileId, 'GenerateMetadata');
    const made = texts().slice(before);
    const recorded = await p.tdb.db.selectFrom('predictions').select('id').where('file_id', '=', fileId).where('purpose', '=', 'metadata').execute();
    expect(recorded.map((r) => r.id).sort()).toEqual(made.map((x) => x.id).sort());
    return { fileId, file, job, made, prompts: made.map((x) => promptOf(x.input)) };
  }
  const detail = async (fileId: string) => (await call(p.api.url, 'GET', `/api/files/${fileId}`, { token: p.tokens.reviewer })).body;

  it('a draft 10 words short is repaired by the second prediction: PROCESSED, no warnings', async () => {
    p.replicate.queueTextOutputs(short, (i) => defaultMetadataJson(promptOf(i)));
    const { fileId, file, job, made, prompts } = await run('otter-ten-short.jpg', 'processed');
    expect(made).toHaveLength(2);
    expect(wordCount(JSON.parse(file.metadata_json).description)).toBeGreaterThanOrEqual(100);
    expect(file.metadata_warnings_json).toBeNull();
    expect(file.status_reason).toBeNull();
    expect(prompts[1]).toContain('Your previous draft was:');
    expect(prompts[1]).toContain('- the description has 90 words; it needs 100–200');
    expect([job.status, job.attempts]).toEqual(['completed', 1]); // the repair spends no attempt
    expect(await detail(fileId)).toMatchObject({ status: 'PROCESSED', metadata_warnings: [] });
  });

  it('a draft that stays short reaches PROCESSED with its shortfall listed, after exactly 2 predictions; a reviewer may approve it', async () => {
    p.replicate.queueTextOutputs(short, short);
    const { fileId, file, job, made } = await run('otter-stays-short.jpg', 'processed');
    expect(made).toHaveLength(2);
    expect(JSON.parse(file.metadata_warnings_json)).toEqual(['the description has 90 words; it needs 100–200']);
    expect(wordCount(JSON.parse(file.metadata_json).description)).toBe(90);
    expect(file.status_reason).toBeNull();
    expect(job.status).toBe('completed');
    const d = await detail(fileId);
    expect(d).toMatchObject({ status: 'PROCESSED', status_reason: null, metadata_warnings: ['the description has 90 words; it needs 100–200'] });
    const approved = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer, body: { title: 'Otter at Rest – Canvas Print' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('APPROVED');
  });

  it('a repair answer that is not JSON: the short draft is stored with its warnings (2 predictions)', async () => {
    p.replicate.queueTextOutputs(short, 'Sorry, I cannot help with that.');
    const { file, made } = await run('otter-bad-repair.jpg', 'processed');
    expect(made).toHaveLength(2);
    expect(JSON.parse(file.metadata_warnings_json)).toEqual(['the description has 90 words; it needs 100–200']);
  });

  it('a non-JSON answer five times: job FAILED, file FAILED METADATA_INVALID, exactly 5 predictions, errors given back', async () => {
    p.replicate.setTextOutput('Sure! Here is a lovely description of your otter, no JSON today.');
    try {
      const { file, job, made, prompts } = await run('otter-never-json.jpg', 'failed');
      expect(file.status_reason).toMatch(/^METADATA_INVALID: model output is not valid metadata: output contains no JSON object \(after 5 attempts\)/);
      expect(file.metadata_json).toBeNull();
      expect([job.status, job.attempts, job.max_attempts]).toEqual(['failed', 5, 5]);
      expect(made).toHaveLength(5);
      expect(prompts[0]).not.toContain('Your previous answer was invalid');
      expect(prompts[1]).toContain('Your previous answer was invalid:\n- output contains no JSON object\nAnswer again with only the JSON object.');
    } finally {
      p.replicate.setTextOutput((i) => defaultMetadataJson(promptOf(i)));
    }
  });

  it('a draft that misses a soft limit on the last prediction of the budget is stored at once (no 6th prediction)', async () => {
    const notJson = 'no JSON here';
    p.replicate.queueTextOutputs(notJson, notJson, notJson, notJson, answer((doc) => ({ ...doc, hashtags: doc.hashtags.slice(0, 18) })));
    const { file, job, made } = await run('otter-last-chance.jpg', 'processed');
    expect(made).toHaveLength(5);
    expect(p.replicate.queuedTextOutputs()).toBe(0);
    expect(JSON.parse(file.metadata_warnings_json)).toEqual(['there are 18 hashtags; it needs 20–30']);
    expect([job.status, job.attempts]).toEqual(['completed', 5]);
  });
});
