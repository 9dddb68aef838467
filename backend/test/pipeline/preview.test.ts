/**
 * Review previews: made once by the pipeline's inspect step (2048 px long side, on
 * disk under DATA_DIR/previews), served by GET /api/files/{id}/preview to reviewers
 * and admins with a bearer token or a short-lived signed URL (no token in the URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT, loadConfig } from '../../src/config/index.js';
import { checkSignedUrl, signedImageUrl } from '../../src/api/signedUrls.js';
import { generateArtwork } from '../../src/images/demoArt.js';
import { previewPath, writePreview } from '../../src/images/renditions.js';
import { call, TEST_SECRET } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from './harness.js';

let p: Pipeline;
let dataDir: string;
let fileId: string;
const previewOf = (id: string) => `/api/files/${id}/preview`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ff-data-'));
  p = await startPipeline({ env: { DATA_DIR: dataDir } });
  const driveId = await p.drop('great-bustard.jpg', { width: 3000, height: 2000 });
  await p.scan();
  fileId = (await p.waitForFile(() => p.fileByDriveId(driveId), 'the file to be recorded')).id;
  await p.waitForStatus(fileId, 'processed', 40_000);
});
afterAll(async () => {
  await p?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${p.api.url}${pathname}`, { headers });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('the preview of a processed 3000×2000 artwork', () => {
  it('is a 2048×1365 JPEG kept on disk under DATA_DIR/previews', async () => {
    const file = path.join(dataDir, 'previews', `${fileId}.jpg`);
    expect(existsSync(file)).toBe(true);
    const r = await get(previewOf(fileId), bearer(p.tokens.reviewer));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('cache-control')).toBe('private, max-age=300');
    const bytes = Buffer.from(await r.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 2048, 1365]);
    expect(bytes.equals(readFileSync(file))).toBe(true);
    // Not in the database.
    const row = await p.file(fileId);
    expect(JSON.stringify(Object.keys(row))).not.toMatch(/preview/);
  });

  it('answers admins and reviewers, 403 to a service token, 401 without credentials', async () => {
    expect((await get(previewOf(fileId), bearer(p.tokens.admin))).status).toBe(200);
    expect((await get(previewOf(fileId), bearer(p.tokens.reviewer))).status).toBe(200);
    const service = await call(p.api.url, 'GET', previewOf(fileId), { token: p.tokens.service });
    expect(service.status).toBe(403);
    expect(service.body.error_code).toBe('FORBIDDEN');
    const none = await call(p.api.url, 'GET', previewOf(fileId));
    expect(none.status).toBe(401);
    expect(none.body.error_code).toBe('UNAUTHORIZED');
  });

  it('is served by a signed URL without any token; expired, tampered or foreign signatures are 401', async () => {
    const url = signedImageUrl(previewOf(fileId), 300, TEST_SECRET);
    expect(url).toMatch(new RegExp(`^${previewOf(fileId)}\\?exp=\\d+&sig=[\\w-]+$`));
    const ok = await get(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');

    const sig = new URL(url, 'http://x').searchParams.get('sig')!;
    const exp = Number(new URL(url, 'http://x').searchParams.get('exp'));
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const refused: [string, string][] = [
      ['expired', signedImageUrl(previewOf(fileId), 60, TEST_SECRET, Date.now() - 120_000)],
      ['tampered sig', `${previewOf(fileId)}?exp=${exp}&sig=${flip(sig)}`],
      ['tampered exp', `${previewOf(fileId)}?exp=${exp - 1}&sig=${sig}`],
      ['another path', `/api/files/${fileId}/thumbnail?exp=${exp}&sig=${sig}`],
      ['another secret', signedImageUrl(previewOf(fileId), 300, 'another-secret-another-secret-another-secret')],
      ['sig without exp', `${previewOf(fileId)}?sig=${sig}`],
      ['exp without sig', `${previewOf(fileId)}?exp=${exp}`],
    ];
    for (const [what, u] of refused) {
      const r = await call(p.api.url, 'GET', u);
      expect(r.status, what).toBe(401);
      expect(r.body.error_code, what).toBe('UNAUTHORIZED');
    }
  });

  it('the thumbnail takes signed URLs too; other routes do not', async () => {
    const thumb = await get(signedImageUrl(`/api/files/${fileId}/thumbnail`, 120, TEST_SECRET));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const detail = await call(p.api.url, 'GET', signedImageUrl(`/api/files/${fileId}`, 120, TEST_SECRET));
    expect(detail.status).toBe(401);
  });

  it('answers 404 NOT_FOUND, saying why, when the preview is not on disk; and for an unknown file', async () => {
    const file = previewPath(dataDir, fileId);
    const kept = readFileSync(file);
    rmSync(file);
    const r = await call(p.api.url, 'GET', previewOf(fileId), { token: p.tokens.reviewer });
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe('NOT_FOUND');
    expect(r.body.detail).toMatch(/no preview on disk.*reprocess/);
    await sharp(kept).toFile(file); // put it back for any later test
    const unknown = await call(p.api.url, 'GET', previewOf('00000000-0000-4000-8000-000000000000'), { token: p.tokens.reviewer });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('NOT_FOUND');
  });
});

describe('preview pieces', () => {
  it('writePreview never enlarges, leaves no temp file, and previewPath refuses what is not an id', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-prev-'));
    try {
      const out = path.join(dir, 'previews', 'small.jpg');
      const written = await writePreview(await generateArtwork({ width: 600, height: 400, seed: 'small' }), out);
      expect([written.width, written.height]).toEqual([600, 400]);
      expect((await sharp(out).metadata()).width).toBe(600);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(path.dirname(out))).toEqual(['small.jpg']);
      expect(() => previewPath(dir, '../etc/passwd')).toThrow(RangeError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signed URLs live at most 5 minutes', () => {
    expect(() => signedImageUrl('/x', 301, TEST_SECRET)).toThrow(RangeError);
    const now = Date.now();
    const url = new URL(signedImageUrl('/x', 300, TEST_SECRET, now), 'http://h');
    expect(checkSignedUrl('/x', url.searchParams.get('exp'), url.searchParams.get('sig'), TEST_SECRET, now)).toBeNull();
    expect(checkSignedUrl('/x', url.searchParams.get('exp'), url.searchParams.get('sig'), TEST_SECRET, now + 301_000)).toMatch(/expired/);
    // A far-future exp is refused even with a matching signature (never valid for longer than 5 minutes).
    expect(checkSignedUrl('/x', url.searchParams.get('exp'), url.searchParams.get('sig'), TEST_SECRET, now - 60_000)).toMatch(/too long/);
  });

  it('DATA_DIR defaults to the SQLite file’s directory, or backend/data for PostgreSQL', () => {
    const base = { JWT_SECRET: TEST_SECRET, DEMO_MODE: 'false' };
    expect(loadConfig({ ...base, DATABASE_URL: 'sqlite:////srv/ff/db/ff.db' }).DATA_DIR).toBe('/srv/ff/db');
    expect(loadConfig(base).DATA_DIR).toBe(path.join(REPO_ROOT, 'data'));
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://u@h/db' }).DATA_DIR).toBe(path.join(REPO_ROOT, 'backend', 'data'));
    expect(loadConfig({ ...base, DATA_DIR: '/var/lib/fieldfen' }).DATA_DIR).toBe('/var/lib/fieldfen');
  });
});
