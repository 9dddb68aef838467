/** The activity feed: three sources merged newest first, keyset-paged without gaps or repeats, on both dialects. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { OverviewService, type ActivityItem } from '../../src/domain/overview/service.js';
import { encodeActivityCursor } from '../../src/domain/overview/activity.js';
import { ValidationError } from '../../src/core/errors.js';
import { addFile, addJobs, at, clear } from './rows.js';

for (const dialect of DIALECTS) {
  describe(`activity on ${dialect}`, () => {
    let t: TestDatabase;
    let svc: OverviewService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      svc = new OverviewService(t.db);
    });
    afterAll(async () => t?.drop());
    beforeEach(async () => clear(t.db));

    const review = (fileId: string, s: number, decision: 'approved' | 'rejected' = 'approved') =>
      t.db.insertInto('reviews').values({ id: randomUUID(), file_id: fileId, decision, reviewer: 'ada', reason: decision === 'rejected' ? 'blurry' : null, changes_json: null, created_at: at(s) }).execute();
    const event = (fileId: string, s: number, status: 'processing' | 'processed' | 'failed', reason: string | null = null) =>
      t.db.insertInto('file_events').values({ file_id: fileId, status, reason, created_at: at(s) }).execute();

    /** Every item by paging `first` at a time. */
    async function pageAll(first: number): Promise<ActivityItem[]> {
      const all: ActivityItem[] = [];
      let after: string | null = null;
      for (let i = 0; i < 100; i++) {
        const p = await svc.activity({ first, after });
        expect(p.items.length).toBeLessThanOrEqual(first);
        all.push(...p.items);
        if (!p.nextCursor) break;
        expect(p.nextCursor).toBe(p.items.at(-1)!.cursor);
        after = p.nextCursor;
      }
      return all;
    }

    it('merges file state changes, reviews and failures newest first, with ties broken by kind then id', async () => {
      const heron = await addFile(t.db, { original_filename: 'heron.png', created_at: at(0), updated_at: at(0) }); // event: ingested at 0
      const fox = await addFile(t.db, { original_filename: 'fox.png', created_at: at(5), updated_at: at(5) }); // ingested at 5
      await event(heron.id, 10, 'processing');
      await event(heron.id, 20, 'processed');
      await event(fox.id, 20, 'failed', 'too small'); // same instant, same kind: id decides
      await review(heron.id, 20); // same instant as two file events: kind decides
      await review(fox.id, 30, 'rejected');
      const [upscale, noop] = await addJobs(
        t.db,
        { command_type: 'UpscaleImage', file_id: fox.id, status: 'failed', last_error: 'timeout after 30 s', completed_at: at(20) },
        { command_type: 'Noop', status: 'failed', last_error: 'boom', completed_at: at(40) },
        { command_type: 'Noop', status: 'completed', completed_at: at(50) }, // not activity
        { command_type: 'Noop', status: 'retrying', last_error: 'boom' }, // not (yet) a failure
      );

      const page = await svc.activity({ first: 50 });
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((i) => [i.at, i.kind, i.status ?? i.decision ?? i.commandType, i.filename ?? null])).toEqual([
        [at(40), 'job_failed', 'Noop', null],
        [at(30), 'review', 'rejected', 'fox.png'],
        [at(20), 'review', 'approved', 'heron.png'],
        [at(20), 'job_failed', 'UpscaleImage', 'fox.png'],
        [at(20), 'file_status', 'failed', 'fox.png'], // the later file_events id first
        [at(20), 'file_status', 'processed', 'heron.png'],
        [at(10), 'file_status', 'processing', 'heron.png'],
        [at(5), 'file_status', 'ingested', 'fox.png'],
        [at(0), 'file_status', 'ingested', 'heron.png'],
      ]);
      const failed = page.items[0];
      expect(failed).toMatchObject({ jobId: noop.id, fileId: null, error: 'boom', commandType: 'Noop' });
      expect(page.items[3]).toMatchObject({ jobId: upscale.id, fileId: fox.id, error: 'timeout after 30 s' });
      expect(page.items[1]).toMatchObject({ fileId: fox.id, reviewer: 'ada', reason: 'blurry' });
      expect(page.items[4]).toMatchObject({ fileId: fox.id, reason: 'too small' });

      // Every page size gives the same sequence: no gaps, no repeats, across sources and ties.
      for (const first of [1, 2, 3, 4, 8, 9]) {
        expect((await pageAll(first)).map((i) => i.cursor), `first ${first}`).toEqual(page.items.map((i) => i.cursor));
      }
      // An item's cursor continues right after it.
      const rest = await svc.activity({ first: 50, after: page.items[3].cursor });
      expect(rest.items.map((i) => i.cursor)).toEqual(page.items.slice(4).map((i) => i.cursor));
    });

    it('is stable under new events arriving between pages', async () => {
      const f = await addFile(t.db, { created_at: at(0), updated_at: at(0) });
      for (let s = 1; s <= 5; s++) {
        await event(f.id, s * 10, 'processing');
        await review(f.id, s * 10 + 1);
        await addJobs(t.db, { status: 'failed', last_error: `e${s}`, completed_at: at(s * 10 + 2) });
      }
      const expected = (await svc.activity({ first: 100 })).items.map((i) => i.cursor);
      expect(expected).toHaveLength(16);
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const p = await svc.activity({ first: 5, after });
        seen.push(...p.items.map((x) => x.cursor));
        // Newer rows in every source: they must not shift the pages after the cursor.
        await event(f.id, 1000 + i, 'processed');
        await review(f.id, 1000 + i);
        await addJobs(t.db, { status: 'failed', last_error: 'late', completed_at: at(1000 + i) });
        if (!p.nextCursor) break;
        after = p.nextCursor;
      }
      expect(seen).toEqual(expected);
    });

    it('refuses bad cursors and page sizes', async () => {
      await expect(svc.activity({ first: 10, after: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
      await expect(svc.activity({ first: 10, after: encodeActivityCursor(at(0), 'file_status', 'abc') })).rejects.toBeInstanceOf(ValidationError);
      await expect(svc.activity({ first: 10, after: Buffer.from('["x","review","y"]').toString('base64url') })).rejects.toBeInstanceOf(ValidationError);
      await expect(svc.activity({ first: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(svc.activity({ first: 501 })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
