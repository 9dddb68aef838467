/**
 * Google Drive v3 client: a thin fetch client (no googleapis, see STACK.md).
 *
 * Our folders live in a Shared Drive (a service account has no storage of its
 * own), so every call says `supportsAllDrives=true` and list/changes calls also
 * `includeItemsFromAllDrives=true`; without them Drive answers 404 / empty lists.
 * Every HTTP request, token grants included, is metered as service `google_drive`.
 *
 * Requests go through http.ts (timeout, metering, the default outcome mapping); Drive's
 * own part: 403 {user,}rateLimitExceeded is a quota answer without Retry-After (backed
 * off like a 429 without one), a 401 renews the token once, downloads are timed up to
 * their headers only (the body is streamed).
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import type { UsageRecorder } from './usage.js';
import { type ServiceAccountCredentials, ServiceAccountTokenSource } from './googleAuth.js';
import { request, retryAfterMs, type Answer, type CallOptions, type HttpRequest, type HttpService, type StreamedAnswer } from './http.js';

export { loadServiceAccount, type ServiceAccountCredentials } from './googleAuth.js';
export type { CallOptions } from './http.js';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive';
const FILE_FIELDS = 'id,name,mimeType,md5Checksum,size,parents,createdTime,modifiedTime';
const SERVICE = 'google_drive';
/** Drive's limit for multipart uploads; larger files go resumable. */
export const MULTIPART_MAX_BYTES = 5 * 1024 * 1024;
/** Resumable chunks must be multiples of 256 KiB (except the last). */
export const CHUNK_UNIT = 256 * 1024;
const RATE_LIMIT_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded']);
const REJECTED: Record<number, string> = { 400: 'DRIVE_BAD_REQUEST', 401: 'DRIVE_AUTH_FAILED', 403: 'DRIVE_FORBIDDEN', 404: 'DRIVE_NOT_FOUND' };
/** Chunk failures (5xx/network) resumed in place before giving the job back to the worker. */
const MAX_CHUNK_RECOVERIES = 3;

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  md5Checksum?: string;
  size?: number;
  parents: string[];
  createdTime?: string;
  modifiedTime?: string;
}

export interface DriveChange {
  changeType: string;
  fileId: string;
  removed: boolean;
  time: string;
  file?: DriveFile;
}

export interface DriveClientOptions {
  credentials: ServiceAccountCredentials;
  /** GOOGLE_API_BASE_URL; uploads go to `${baseUrl}/upload/drive/v3/files`. */
  baseUrl?: string;
  usage: UsageRecorder;
  fetch?: typeof fetch;
  /** Resumable chunk size, a multiple of 256 KiB (default 8 MiB). */
  uploadChunkSize?: number;
  /** Per-request timeout; for downloads it covers the wait for headers only. */
  timeoutMs?: number;
}

interface RequestSpec {
  method: string;
  /** Metering label, e.g. "GET /drive/v3/files/{id}". */
  endpoint: string;
  path?: string;
  url?: string; // absolute (resumable session URI)
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  accept?: number[]; // non-2xx statuses that are answers, not errors (308)
}

type RawFile = Omit<DriveFile, 'size' | 'parents'> & { size?: string; parents?: string[] };

const toFile = (f: RawFile): DriveFile => ({ ...f, parents: f.parents ?? [], size: f.size === undefined ? undefined : Number(f.size) });
/** Quote a value for a Drive `q` string. */
const qs = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ALL_DRIVES = { supportsAllDrives: 'true' };
const LIST_ALL_DRIVES = { supportsAllDrives: 'true', includeItemsFromAllDrives: 'true' };

export class DriveClient {
  private readonly baseUrl: string;
  private readonly http: HttpService;
  private readonly tokens: ServiceAccountTokenSource;
  private readonly chunkSize: number;
  private rateLimitStreak = 0;

  constructor(opts: DriveClientOptions) {
    this.baseUrl = (opts.baseUrl ?? 'https://www.googleapis.com').replace(/\/+$/, '');
    const fetchFn = opts.fetch ?? globalThis.fetch;
    const timeoutMs = opts.timeoutMs ?? 60_000;
    this.chunkSize = opts.uploadChunkSize ?? 32 * CHUNK_UNIT;
    if (this.chunkSize <= 0 || this.chunkSize % CHUNK_UNIT !== 0) throw new Error('uploadChunkSize must be a positive multiple of 256 KiB');
    this.tokens = new ServiceAccountTokenSource({ credentials: opts.credentials, scope: DRIVE_SCOPE, usage: opts.usage, service: SERVICE, fetch: fetchFn, timeoutMs });
    this.http = {
      service: SERVICE, name: 'Drive', usage: opts.usage, fetch: fetchFn, timeoutMs,
      codes: { rateLimited: 'DRIVE_RATE_LIMITED', unavailable: 'DRIVE_SERVER_ERROR', timeout: 'DRIVE_TIMEOUT', network: 'DRIVE_NETWORK_ERROR', rejected: (s) => REJECTED[s] ?? `DRIVE_HTTP_${s}` },
      describe: (a, endpoint) => {
        const e = googleError(a);
        return `Drive ${endpoint} → ${a.status}${e.reason ? ` ${e.reason}` : ''}: ${e.message}`;
      },
      laterMs: () => this.quotaBackoffMs(),
      classify: (a, message) =>
        a.status === 403 && RATE_LIMIT_REASONS.has(googleError(a).reason)
          ? new RunLaterError(retryAfterMs(a.headers) ?? this.quotaBackoffMs(), message, 'DRIVE_RATE_LIMITED')
          : undefined,
    };
  }

  /** A folder's files (not trashed); `nameContains` narrows them by name (Drive's `name contains`). */
  async listFiles(p: { folderId: string; pageToken?: string; pageSize?: number; nameContains?: string }, call?: CallOptions): Promise<{ files: DriveFile[]; nextPageToken?: string }> {
    const byName = p.nameContains === undefined ? '' : ` and name contains ${qs(p.nameContains)}`;
    return this.list(`${qs(p.folderId)} in parents and trashed = false${byName}`, p.pageSize ?? 100, p.pageToken, call);
  }

  async listAllFiles(folderId: string, call?: CallOptions & { nameContains?: string }): Promise<DriveFile[]> {
    const all: DriveFile[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.listFiles({ folderId, pageToken, pageSize: 1000, nameContains: call?.nameContains }, call);
      all.push(...page.files);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  async getFile(id: string, call?: CallOptions): Promise<DriveFile> {
    return toFile(await this.json({ method: 'GET', endpoint: 'GET /drive/v3/files/{id}', path: `/drive/v3/files/${encodeURIComponent(id)}`, query: { ...ALL_DRIVES, fields: FILE_FIELDS } }, call));
  }

  /** The file's bytes as a stream (never buffered whole: print files run to hundreds of MB). */
  async download(id: string, call: CallOptions = {}): Promise<Readable> {
    const spec: RequestSpec = { method: 'GET', endpoint: 'GET /drive/v3/files/{id}?alt=media', path: `/drive/v3/files/${encodeURIComponent(id)}`, query: { ...ALL_DRIVES, alt: 'media' } };
    // Timed until the headers arrive: a print file's body may take longer than any timeout.
    const { body } = await this.authorized(call, (auth) => request(this.http, { ...this.build(spec, call, auth), stream: true, timeoutCovers: 'headers' }));
    return body;
  }

  async downloadToBuffer(id: string, call?: CallOptions): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.download(id, call)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** Upload a Buffer or a file path: multipart up to 5 MiB, resumable in chunks above. */
  async upload(p: { name: string; mimeType: string; parents: string[]; body: Buffer | string }, call?: CallOptions): Promise<DriveFile> {
    const size = Buffer.isBuffer(p.body) ? p.body.length : (await stat(p.body)).size;
    const meta = { name: p.name, mimeType: p.mimeType, parents: p.parents };
    if (size <= MULTIPART_MAX_BYTES) {
      const bytes = Buffer.isBuffer(p.body) ? p.body : await readFile(p.body);
      return this.uploadMultipart(meta, bytes, call);
    }
    return this.uploadResumable(meta, p.body, size, call);
  }

  async moveFile(id: string, p: { addParents?: string | string[]; removeParents?: string | string[] }, call?: CallOptions): Promise<DriveFile> {
    const join = (v?: string | string[]) => (v === undefined ? undefined : [v].flat().join(','));
    const query = { ...ALL_DRIVES, addParents: join(p.addParents), removeParents: join(p.removeParents), fields: FILE_FIELDS };
    const raw = await this.json({ method: 'PATCH', endpoint: 'PATCH /drive/v3/files/{id}', path: `/drive/v3/files/${encodeURIComponent(id)}`, query, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{}' }, call);
    return toFile(raw);
  }

  /**
   * Move a file to the trash (files.update `trashed: true`). In a Shared Drive a Content
   * manager may trash but only a Manager may delete for good (files.delete), and Drive
   * empties a Shared Drive's trash after 30 days.
   */
  async trashFile(id: string, call?: CallOptions): Promise<DriveFile> {
    const query = { ...ALL_DRIVES, fields: FILE_FIELDS };
    const raw = await this.json({ method: 'PATCH', endpoint: 'PATCH /drive/v3/files/{id}', path: `/drive/v3/files/${encodeURIComponent(id)}`, query, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify({ trashed: true }) }, call);
    return toFile(raw);
  }

  async getStartPageToken(call?: CallOptions): Promise<string> {
    const res = await this.json<{ startPageToken: string }>({ method: 'GET', endpoint: 'GET /drive/v3/changes/startPageToken', path: '/drive/v3/changes/startPageToken', query: ALL_DRIVES }, call);
    return res.startPageToken;
  }

  async listChanges(pageToken: string, call?: CallOptions & { pageSize?: number }): Promise<{ changes: DriveChange[]; nextPageToken?: string; newStartPageToken?: string }> {
    const fields = `nextPageToken,newStartPageToken,changes(changeType,fileId,removed,time,file(${FILE_FIELDS}))`;
    const query = { ...LIST_ALL_DRIVES, pageToken, pageSize: String(call?.pageSize ?? 100), fields };
    const res = await this.json<{ changes?: (Omit<DriveChange, 'file'> & { file?: RawFile })[]; nextPageToken?: string; newStartPageToken?: string }>({ method: 'GET', endpoint: 'GET /drive/v3/changes', path: '/drive/v3/changes', query }, call);
    const changes = (res.changes ?? []).map((c) => ({ ...c, removed: Boolean(c.removed), file: c.file ? toFile(c.file) : undefined }));
    return { changes, nextPageToken: res.nextPageToken, newStartPageToken: res.newStartPageToken };
  }

  /** The child folder `name` of `parentId`, created when missing (species folders). */
  async findOrCreateFolder(name: string, parentId: string, call?: CallOptions): Promise<DriveFile> {
    const q = `${qs(parentId)} in parents and trashed = false and mimeType = ${qs(FOLDER_MIME)} and name = ${qs(name)}`;
    const found = await this.list(q, 10, undefined, call);
    if (found.files[0]) return found.files[0];
    return this.createFolder(name, parentId, call);
  }

  async createFolder(name: string, parentId: string, call?: CallOptions): Promise<DriveFile> {
    const body = JSON.stringify({ name, mimeType: FOLDER_MIME, parents: [parentId] });
    return toFile(await this.json({ method: 'POST', endpoint: 'POST /drive/v3/files', path: '/drive/v3/files', query: { ...ALL_DRIVES, fields: FILE_FIELDS }, headers: { 'content-type': 'application/json; charset=UTF-8' }, body }, call));
  }

  /** about.get with fields=user: who these credentials act as (the cheap call that checks them). */
  async about(call?: CallOptions): Promise<{ displayName: string; emailAddress: string }> {
    const res = await this.json<{ user?: { displayName?: string; emailAddress?: string } }>({ method: 'GET', endpoint: 'GET /drive/v3/about', path: '/drive/v3/about', query: { fields: 'user' } }, call);
    if (!res.user?.emailAddress) throw new RetryableError('Drive GET /drive/v3/about: no user in the answer', 'DRIVE_BAD_ANSWER');
    return { displayName: res.user.displayName ?? res.user.emailAddress, emailAddress: res.user.emailAddress };
  }

  // ---- internals ----

  private async list(q: string, pageSize: number, pageToken: string | undefined, call?: CallOptions) {
    const query = { ...LIST_ALL_DRIVES, corpora: 'allDrives', q, pageSize: String(pageSize), pageToken, fields: `nextPageToken,files(${FILE_FIELDS})` };
    const res = await this.json<{ files?: RawFile[]; nextPageToken?: string }>({ method: 'GET', endpoint: 'GET /drive/v3/files', path: '/drive/v3/files', query }, call);
    return { files: (res.files ?? []).map(toFile), nextPageToken: res.nextPageToken || undefined };
  }

  private async uploadMultipart(meta: object, bytes: Buffer, call?: CallOptions): Promise<DriveFile> {
    const boundary = `fieldfen_${randomBytes(12).toString('hex')}`;
    const mime = (meta as { mimeType: string }).mimeType;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(meta)}\r\n--${boundary}\r\nContent-Type: ${mime}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const query = { ...ALL_DRIVES, uploadType: 'multipart', fields: FILE_FIELDS };
    return toFile(await this.json({ method: 'POST', endpoint: 'POST /upload/drive/v3/files', path: '/upload/drive/v3/files', query, headers: { 'content-type': `multipart/related; boundary=${boundary}` }, body }, call));
  }

  /** Resumable protocol: POST opens a session (Location), PUT chunks with Content-Range, 308 = keep going. */
  private async uploadResumable(meta: { mimeType: string }, source: Buffer | string, size: number, call?: CallOptions): Promise<DriveFile> {
    const init = await this.send({
      method: 'POST', endpoint: 'POST /upload/drive/v3/files', path: '/upload/drive/v3/files',
      query: { ...ALL_DRIVES, uploadType: 'resumable', fields: FILE_FIELDS },
      headers: { 'content-type': 'application/json; charset=UTF-8', 'x-upload-content-type': meta.mimeType, 'x-upload-content-length': String(size) },
      body: JSON.stringify(meta),
    }, call);
    const session = init.headers.get('location');
    if (!session) throw new RetryableError('Drive resumable upload: no session URI in the answer', 'DRIVE_UPLOAD_FAILED');
    const put = (range: string, body: Buffer) => this.send({ method: 'PUT', endpoint: 'PUT /upload/drive/v3/files', url: session, headers: { 'content-range': range }, body, accept: [308] }, call);
    // Read one chunk at a time from a file so memory stays at one chunk.
    const fh = Buffer.isBuffer(source) ? null : await open(source, 'r');
    try {
      let offset = 0;
      let recoveries = 0;
      for (;;) {
        const end = Math.min(offset + this.chunkSize, size);
        const chunk = fh ? await readRange(fh, offset, end) : (source as Buffer).subarray(offset, end);
        let res: Answer;
        try {
          res = await put(`bytes ${offset}-${end - 1}/${size}`, chunk);
        } catch (err) {
          // A lost chunk: ask the session how far it got and carry on from there.
          if (!(err instanceof RetryableError) || ++recoveries > MAX_CHUNK_RECOVERIES) throw err;
          res = await put(`bytes */${size}`, Buffer.alloc(0));
        }
        if (res.status !== 308) return toFile(parsed<RawFile>(res, 'PUT /upload/drive/v3/files'));
        const m = /bytes=0-(\d+)/.exec(res.headers.get('range') ?? '');
        offset = m ? Number(m[1]) + 1 : 0;
      }
    } finally {
      await fh?.close();
    }
  }

  private async json<T = RawFile>(spec: RequestSpec, call?: CallOptions): Promise<T> {
    return parsed<T>(await this.send(spec, call), spec.endpoint);
  }

  private async send(spec: RequestSpec, call: CallOptions = {}): Promise<Answer> {
    return this.authorized(call, (auth) => request(this.http, this.build(spec, call, auth)));
  }

  /** Runs `go` with a token; a 401 renews the token and runs it once more (then the 401 is final). */
  private async authorized<A extends Answer | StreamedAnswer>(call: CallOptions, go: (auth: { authorization: string; renewable: boolean }) => Promise<A>): Promise<A> {
    const token = await this.tokens.getAccessToken(call);
    let answer = await go({ authorization: `Bearer ${token}`, renewable: true });
    if (answer.status === 401) {
      (answer as Partial<StreamedAnswer>).body?.destroy();
      this.tokens.invalidate(token);
      answer = await go({ authorization: `Bearer ${await this.tokens.getAccessToken(call)}`, renewable: false });
    }
    this.rateLimitStreak = 0;
    return answer;
  }

  private build(spec: RequestSpec, call: CallOptions, auth: { authorization: string; renewable: boolean }): HttpRequest {
    const url = new URL(spec.url ?? `${this.baseUrl}${spec.path}`);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const accept = [...(spec.accept ?? []), ...(auth.renewable ? [401] : [])];
    // A Buffer is a Uint8Array body.
    return { endpoint: spec.endpoint, url, method: spec.method, headers: { authorization: auth.authorization, ...spec.headers }, body: spec.body as BodyInit | undefined, call, accept };
  }

  /** Drive sends no Retry-After for quota answers: back off 2–5 s, doubling while they last. */
  private quotaBackoffMs(): number {
    return Math.min(2000 * 2 ** this.rateLimitStreak++, 60_000) + Math.random() * 3000;
  }
}

/** `{error: {message, errors: [{reason}]}}`, Google's error body; the text when it is not one. */
function googleError(a: Answer): { reason: string; message: string } {
  const e = (a.json as { error?: { message?: string; errors?: { reason?: string }[] } } | undefined)?.error;
  return { reason: e?.errors?.[0]?.reason ?? '', message: e?.message ?? a.text.slice(0, 300) };
}

function parsed<T>(a: Answer, endpoint: string): T {
  if (a.json === undefined) throw new RetryableError(`Drive ${endpoint}: unreadable answer`, 'DRIVE_BAD_ANSWER');
  return a.json as T;
}

async function readRange(fh: import('node:fs/promises').FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.alloc(end - start);
  let filled = 0;
  while (filled < buf.length) {
    const { bytesRead } = await fh.read(buf, filled, buf.length - filled, start + filled);
    if (bytesRead === 0) throw new PermanentError('file shrank while uploading', 'DRIVE_UPLOAD_SOURCE_CHANGED');
    filled += bytesRead;
  }
  return buf;
}
