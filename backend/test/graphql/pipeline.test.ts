/**
 * GraphQL mutations that reach the pipeline, against the stand-ins: two approvals of
 * one file racing (one wins, one product), editing a published file (the Shopify
 * product follows), and a retry of a dead-lettered job (the dead-letter count shown
 * drops by one at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from '../pipeline/harness.js';
import { codes, gql } from './helpers.js';

let p: Pipeline;

beforeAll(async () => {
  p = await startPipeline();
});
afterAll(async () => {
  await p?.close();
});

async function processed(name: string): Promise<string> {
  const driveId = await p.drop(name);
  await p.scan();
  const f = await p.waitForFile(() => p.fileByDriveId(driveId), `${name} recorded`);
  await p.waitForStatus(f.id, 'processed');
  return f.id;
}

const APPROVE = 'mutation($id: ID!, $title: String) { approveFile(id: $id, edits: { title: $title }) { id status } }';

describe('review decisions over GraphQL', () => {
  let fileId: string;

  it('two approvals of one file racing: one wins, the other gets INVALID_STATE, one product exists', async () => {
    fileId = await processed('racing-heron.jpg');
    const [a, b] = await Promise.all([
      gql(p.api.url, p.tokens.reviewer, APPROVE, { id: fileId, title: 'Heron, First Take' }),
      gql(p.api.url, p.tokens.admin, APPROVE, { id: fileId, title: 'Heron, Second Take' }),
    ]);
    const wins = [a, b].filter((x) => x.data?.approveFile?.status === 'APPROVED');
    const losses = [a, b].filter((x) => codes(x).includes('INVALID_STATE'));
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(1);
    await p.waitForStatus(fileId, 'published');
    const products = p.shopify.products.filter((x) => x.tags.includes(`ff-file-${fileId}`));
    expect(products).toHaveLength(1);
    const reviews = await p.tdb.db.selectFrom('reviews').selectAll().where('file_id', '=', fileId).execute();
    expect(reviews.filter((r) => r.decision === 'approved')).toHaveLength(1);
  });

  it('updateFile on a published file updates the Shopify product (through UpdateListing) and audits the edit', async () => {
    const r = await gql(p.api.url, p.tokens.reviewer, 'mutation($id: ID!) { updateFile(id: $id, edits: { title: "Grey Heron in Reeds" }) { jobId file { id status metadata } } }', { id: fileId });
    expect(r.errors).toBeUndefined();
    expect(r.data.updateFile.jobId).toBeTruthy();
    expect(r.data.updateFile.file.metadata.title).toBe('Grey Heron in Reeds');
    const product = p.shopify.products.find((x) => x.tags.includes(`ff-file-${fileId}`))!;
    await waitFor(() => product.title === 'Grey Heron in Reeds', { what: 'the product title to follow' });
    const edit = await p.tdb.db.selectFrom('reviews').selectAll().where('file_id', '=', fileId).where('decision', '=', 'edited').executeTakeFirstOrThrow();
    expect(JSON.parse(edit.changes_json!).title.to).toBe('Grey Heron in Reeds');
  });

  it('deleteFile on a published file archives it, and its Shopify product', async () => {
    const r = await gql(p.api.url, p.tokens.admin, 'mutation($id: ID!) { deleteFile(id: $id, reason: "retired") { jobId } }', { id: fileId });
    expect(r.errors).toBeUndefined();
    await p.waitForStatus(fileId, 'archived');
    const product = p.shopify.products.find((x) => x.tags.includes(`ff-file-${fileId}`))!;
    await waitFor(() => product.status === 'ARCHIVED', { what: 'the product archived' });
    const listing = await p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).executeTakeFirstOrThrow();
    expect(listing.status).toBe('archived');
    const again = await gql(p.api.url, p.tokens.admin, 'mutation($id: ID!) { deleteFile(id: $id) { jobId } }', { id: fileId });
    expect(codes(again)).toEqual(['INVALID_STATE']);
  });

  it('updateFile on a PROCESSED file is refused (edits go with the approval)', async () => {
    const other = await processed('still-in-review.jpg');
    const r = await gql(p.api.url, p.tokens.reviewer, 'mutation($id: ID!) { updateFile(id: $id, edits: { title: "x y z" }) { jobId } }', { id: other });
    expect(codes(r)).toEqual(['INVALID_STATE']);
  });
});

describe('dead letters', () => {
  it('after retryJob on a dead-lettered job the dead-letter count shown is one lower', async () => {
    const enqueue = async () => {
      const r = await fetch(`${p.api.url}/api/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ command_type: 'Noop', payload: { fail_times: 10 } }),
      });
      return ((await r.json()) as { job_id: string }).job_id;
    };
    const ids = [await enqueue(), await enqueue()];
    const dead = () => gql(p.api.url, p.tokens.reviewer, '{ queues { name deadLetters } }').then((a) => a.data.queues.find((q: { name: string }) => q.name === 'system').deadLetters as number);
    await waitFor(async () => (await dead()) === 2, { what: 'two dead letters', timeoutMs: 30_000 });
    await p.stopWorker(); // so the retried job does not fail again meanwhile
    const r = await gql(p.api.url, p.tokens.admin, 'mutation($id: ID!) { retryJob(id: $id) { id status } }', { id: ids[0] });
    expect(r.data.retryJob.status).toBe('PENDING');
    expect(await dead()).toBe(1);
    const failed = await p.tdb.db.selectFrom('jobs').select('id').where('status', '=', 'failed').where('command_type', '=', 'Noop').execute();
    expect(failed.map((j) => j.id)).toEqual([ids[1]]);
    await p.startWorker();
  });
});
