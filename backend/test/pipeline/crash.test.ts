/**
 * Nothing paid for twice: a worker process SIGKILLed at the worst moments, then
 * another worker takes the job over (redelivery of the unacknowledged message).
 *  - right after the upscale prediction was created and its id checkpointed: the
 *    retry resumes that prediction — exactly one prediction at Replicate;
 *  - right after productCreate succeeded, before its checkpoint: the retry finds the
 *    product by its tag — exactly one product at Shopify.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_UPSCALE_MODEL } from '../../src/standins/replicate.js';
import { call, exited, spawnWorker } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from './harness.js';

let p: Pipeline;
const children: ChildProcess[] = [];
const spawnCrashing = (at: string) => {
  const child = spawnWorker({ ...p.env, CRASH_AT: at }, entry);
  children.push(child);
  return child;
};
/** The child's exit, or a failure after `ms` (a child that never crashes must not hang the suite). */
const died = (child: ChildProcess, ms = 30_000) =>
  Promise.race([exited(child), new Promise((_, reject) => setTimeout(() => reject(new Error('the worker did not crash')), ms).unref())]);
const entry = path.join(path.dirname(new URL(import.meta.url).pathname), 'crashWorker.ts');

beforeAll(async () => {
  p = await startPipeline({ worker: false });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await p?.close();
});

describe('a worker killed mid-job', () => {
  let fileId: string;

  it('after the prediction was created: the retry finishes with exactly one prediction', async () => {
    const child = spawnCrashing('prediction');
    try {
      const driveId = await p.drop('stoat-in-snow.jpg');
      await p.scan();
      await died(child);
      expect(child.signalCode).toBe('SIGKILL');
      const file = await p.fileByDriveId(driveId);
      fileId = file.id;
      const upscale = (await p.jobsOf(fileId)).find((j) => j.command_type === 'UpscaleImage')!;
      expect(upscale.status).toBe('running'); // its worker died mid-run
      expect(JSON.parse(upscale.checkpoint_json!).prediction_id).toBe(p.replicate.predictions[0].id);
      expect(p.replicate.predictions).toHaveLength(1);

      await p.startWorker();
      const f = await p.waitForStatus(fileId, 'processed', 30_000);
      expect(p.replicate.predictions.filter((x) => x.model === FAKE_UPSCALE_MODEL)).toHaveLength(1);
      const done = await p.endedJob(fileId, 'UpscaleImage');
      expect(done.status).toBe('completed');
      expect(done.attempts).toBe(2); // the crashed run counted
      expect(JSON.parse(done.result_json!).print.predictionId).toBe(p.replicate.predictions[0].id);
      expect(f.processed_drive_file_id).toBeTruthy();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('after productCreate but before its checkpoint: the retry makes no second product', async () => {
    await p.stopWorker();
    const child = spawnCrashing('product');
    try {
      await new Promise<void>((resolve) => child.on('message', (m: any) => m?.ready && resolve()));
      const r = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer });
      expect(r.status).toBe(200);
      await died(child);
      expect(child.signalCode).toBe('SIGKILL');
      const tag = `ff-file-${fileId}`;
      expect(p.shopify.products.filter((x) => x.tags.includes(tag))).toHaveLength(1);
      const listing = (await p.jobsOf(fileId)).find((j) => j.command_type === 'CreateListing')!;
      expect(JSON.parse(listing.checkpoint_json!).product).toBeUndefined(); // died before recording it

      await p.startWorker();
      await p.waitForStatus(fileId, 'published', 30_000);
      const products = p.shopify.products.filter((x) => x.tags.includes(tag));
      expect(products).toHaveLength(1);
      expect(p.shopify.products).toHaveLength(1);
      const done = await p.endedJob(fileId, 'CreateListing');
      expect(done.status).toBe('completed');
      expect(JSON.parse(done.result_json!)).toMatchObject({ product_id: products[0].id, reused_product: true });
      expect(products[0].variants.length).toBeGreaterThan(1);
      const listings = await p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).execute();
      expect(listings.map((l) => l.platform_listing_id)).toEqual([products[0].id]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
