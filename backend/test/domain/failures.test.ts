/** Failure groups (fingerprints over normalised errors) and the job search filter, on both dialects. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { FailureService, failureFingerprint, normaliseError } from '../../src/domain/failures/service.js';
import { JobService } from '../../src/jobs/service.js';
import { CommandRegistry } from '../../src/jobs/registry.js';
import { Subscriptions } from '../../src/jobs/events.js';
import type { OutboxRelay } from '../../src/jobs/outbox.js';
import { topology } from '../../src/queue/topology.js';
import { addJobs, at, clear } from './rows.js';

describe('error normalisation', () => {
  it('replaces the variable parts with placeholders', () => {
    expect(normaliseError('timeout after 30 s')).toBe('timeout after <duration>');
    expect(normaliseError('timeout after 1500ms')).toBe('timeout after <duration>');
    expect(normaliseError('prediction 3f2b8c1a-9d4e-4f00-8a1b-0c2d3e4f5a6b failed')).toBe('prediction <uuid> failed');
    expect(normaliseError('product gid deadbeef42 not found')).toBe('product gid <hex> not found');
    expect(normaliseError(`file "IMG 0042.png" can't be read: 'size' missing`)).toBe(`file <str> can't be read: <str> missing`);
    expect(normaliseError('HTTP 503 from shopify (attempt 3 of 5; no attempts left)')).toBe('HTTP <n> from shopify (attempt <n>)');
    expect(normaliseError('  rate\n limited   at 2026-01-02T03:04:05.678Z  ')).toBe('rate limited at <time>');
    expect(normaliseError('connect ECONNREFUSED 10.0.12.7:443')).toBe('connect ECONNREFUSED <ip>');
    expect(normaliseError('Drive file 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms not found')).toBe('Drive file <id> not found');
    expect(normaliseError('wrote 9999999 of 12345678 bytes')).toBe('wrote <n> of <n> bytes'); // a number whatever its length
    expect(normaliseError(null)).toBe('');
    expect(normaliseError('x'.repeat(500))).toHaveLength(200);
  });

  it('gives equal fingerprints for the same shape and different ones for different commands', () => {
    const a = failureFingerprint('UpscaleImage', 'timeout after 30 s');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(failureFingerprint('UpscaleImage', 'timeout after 31 s')).toBe(a);
    expect(failureFingerprint('UpscaleImage', 'timeout after 31 s (attempt 5 of 5; no attempts left)')).not.toBe(a);
    expect(failureFingerprint('CreateListing', 'timeout after 30 s')).not.toBe(a);
    expect(failureFingerprint('UpscaleImage', 'HTTP 500')).not.toBe(a);
  });
});

for (const dialect of DIALECTS) {
  describe(`failure groups and job search on ${dialect}`, () => {
    let t: TestDatabase;
    let jobs: JobService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      jobs = new JobService(t.db, new CommandRegistry([]), topology('', 'classic'), {} as OutboxRelay, 3, new Subscriptions());
    });
    afterAll(async () => t?.drop());
    beforeEach(async () => clear(t.db));

    it('groups FAILED jobs by command and normalised error, newest groups first', async () => {
      const f = (cmd: string, error: string, s: number) => ({ command_type: cmd, status: 'failed' as const, last_error: error, completed_at: at(s) });
      const rows = await addJobs(
        t.db,
        f('UpscaleImage', 'timeout after 30 s', 10),
        f('UpscaleImage', 'timeout after 31 s', 20),
        f('UpscaleImage', 'timeout after 45 s', 30),
        f('CreateListing', 'timeout after 30 s', 25),
        f('CreateListing', 'HTTP 502 from 7d1f2a90-1111-4222-8333-944455556666', 40),
        { command_type: 'UpscaleImage', status: 'completed', completed_at: at(50) },
        { command_type: 'UpscaleImage', status: 'retrying', last_error: 'timeout after 30 s' },
      );
      const svc = new FailureService(t.db);
      const r = await svc.failureGroups();
      expect(r.scanned).toBe(5);
      expect(r.truncated).toBe(false);
      expect(r.groups.map((g) => [g.commandTypes, g.count, g.firstSeen, g.lastSeen, g.sampleError])).toEqual([
        [['CreateListing'], 1, at(40), at(40), 'HTTP 502 from 7d1f2a90-1111-4222-8333-944455556666'],
        [['UpscaleImage'], 3, at(10), at(30), 'timeout after 45 s'],
        [['CreateListing'], 1, at(25), at(25), 'timeout after 30 s'],
      ]);
      const upscale = r.groups[1];
      expect(upscale.fingerprint).toBe(failureFingerprint('UpscaleImage', 'timeout after 30 s'));
      expect(upscale.normalisedError).toBe('timeout after <duration>');
      expect(upscale.jobIds).toEqual([rows[2].id, rows[1].id, rows[0].id]);
      expect(r.groups.reduce((n, g) => n + g.count, 0)).toBe(5);

      expect(await svc.retryGroup(upscale.fingerprint)).toEqual([rows[2].id, rows[1].id, rows[0].id]);
      expect(await svc.retryGroup(r.groups[2].fingerprint)).toEqual([rows[3].id]);
      expect(await svc.retryGroup('0000000000000000')).toEqual([]);

      const bounded = await new FailureService(t.db, 2).failureGroups();
      expect(bounded.scanned).toBe(2);
      expect(bounded.truncated).toBe(true);
      expect(bounded.groups.map((g) => g.count)).toEqual([1, 1]);
    });

    it('searches jobs by id, payload and error (case-insensitive, % and _ literal)', async () => {
      const rows = await addJobs(
        t.db,
        { payload_json: '{"file_name":"Heron_Dawn.png"}', created_at: at(1) },
        { payload_json: '{"note":"100% sure"}', created_at: at(2) },
        { status: 'failed', last_error: 'Shopify said: Throttled', created_at: at(3) },
        { payload_json: '{"note":"1000 sure"}', created_at: at(4) },
        { payload_json: '{"file_name":"heronXdawn.png"}', created_at: at(5) },
      );
      const ids = async (search: string, extra: object = {}) => (await jobs.list({ search, limit: 50, ...extra })).items.map((j) => j.id);
      expect(await ids(rows[3].id)).toEqual([rows[3].id]);
      expect(await ids(rows[3].id.toUpperCase())).toEqual([rows[3].id]);
      expect(await ids('HERON_dawn')).toEqual([rows[0].id]); // _ is not a wildcard
      expect(await ids('heron')).toEqual([rows[4].id, rows[0].id]);
      expect(await ids('100%')).toEqual([rows[1].id]); // % is not a wildcard
      expect(await ids('throttled')).toEqual([rows[2].id]);
      expect(await ids('throttled', { status: 'pending' })).toEqual([]);
      expect(await ids('nothing like this')).toEqual([]);
      expect(await ids('   ')).toHaveLength(5); // blank: no filter
      // Paging keeps the filter.
      const p1 = await jobs.list({ search: 'sure', limit: 1 });
      const p2 = await jobs.list({ search: 'sure', limit: 1, cursor: p1.next_cursor });
      expect([...p1.items, ...p2.items].map((j) => j.id)).toEqual([rows[3].id, rows[1].id]);
      expect(p2.next_cursor).toBeNull();
    });
  });
}
