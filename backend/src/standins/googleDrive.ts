/**
 * A local stand-in for Google's OAuth2 token endpoint and the Drive v3 API, strict
 * where our client could go wrong: RS256 JWT-bearer grants checked against the
 * registered service-account keys, bearer tokens, Shared Drive items invisible
 * without `supportsAllDrives=true` (404 "File not found"), `fields` honoured
 * (md5Checksum, size, parents… only when asked), multipart and resumable uploads
 * with the real headers and 308 answers, trashing by files.update {trashed: true},
 * Google's JSON error bodies, about.get (user).
 * Tests and demo mode start it in-process; the production client runs unchanged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive';
const CHUNK_UNIT = 256 * 1024;
const MAX_BODY = 64 * 1024 * 1024;

export interface FakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  bytes: Buffer;
  md5Checksum?: string;
  createdTime: string;
  modifiedTime: string;
  trashed: boolean;
  driveId: string;
}
export interface LoggedRequest { method: string; path: string; query: Record<string, string> }
export interface FakeFailure {
  /** HTTP status to answer; 0 destroys the connection (a network error). */
  status: number;
  reason?: string;
  retryAfter?: number;
  /** Which requests it hits; default every request except the token endpoint. */
  match?: (req: LoggedRequest) => boolean;
}
interface UploadSession { meta: Meta; query: URLSearchParams; total: number | null; received: Buffer[]; size: number; file?: FakeDriveFile }
interface Meta { name?: string; mimeType?: string; parents?: string[]; trashed?: boolean }

export interface FakeDrive {
  baseUrl: string;
  tokenUri: string;
  state: {
    driveId: string;
    files: Map<string, FakeDriveFile>;
    requests: LoggedRequest[];
    tokens: Map<string, { email: string; scope: string; expiresAt: number }>;
    serviceAccounts: Map<string, { publicKey: KeyObject; keyId?: string }>;
    changes: { seq: number; fileId: string; time: string }[];
    uploads: Map<string, UploadSession>;
  };
  fail: { next(n: number, failure: FakeFailure): void; slowMs: number; pending: FakeFailure[] };
  addFile(folderId: string, name: string, bytes: Buffer, mimeType?: string): FakeDriveFile;
  createFolder(name: string, parentId?: string): FakeDriveFile;
  filesIn(folderId: string): FakeDriveFile[];
  registerServiceAccount(email: string, publicKeyPem: string, keyId?: string): void;
  /** Invalidate every issued token (the next Drive call gets 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
  }
}
/** Google's JSON error body. */
function gErr(status: number, reason: string, message: string, o: { domain?: string; location?: string; locationType?: string; status?: string; headers?: Record<string, string> } = {}) {
  const item = { message, domain: o.domain ?? 'global', reason, ...(o.location ? { location: o.location, locationType: o.locationType ?? 'parameter' } : {}) };
  return new HttpError(status, { error: { code: status, message, errors: [item], ...(o.status ? { status: o.status } : {}) } }, o.headers);
}
const notFound = (id: string) => gErr(404, 'notFound', `File not found: ${id}.`, { location: 'fileId' });
const invalid = (param: string, message = 'Invalid Value') => gErr(400, 'invalid', message, { location: param });
const oauthErr = (error: string, description: string) => new HttpError(400, { error, error_description: description });

export async function startFakeDrive(opts: { port?: number; tokenTtlSeconds?: number } = {}): Promise<FakeDrive> {
  const driveId = `0A${randomBytes(9).toString('base64url')}Uk9PVA`;
  const state: FakeDrive['state'] = { driveId, files: new Map(), requests: [], tokens: new Map(), serviceAccounts: new Map(), changes: [], uploads: new Map() };
  const fail: FakeDrive['fail'] = {
    pending: [],
    slowMs: 0,
    next(n, failure) {
      for (let i = 0; i < n; i++) this.pending.push(failure);
    },
  };
  let seq = 1;
  let baseUrl = '';
  const now = () => new Date().toISOString();
  const newId = () => `1${randomBytes(24).toString('base64url')}`;
  const record = (f: FakeDriveFile) => state.changes.push({ seq: seq++, fileId: f.id, time: now() });
  state.files.set(driveId, { id: driveId, name: 'Field & Fen', mimeType: FOLDER_MIME, parents: [], bytes: Buffer.alloc(0), createdTime: now(), modifiedTime: now(), trashed: false, driveId });

  function put(meta: Meta, bytes: Buffer | null): FakeDriveFile {
    const t = now();
    const mimeType = meta.mimeType ?? 'application/octet-stream';
    const f: FakeDriveFile = {
      id: newId(), name: meta.name ?? 'Untitled', mimeType, parents: [...(meta.parents ?? [])], bytes: bytes ?? Buffer.alloc(0),
      createdTime: t, modifiedTime: t, trashed: false, driveId,
      ...(mimeType.startsWith('application/vnd.google-apps.') ? {} : { md5Checksum: createHash('md5').update(bytes ?? '').digest('hex') }),
    };
    state.files.set(f.id, f);
    record(f);
    return f;
  }
  const visible = (f: FakeDriveFile | undefined, q: URLSearchParams) =>
    f && (q.get('supportsAllDrives') === 'true' || q.get('supportsTeamDrives') === 'true') ? f : undefined;
  const lookup = (id: string, q: URLSearchParams) => visible(state.files.get(id), q) ?? (() => { throw notFound(id); })();
  /** Checks a new item's parents: the service account has no My Drive storage; a shared-drive item has one parent. */
  function checkParents(parents: string[] | undefined, q: URLSearchParams) {
    if (!parents?.length) throw gErr(403, 'storageQuotaExceeded', 'Service Accounts do not have storage quota. Leverage shared drives, or use OAuth delegation instead.', { domain: 'usageLimits' });
    if (parents.length > 1) throw gErr(403, 'teamDrivesParentLimit', 'A shared drive item must have exactly one parent.');
    const p = lookup(parents[0], q);
    if (p.mimeType !== FOLDER_MIME) throw invalid('parents', 'The specified parent is not a folder.');
  }
  function fileJson(f: FakeDriveFile): Record<string, unknown> {
    const isFolder = f.mimeType === FOLDER_MIME;
    return {
      kind: 'drive#file', id: f.id, name: f.name, mimeType: f.mimeType, parents: f.parents, driveId: f.driveId, trashed: f.trashed,
      createdTime: f.createdTime, modifiedTime: f.modifiedTime,
      ...(isFolder || !f.md5Checksum ? {} : { md5Checksum: f.md5Checksum, size: String(f.bytes.length) }),
    };
  }

  const api = {
    token(body: Buffer, headers: IncomingMessage['headers']) {
      if (!String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw oauthErr('invalid_request', 'Bad Request');
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('grant_type') !== JWT_BEARER) throw oauthErr('unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
      const parts = (form.get('assertion') ?? '').split('.');
      if (parts.length !== 3) throw oauthErr('invalid_grant', 'Invalid JWT Signature.');
      let header: { alg?: string; kid?: string }, claims: { iss?: string; scope?: string; aud?: string; iat?: number; exp?: number };
      try {
        [header, claims] = parts.slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
      } catch {
        throw oauthErr('invalid_grant', 'Invalid JWT Signature.');
      }
      const account = state.serviceAccounts.get(claims.iss ?? '');
      if (!account) throw oauthErr('invalid_grant', 'Invalid grant: account not found');
      const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), account.publicKey, Buffer.from(parts[2], 'base64url'));
      if (header.alg !== 'RS256' || !signed || (header.kid && account.keyId && header.kid !== account.keyId)) throw oauthErr('invalid_grant', 'Invalid JWT Signature.');
      if (claims.aud !== `${baseUrl}/token`) throw oauthErr('invalid_grant', `Invalid JWT: Failed audience check. The expected value was ${baseUrl}/token`);
      const t = Date.now() / 1000;
      if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp - claims.iat > 3600 || claims.exp < t || claims.iat > t + 300)
        throw oauthErr('invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
      if (!claims.scope) throw oauthErr('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
      const ttl = opts.tokenTtlSeconds ?? 3599;
      const accessToken = `ya29.fake.${randomBytes(24).toString('base64url')}`;
      state.tokens.set(accessToken, { email: claims.iss!, scope: claims.scope, expiresAt: Date.now() + ttl * 1000 });
      return { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' };
    },

    list(q: URLSearchParams) {
      const corpora = q.get('corpora') ?? 'user';
      const allDrives = q.get('includeItemsFromAllDrives') === 'true';
      if ((corpora.includes('drive') || corpora.includes('allDrives') || q.has('driveId')) && !allDrives)
        throw gErr(403, 'invalid', 'The includeItemsFromAllDrives parameter must be set to true when driveId is specified or corpora contains drive or allDrives.');
      if ((corpora === 'drive') !== q.has('driveId'))
        throw gErr(400, 'teamDriveIdRequiresTeamDriveCorpora', 'The driveId parameter must be specified if and only if corpora is set to drive.');
      const pageSize = Number(q.get('pageSize') ?? 100);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw invalid('pageSize', `Invalid value '${q.get('pageSize')}'. Values must be within the range: [1, 1000]`);
      const match = parseQuery(q.get('q') ?? '');
      const items = [...state.files.values()]
        .filter((f) => f.id !== driveId && allDrives && visible(f, q) && match(f))
        .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.id.localeCompare(b.id));
      const offset = q.has('pageToken') ? decodeToken(q.get('pageToken')!) : 0;
      const page = items.slice(offset, offset + pageSize);
      const more = offset + pageSize < items.length;
      return { kind: 'drive#fileList', incompleteSearch: false, ...(more ? { nextPageToken: encodeToken(offset + pageSize) } : {}), files: page.map(fileJson) };
    },

    create(q: URLSearchParams, body: Buffer) {
      const meta = parseJson(body) as Meta;
      checkParents(meta.parents, q);
      return fileJson(put(meta, null));
    },

    patch(id: string, q: URLSearchParams, body: Buffer) {
      const f = lookup(id, q);
      const meta = parseJson(body) as Meta;
      const add = (q.get('addParents') ?? '').split(',').filter(Boolean);
      const remove = new Set((q.get('removeParents') ?? '').split(',').filter(Boolean));
      for (const p of add) if (lookup(p, q).mimeType !== FOLDER_MIME) throw invalid('addParents', 'The specified parent is not a folder.');
      if (meta.parents) throw gErr(403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
      const parents = [...new Set([...f.parents.filter((p) => !remove.has(p)), ...add])];
      if (parents.length !== 1) throw gErr(403, 'teamDrivesParentLimit', 'A shared drive item must have exactly one parent.');
      f.parents = parents;
      if (meta.name) f.name = meta.name;
      if (meta.trashed !== undefined) {
        if (typeof meta.trashed !== 'boolean') throw invalid('trashed');
        f.trashed = meta.trashed;
      }
      f.modifiedTime = now();
      record(f);
      return fileJson(f);
    },

    multipart(q: URLSearchParams, body: Buffer, contentType: string) {
      const boundary = /^multipart\/related;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
      if (!boundary) throw gErr(400, 'badContent', 'Bad content type. Please use multipart.');
      const parts = splitMultipart(body, boundary);
      if (parts.length !== 2 || !/application\/json/i.test(parts[0].headers['content-type'] ?? '')) throw gErr(400, 'badContent', 'Malformed multipart body.');
      const meta = parseJson(parts[0].body) as Meta;
      checkParents(meta.parents, q);
      return fileJson(put({ ...meta, mimeType: meta.mimeType ?? parts[1].headers['content-type'] }, parts[1].body));
    },

    startResumable(q: URLSearchParams, body: Buffer, headers: IncomingMessage['headers']) {
      const meta = { ...(body.length ? (parseJson(body) as Meta) : {}) };
      checkParents(meta.parents, q);
      meta.mimeType ??= String(headers['x-upload-content-type'] ?? '') || undefined;
      const declared = headers['x-upload-content-length'];
      const uploadId = randomBytes(18).toString('base64url');
      state.uploads.set(uploadId, { meta, query: q, total: declared ? Number(declared) : null, received: [], size: 0 });
      const location = new URL(`${baseUrl}/upload/drive/v3/files`);
      q.forEach((v, k) => location.searchParams.set(k, v));
      location.searchParams.set('upload_id', uploadId);
      return location.toString();
    },

    /** One PUT to a session URI: a chunk, or `bytes *\/total` asking how far it got. */
    chunk(s: UploadSession, range: string, body: Buffer): { status: number; headers: Record<string, string> } {
      const done = () => ({ status: 200, headers: {} });
      const incomplete = () => ({ status: 308, headers: s.size ? { range: `bytes=0-${s.size - 1}` } : ({} as Record<string, string>) });
      const query = /^bytes \*\/(\d+|\*)$/.exec(range);
      if (query) return s.file ? done() : incomplete();
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
      if (!m) throw new HttpError(400, 'Failed to parse Content-Range header.');
      const [start, end] = [Number(m[1]), Number(m[2])];
      const total = m[3] === '*' ? null : Number(m[3]);
      if (total !== null) {
        if (s.total !== null && s.total !== total) throw new HttpError(400, 'Content-Range total does not match X-Upload-Content-Length.');
        s.total = total;
      }
      if (s.file) return done();
      if (body.length !== end - start + 1) throw new HttpError(400, 'Content-Range does not match the request body length.');
      if (start > s.size) throw new HttpError(400, `Invalid request. According to the Content-Range header, the upload offset is ${start} byte(s), which exceeds already uploaded size of ${s.size} byte(s).`);
      const final = s.total !== null && end + 1 === s.total;
      if (!final && body.length % CHUNK_UNIT !== 0) throw new HttpError(400, `Invalid request. The number of bytes uploaded is required to be equal or greater than 262144, except for the final request (it's recommended to be the exact multiple of 262144). The received request contained ${body.length} bytes, which does not meet this requirement.`);
      const fresh = body.subarray(s.size - start); // an overlap with bytes already held is dropped
      s.received.push(fresh);
      s.size += fresh.length;
      if (s.total !== null && s.size > s.total) throw new HttpError(400, 'Upload exceeds the declared size.');
      if (s.total !== null && s.size === s.total) {
        s.file = put(s.meta, Buffer.concat(s.received));
        s.received = [];
        return done();
      }
      return incomplete();
    },

    /** about.get: `fields` is required (400 otherwise, as Drive); the user is the token's service account. */
    about(q: URLSearchParams, email: string) {
      const fields = q.get('fields');
      if (!fields) throw gErr(400, 'required', "The 'fields' parameter is required for this method.", { location: 'fields' });
      const permissionId = BigInt(`0x${createHash('sha1').update(email).digest('hex').slice(0, 15)}`).toString();
      const user = { kind: 'drive#user', displayName: email.split('@')[0], me: true, permissionId, emailAddress: email };
      return selectFields({ kind: 'drive#about', user, storageQuota: { limit: '0', usage: '0', usageInDrive: '0', usageInDriveTrash: '0' }, canCreateDrives: true }, fields);
    },

    changes(q: URLSearchParams) {
      const token = q.get('pageToken');
      if (!token) throw gErr(400, 'required', 'Required parameter: pageToken', { location: 'pageToken' });
      const from = Number(token);
      if (!Number.isInteger(from) || from < 1) throw invalid('pageToken', 'Invalid Value');
      const pageSize = Number(q.get('pageSize') ?? 100);
      const withDrives = q.get('includeItemsFromAllDrives') === 'true';
      // Drive reports each file once, at its latest change.
      const log = state.changes.filter((c) => c.seq >= from);
      const latest = new Map(log.map((c) => [c.fileId, c.seq]));
      const shown = log.filter((c) => latest.get(c.fileId) === c.seq && withDrives && visible(state.files.get(c.fileId), q));
      const page = shown.slice(0, pageSize);
      const more = shown.length > pageSize;
      const changes = page.map((c) => ({ kind: 'drive#change', changeType: 'file', type: 'file', time: c.time, removed: false, fileId: c.fileId, file: fileJson(state.files.get(c.fileId)!), driveId }));
      return { kind: 'drive#changeList', ...(more ? { nextPageToken: String(shown[pageSize].seq) } : { newStartPageToken: String(seq) }), changes };
    },
  };

  function authorize(req: IncomingMessage) {
    const h = req.headers.authorization;
    if (!h?.startsWith('Bearer ')) throw gErr(401, 'required', 'Login Required.', { location: 'Authorization', locationType: 'header', status: 'UNAUTHENTICATED', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } });
    const t = state.tokens.get(h.slice(7));
    if (!t || t.expiresAt < Date.now())
      throw gErr(401, 'authError', 'Invalid Credentials', { location: 'Authorization', locationType: 'header', status: 'UNAUTHENTICATED', headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } });
    if (!t.scope.split(' ').includes(DRIVE_SCOPE)) throw gErr(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', { status: 'PERMISSION_DENIED' });
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, q: URLSearchParams, body: Buffer) {
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(json));
    };
    const fields = (json: Record<string, unknown>, dflt: string) => selectFields(json, q.get('fields') ?? dflt);
    const m = req.method ?? 'GET';
    if (m === 'POST' && path === '/token') return send(200, api.token(body, req.headers), { 'cache-control': 'no-store' });
    if (m === 'PUT' && path === '/upload/drive/v3/files' && q.has('upload_id')) {
      // The session URI itself authorises the chunks.
      const s = state.uploads.get(q.get('upload_id')!);
      if (!s) throw new HttpError(404, 'Not Found');
      const r = api.chunk(s, String(req.headers['content-range'] ?? ''), body);
      if (r.status === 308) return res.writeHead(308, { ...r.headers, 'content-length': '0' }).end();
      return send(200, selectFields(fileJson(s.file!), s.query.get('fields') ?? 'kind,id,name,mimeType'));
    }
    authorize(req);
    const fileRoute = /^\/drive\/v3\/files\/([^/]+)$/.exec(path);
    const fileDefault = 'kind,id,name,mimeType';
    if (m === 'GET' && path === '/drive/v3/files') return send(200, fields(api.list(q), 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)'));
    if (m === 'POST' && path === '/drive/v3/files') return send(200, fields(api.create(q, body), fileDefault));
    if (fileRoute && m === 'GET') {
      const f = lookup(decodeURIComponent(fileRoute[1]), q);
      if (q.get('alt') !== 'media') return send(200, fields(fileJson(f), fileDefault));
      if (f.mimeType.startsWith('application/vnd.google-apps.'))
        throw gErr(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', { location: 'alt' });
      return res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) }).end(f.bytes);
    }
    if (fileRoute && m === 'PATCH') return send(200, fields(api.patch(decodeURIComponent(fileRoute[1]), q, body), fileDefault));
    if (m === 'POST' && path === '/upload/drive/v3/files') {
      const type = q.get('uploadType');
      if (type === 'multipart') return send(200, fields(api.multipart(q, body, String(req.headers['content-type'] ?? '')), fileDefault));
      if (type === 'resumable') return res.writeHead(200, { location: api.startResumable(q, body, req.headers), 'content-length': '0' }).end();
      throw invalid('uploadType', `Invalid value '${type ?? ''}' for uploadType`);
    }
    if (m === 'GET' && path === '/drive/v3/about') return send(200, api.about(q, state.tokens.get(req.headers.authorization!.slice(7))!.email));
    if (m === 'GET' && path === '/drive/v3/changes/startPageToken') return send(200, { kind: 'drive#startPageToken', startPageToken: String(seq) });
    if (m === 'GET' && path === '/drive/v3/changes') return send(200, fields(api.changes(q), 'kind,nextPageToken,newStartPageToken,changes(kind,changeType,time,removed,fileId,file(kind,id,name,mimeType),driveId)'));
    throw new HttpError(404, 'Not Found');
  }

  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > MAX_BODY) throw new HttpError(413, 'Request Entity Too Large');
        chunks.push(c as Buffer);
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const logged: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) };
      state.requests.push(logged);
      if (fail.slowMs > 0) await new Promise((r) => setTimeout(r, fail.slowMs));
      const i = fail.pending.findIndex((f) => (f.match ? f.match(logged) : logged.path !== '/token'));
      if (i >= 0) {
        const [f] = fail.pending.splice(i, 1);
        if (f.status === 0) return void req.socket.destroy();
        throw injected(f);
      }
      await route(req, res, url.pathname, url.searchParams, Buffer.concat(chunks));
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      const e = err instanceof HttpError ? err : new HttpError(500, { error: { code: 500, message: String(err), errors: [{ domain: 'global', reason: 'backendError', message: 'Backend Error' }] } });
      const isText = typeof e.body === 'string';
      res.writeHead(e.status, { 'content-type': isText ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8', ...e.headers });
      res.end(isText ? e.body : JSON.stringify(e.body));
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeDrive = {
    baseUrl,
    tokenUri: `${baseUrl}/token`,
    state,
    fail,
    addFile: (folderId, name, bytes, mimeType = 'image/jpeg') => put({ name, mimeType, parents: [folderId] }, bytes),
    createFolder: (name, parentId = driveId) => put({ name, mimeType: FOLDER_MIME, parents: [parentId] }, null),
    filesIn: (folderId) => [...state.files.values()].filter((f) => !f.trashed && f.parents.includes(folderId)),
    registerServiceAccount: (email, pem, keyId) => void state.serviceAccounts.set(email, { publicKey: createPublicKey(pem), keyId }),
    revokeTokens: () => state.tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** A service account for the fake: a fresh RSA key pair, the public half registered. */
export function makeServiceAccount(fake: FakeDrive, name = 'fieldfen-worker') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomBytes(20).toString('hex');
  const email = `${name}@fieldfen-demo.iam.gserviceaccount.com`;
  fake.registerServiceAccount(email, publicKey.export({ type: 'spki', format: 'pem' }) as string, keyId);
  return {
    type: 'service_account',
    project_id: 'fieldfen-demo',
    private_key_id: keyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    client_email: email,
    client_id: String(100000000000000000000n + BigInt(Math.floor(Math.random() * 1e9))),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: fake.tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  };
}

function injected(f: FakeFailure): HttpError {
  const headers: Record<string, string> = f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
  if (f.status === 403) return gErr(403, f.reason ?? 'userRateLimitExceeded', f.reason === 'rateLimitExceeded' ? 'Rate Limit Exceeded' : 'User rate limit exceeded.', { domain: 'usageLimits', status: 'PERMISSION_DENIED', headers });
  if (f.status === 429) return gErr(429, f.reason ?? 'rateLimitExceeded', 'Rate limit exceeded', { domain: 'usageLimits', status: 'RESOURCE_EXHAUSTED', headers });
  if (f.status >= 500) return gErr(f.status, f.reason ?? 'backendError', 'Backend Error', { status: f.status === 503 ? 'UNAVAILABLE' : 'INTERNAL', headers });
  return gErr(f.status, f.reason ?? 'invalid', 'Injected failure', { headers });
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw gErr(400, 'parseError', 'Parse Error');
  }
}

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeToken(token: string): number {
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch { /* fall through */ }
  throw invalid('pageToken');
}

/** Drive `q` subset: terms joined by `and` — `'<id>' in parents`, `trashed = bool`, `mimeType|name (=|!=) '…'`, `name contains '…'`. */
export function parseQuery(q: string): (f: FakeDriveFile) => boolean {
  const tokens = q.match(/'(?:\\.|[^'\\])*'|!=|=|[A-Za-z]+/g) ?? [];
  if (tokens.join('').replace(/\s/g, '') !== q.replace(/\s/g, '')) throw invalid('q');
  const str = (t?: string) => {
    if (!t?.startsWith("'")) throw invalid('q');
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  };
  const terms: ((f: FakeDriveFile) => boolean)[] = [];
  for (let i = 0; i < tokens.length; ) {
    const [a, op, b] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (a.startsWith("'") && op === 'in' && b === 'parents') {
      const id = str(a);
      terms.push((f) => f.parents.includes(id));
    } else if (a === 'trashed' && op === '=' && (b === 'true' || b === 'false')) {
      terms.push((f) => f.trashed === (b === 'true'));
    } else if ((a === 'mimeType' || a === 'name') && (op === '=' || op === '!=' || (a === 'name' && op === 'contains'))) {
      const v = str(b);
      const key = a as 'mimeType' | 'name';
      terms.push((f) => (op === 'contains' ? f.name.includes(v) : (f[key] === v) === (op === '=')));
    } else throw invalid('q');
    i += 3;
    if (i < tokens.length && tokens[i++] !== 'and') throw invalid('q');
    if (i === tokens.length && tokens[i - 1] === 'and') throw invalid('q');
  }
  return (f) => terms.every((t) => t(f));
}

/** Google partial response: `a,b(c,d),e/f`. */
export function selectFields(obj: Record<string, unknown>, fields: string): Record<string, unknown> {
  if (fields.trim() === '*') return obj;
  const pick = (value: unknown, spec: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => pick(v, spec));
    if (!value || typeof value !== 'object' || spec === '*') return value;
    const out: Record<string, unknown> = {};
    for (const part of splitTop(spec)) {
      const m = /^([A-Za-z][A-Za-z0-9]*)(?:\/(.+)|\((.*)\))?$/.exec(part.trim());
      if (!m) throw invalid('fields', `Invalid field selection ${part}`);
      const v = (value as Record<string, unknown>)[m[1]];
      if (v === undefined) continue;
      const sub = m[2] ?? m[3];
      out[m[1]] = sub ? mergeInto(out[m[1]], pick(v, sub)) : v;
    }
    return out;
  };
  return pick(obj, fields) as Record<string, unknown>;
}
const mergeInto = (prev: unknown, next: unknown) => (prev && typeof prev === 'object' && !Array.isArray(prev) ? { ...prev, ...(next as object) } : next);
function splitTop(spec: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of spec) {
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    cur += ch;
  }
  if (depth !== 0) throw invalid('fields', `Invalid field selection ${spec}`);
  return [...out, cur].filter((s) => s.trim());
}

function splitMultipart(body: Buffer, boundary: string): { headers: Record<string, string>; body: Buffer }[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; body: Buffer }[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw gErr(400, 'badContent', 'Malformed multipart body.');
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    const next = body.indexOf(delim, pos);
    if (next < 0) throw gErr(400, 'badContent', 'Malformed multipart body.');
    const part = body.subarray(pos + 2, next - 2); // between the CRLF after the delimiter and the CRLF before the next
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) throw gErr(400, 'badContent', 'Malformed multipart body.');
    const headers = Object.fromEntries(
      part.subarray(0, sep).toString('utf8').split('\r\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    parts.push({ headers, body: part.subarray(sep + 4) });
    pos = next;
  }
}
