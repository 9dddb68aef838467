import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriveClient, FOLDER_MIME, loadServiceAccount } from '../../src/integrations/googleDrive.js';
import { MemoryUsageRecorder } from '../../src/integrations/usage.js';
import { PermanentError, RetryableError, RunLaterError } from '../../src/core/outcomes.js';
import { makeServiceAccount, startFakeDrive, type FakeDrive } from '../../src/standins/googleDrive.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const KiB = 1024;

let fake: FakeDrive;
let usage: MemoryUsageRecorder;
let client: DriveClient;
let tmp: string;

function newClient(extra: Partial<ConstructorParameters<typeof DriveClient>[0]> = {}) {
  return new DriveClient({ credentials: makeServiceAccount(fake), baseUrl: fake.baseUrl, usage, ...extra });
}
/** Every request the fake saw was metered once, and nothing else was. */
function expectMeteredExactly() {
  expect(usage.entries.length).toBe(fake.state.requests.length);
  expect(usage.entries.every((e) => e.service === 'google_drive')).toBe(true);
}
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  fake = await startFakeDrive();
  usage = new MemoryUsageRecorder();
  client = newClient();
  tmp = await mkdtemp(join(tmpdir(), 'drive-test-'));
});
afterEach(async () => {
  await fake.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('auth', () => {
  it('gets a token from the credentials’ token_uri once and reuses it', async () => {
    const folder = fake.createFolder('Incoming');
    await client.listFiles({ folderId: folder.id }, { jobId: 'job-1' });
    await client.listFiles({ folderId: folder.id });
    expect(fake.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /token', 'GET /drive/v3/files', 'GET /drive/v3/files']);
    expect(usage.entries.map((e) => [e.endpoint, e.statusCode])).toEqual([['POST token', 200], ['GET /drive/v3/files', 200], ['GET /drive/v3/files', 200]]);
    expect(usage.entries[0].jobId).toBe('job-1');
    expect(fake.state.tokens.size).toBe(1);
    expectMeteredExactly();
  });

  it('loads a key file and is refused when the key is not the registered one', async () => {
    const good = makeServiceAccount(fake, 'good');
    const other = makeServiceAccount(fake, 'other');
    const path = join(tmp, 'sa.json');
    await writeFile(path, JSON.stringify({ ...good, private_key: other.private_key }));
    const c = new DriveClient({ credentials: await loadServiceAccount(path), baseUrl: fake.baseUrl, usage });
    const err = await rejection(c.getStartPageToken());
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('DRIVE_AUTH_FAILED');
    expect(err.message).toContain('Invalid JWT Signature');
    expectMeteredExactly();
  });

  it('renews the token once on a 401', async () => {
    await client.getStartPageToken();
    fake.revokeTokens();
    await client.getStartPageToken();
    expect(usage.entries.map((e) => [e.endpoint, e.statusCode])).toEqual([
      ['POST token', 200],
      ['GET /drive/v3/changes/startPageToken', 200],
      ['GET /drive/v3/changes/startPageToken', 401],
      ['POST token', 200],
      ['GET /drive/v3/changes/startPageToken', 200],
    ]);
    expectMeteredExactly();
  });
});

describe('files', () => {
  it('lists a folder page by page with the fields we need', async () => {
    const incoming = fake.createFolder('Incoming');
    const elsewhere = fake.createFolder('Elsewhere');
    const added = [1, 2, 3, 4, 5].map((i) => fake.addFile(incoming.id, `owl-${i}.jpg`, randomBytes(100 + i)));
    fake.addFile(elsewhere.id, 'not-me.jpg', randomBytes(10));

    const first = await client.listFiles({ folderId: incoming.id, pageSize: 2 });
    expect(first.files).toHaveLength(2);
    expect(first.nextPageToken).toBeTruthy();
    const all = await client.listAllFiles(incoming.id);
    expect(all.map((f) => f.name).sort()).toEqual(added.map((f) => f.name).sort());
    const f1 = all.find((f) => f.name === 'owl-1.jpg')!;
    expect(f1).toMatchObject({ id: added[0].id, mimeType: 'image/jpeg', md5Checksum: added[0].md5Checksum, size: 101, parents: [incoming.id] });
    expect(f1.createdTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    const got = await client.getFile(added[1].id);
    expect(got).toMatchObject({ name: 'owl-2.jpg', size: 102, md5Checksum: md5(added[1].bytes) });
    expectMeteredExactly();
  });

  it('downloads as a stream and as a buffer', async () => {
    const folder = fake.createFolder('Ready');
    const bytes = randomBytes(3 * 1024 * KiB + 17);
    const f = fake.addFile(folder.id, 'big.jpg', bytes);
    const stream = await client.download(f.id);
    expect(stream).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect((await client.downloadToBuffer(f.id)).equals(bytes)).toBe(true);
    expectMeteredExactly();
  });

  it('uploads small files with one multipart request, from a buffer or a path', async () => {
    const ready = fake.createFolder('Ready');
    const bytes = randomBytes(700 * KiB);
    const up = await client.upload({ name: 'heron.jpg', mimeType: 'image/jpeg', parents: [ready.id], body: bytes });
    expect(up).toMatchObject({ name: 'heron.jpg', mimeType: 'image/jpeg', parents: [ready.id], md5Checksum: md5(bytes), size: bytes.length });
    expect(fake.state.files.get(up.id)!.bytes.equals(bytes)).toBe(true);

    const path = join(tmp, 'wren.png');
    const pathBytes = randomBytes(5 * 1024 * KiB); // exactly the multipart limit
    await writeFile(path, pathBytes);
    const up2 = await client.upload({ name: 'wren.png', mimeType: 'image/png', parents: [ready.id], body: path });
    expect(fake.state.files.get(up2.id)!.bytes.equals(pathBytes)).toBe(true);

    const uploads = fake.state.requests.filter((r) => r.path.startsWith('/upload/'));
    expect(uploads.map((r) => `${r.method} ${r.query.uploadType}`)).toEqual(['POST multipart', 'POST multipart']);
    expectMeteredExactly();
  });

  it('uploads a file over 5 MiB resumably in 256 KiB-multiple chunks', async () => {
    const ready = fake.createFolder('Ready');
    const c = newClient({ uploadChunkSize: 1024 * KiB });
    const bytes = randomBytes(6 * 1024 * KiB + 1234);
    const up = await c.upload({ name: 'stag.jpg', mimeType: 'image/jpeg', parents: [ready.id], body: bytes });
    expect(up).toMatchObject({ name: 'stag.jpg', parents: [ready.id], md5Checksum: md5(bytes), size: bytes.length });
    expect(fake.filesIn(ready.id).map((f) => f.name)).toEqual(['stag.jpg']);
    const uploads = fake.state.requests.filter((r) => r.path.startsWith('/upload/'));
    expect(uploads[0]).toMatchObject({ method: 'POST', query: { uploadType: 'resumable' } });
    const puts = uploads.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(7); // six full MiB chunks and the 1234-byte tail
    expect(puts.every((r) => r.query.upload_id)).toBe(true);
    expectMeteredExactly();
  });

  it('streams a large upload from a path and resumes after a lost chunk', async () => {
    const ready = fake.createFolder('Ready');
    const c = newClient({ uploadChunkSize: 2048 * KiB });
    const bytes = randomBytes(5 * 1024 * KiB + 300 * KiB);
    const path = join(tmp, 'fox.tif');
    await writeFile(path, bytes);
    fake.fail.next(1, { status: 503, match: (r) => r.method === 'PUT' });
    const up = await c.upload({ name: 'fox.tif', mimeType: 'image/tiff', parents: [ready.id], body: path });
    expect(fake.state.files.get(up.id)!.bytes.equals(bytes)).toBe(true);
    // 3 chunks + the refused one + the status query (`bytes */total`).
    expect(fake.state.requests.filter((r) => r.method === 'PUT')).toHaveLength(5);
    expect(usage.entries.filter((e) => e.statusCode === 503)).toHaveLength(1);
    expectMeteredExactly();
  });

  it('moves a file between folders, keeping one parent as Shared Drives require', async () => {
    const incoming = fake.createFolder('Incoming');
    const published = fake.createFolder('Published');
    const f = fake.addFile(incoming.id, 'kite.jpg', randomBytes(50));
    const moved = await client.moveFile(f.id, { addParents: published.id, removeParents: incoming.id });
    expect(moved.parents).toEqual([published.id]);
    expect(fake.filesIn(published.id).map((x) => x.id)).toEqual([f.id]);
    expect(fake.filesIn(incoming.id)).toEqual([]);
    const err = await rejection(client.moveFile(f.id, { addParents: incoming.id }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain('teamDrivesParentLimit');
    expectMeteredExactly();
  });

  it('finds or creates a species folder (quotes in names escaped)', async () => {
    const species = fake.createFolder('Species');
    const a = await client.findOrCreateFolder("Kingfisher's \\ Perch", species.id);
    const b = await client.findOrCreateFolder("Kingfisher's \\ Perch", species.id);
    expect(b.id).toBe(a.id);
    expect(a.mimeType).toBe(FOLDER_MIME);
    expect(fake.filesIn(species.id).map((f) => f.name)).toEqual(["Kingfisher's \\ Perch"]);
    expect(fake.state.requests.filter((r) => r.method === 'POST' && r.path === '/drive/v3/files')).toHaveLength(1);
    expectMeteredExactly();
  });
});

describe('changes', () => {
  it('reports files added, uploaded and moved since a start token, page by page', async () => {
    const incoming = fake.createFolder('Incoming');
    const ready = fake.createFolder('Ready');
    const start = await client.getStartPageToken();
    const a = fake.addFile(incoming.id, 'a.jpg', randomBytes(10));
    const b = await client.upload({ name: 'b.jpg', mimeType: 'image/jpeg', parents: [incoming.id], body: randomBytes(20) });
    await client.moveFile(a.id, { addParents: ready.id, removeParents: incoming.id });

    const all = await client.listChanges(start);
    expect(all.changes.map((c) => c.fileId)).toEqual([b.id, a.id]); // each file once, at its latest change
    expect(all.changes[1].file).toMatchObject({ name: 'a.jpg', parents: [ready.id], md5Checksum: a.md5Checksum });
    expect(all.nextPageToken).toBeUndefined();
    expect(all.newStartPageToken).toBeTruthy();

    const page1 = await client.listChanges(start, { pageSize: 1 });
    expect(page1.changes.map((c) => c.fileId)).toEqual([b.id]);
    const page2 = await client.listChanges(page1.nextPageToken!, { pageSize: 1 });
    expect(page2.changes.map((c) => c.fileId)).toEqual([a.id]);
    expect(page2.newStartPageToken).toBe(all.newStartPageToken);

    expect((await client.listChanges(all.newStartPageToken!)).changes).toEqual([]);
    expectMeteredExactly();
  });
});

describe('failures', () => {
  it('maps quota answers to RunLaterError and server/network failures to RetryableError', async () => {
    const folder = fake.createFolder('Incoming');
    await client.listFiles({ folderId: folder.id }); // token in hand

    fake.fail.next(1, { status: 403, reason: 'userRateLimitExceeded' });
    const quota = await rejection(client.listFiles({ folderId: folder.id }));
    expect(quota).toBeInstanceOf(RunLaterError);
    expect((quota as RunLaterError).delayMs).toBeGreaterThanOrEqual(2000);
    expect((quota as RunLaterError).delayMs).toBeLessThanOrEqual(5000);

    fake.fail.next(1, { status: 429, retryAfter: 7 });
    const limited = await rejection(client.getStartPageToken());
    expect(limited).toBeInstanceOf(RunLaterError);
    expect((limited as RunLaterError).delayMs).toBe(7000);

    fake.fail.next(1, { status: 500 });
    expect(await rejection(client.listFiles({ folderId: folder.id }))).toBeInstanceOf(RetryableError);

    fake.fail.next(1, { status: 0 });
    const dropped = await rejection(client.listFiles({ folderId: folder.id }));
    expect(dropped).toBeInstanceOf(RetryableError);
    expect(usage.entries.at(-1)!.statusCode).toBeNull();

    fake.fail.next(1, { status: 403, reason: 'insufficientFilePermissions' });
    expect(await rejection(client.getStartPageToken())).toBeInstanceOf(PermanentError);

    const missing = await rejection(client.getFile('no-such-file'));
    expect(missing).toBeInstanceOf(PermanentError);
    expect((missing as PermanentError).code).toBe('DRIVE_NOT_FOUND');
    expectMeteredExactly();
  });

  it('times out a hanging call as retryable', async () => {
    const c = newClient({ timeoutMs: 150 });
    await c.getStartPageToken();
    fake.fail.slowMs = 1000;
    const err = await rejection(c.getStartPageToken());
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('DRIVE_TIMEOUT');
    fake.fail.slowMs = 0;
  });
});

describe('shared drive', () => {
  it('is invisible without supportsAllDrives, and the client always sends it', async () => {
    const incoming = fake.createFolder('Incoming');
    const f = fake.addFile(incoming.id, 'otter.jpg', randomBytes(30));
    const token = (await (await fetch(fake.tokenUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).json()) as { error: string };
    expect(token.error).toBe('unsupported_grant_type');

    // A raw call without the flag, with a valid token, gets Drive's 404.
    await client.getStartPageToken();
    const bearer = [...fake.state.tokens.keys()][0];
    const raw = await fetch(`${fake.baseUrl}/drive/v3/files/${f.id}?fields=id`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(raw.status).toBe(404);
    expect(await raw.json()).toEqual({ error: { code: 404, message: `File not found: ${f.id}.`, errors: [{ message: `File not found: ${f.id}.`, domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }] } });
    const rawList = await fetch(`${fake.baseUrl}/drive/v3/files?q=${encodeURIComponent(`'${incoming.id}' in parents`)}`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(((await rawList.json()) as { files: unknown[] }).files).toEqual([]);
    const unauth = await fetch(`${fake.baseUrl}/drive/v3/files/${f.id}?supportsAllDrives=true`);
    expect(unauth.status).toBe(401);

    // Exercise every client method; each request must carry the flags.
    const ready = fake.createFolder('Ready');
    await client.listAllFiles(incoming.id);
    await client.getFile(f.id);
    await client.downloadToBuffer(f.id);
    await client.upload({ name: 's.jpg', mimeType: 'image/jpeg', parents: [ready.id], body: randomBytes(10) });
    await newClient({ uploadChunkSize: 4096 * KiB }).upload({ name: 'l.jpg', mimeType: 'image/jpeg', parents: [ready.id], body: randomBytes(5 * 1024 * KiB + 1) });
    await client.moveFile(f.id, { addParents: ready.id, removeParents: incoming.id });
    await client.findOrCreateFolder('Owls', ready.id);
    await client.listChanges(await client.getStartPageToken());

    const ours = fake.state.requests.slice(6).filter((r) => r.path !== '/token');
    expect(ours.length).toBeGreaterThan(10);
    for (const r of ours) expect(r.query.supportsAllDrives, `${r.method} ${r.path}`).toBe('true');
    for (const r of ours.filter((x) => x.method === 'GET' && (x.path === '/drive/v3/files' || x.path === '/drive/v3/changes')))
      expect(r.query.includeItemsFromAllDrives).toBe('true');
  });
});

describe('about (connection test)', () => {
  it('answers who the credentials act as, with fields=user, metered; a revoked token is renewed once', async () => {
    const sa = makeServiceAccount(fake, 'about-check');
    const c = new DriveClient({ credentials: sa, baseUrl: fake.baseUrl, usage });
    expect(await c.about({ jobId: 'job-3' })).toEqual({ displayName: 'about-check', emailAddress: sa.client_email });
    const call = fake.state.requests.at(-1)!;
    expect([call.method, call.path, call.query.fields]).toEqual(['GET', '/drive/v3/about', 'user']);
    fake.revokeTokens();
    expect((await c.about()).emailAddress).toBe(sa.client_email);
    expect(usage.entries.map((e) => [e.endpoint, e.statusCode])).toEqual([
      ['POST token', 200], ['GET /drive/v3/about', 200], ['GET /drive/v3/about', 401], ['POST token', 200], ['GET /drive/v3/about', 200],
    ]);
    expect(usage.entries[1].jobId).toBe('job-3');
    expectMeteredExactly();
  });

  it('is refused as Drive refuses: no fields → 400 required, no token → 401, an unregistered key → invalid_grant', async () => {
    await client.getStartPageToken();
    const bearer = [...fake.state.tokens.keys()][0];
    const noFields = await fetch(`${fake.baseUrl}/drive/v3/about`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(noFields.status).toBe(400);
    expect(((await noFields.json()) as any).error.errors[0]).toMatchObject({ reason: 'required', location: 'fields' });
    expect((await fetch(`${fake.baseUrl}/drive/v3/about?fields=user`)).status).toBe(401);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = { ...makeServiceAccount(fake, 'forged'), private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    const err = await rejection(new DriveClient({ credentials: forged, baseUrl: fake.baseUrl, usage }).about());
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('DRIVE_AUTH_FAILED');
    expect(err.message).toContain('invalid_grant');
    expect(usage.entries.length).toBe(fake.state.requests.length - 2); // every client request metered; the two raw fetches are not the client's
  });
});
