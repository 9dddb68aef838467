/**
 * Staged uploads, as Shopify hands them out from stagedUploadsCreate: a Google Cloud
 * Storage target. POST targets are the bucket URL plus form parameters (Content-Type,
 * success_action_status, acl, key, x-goog-*, policy) to send as a multipart form with the
 * file as the last field; PUT targets are a signed URL. resourceUrl = bucket URL + key, and
 * is what productCreate's media `originalSource` refers to.
 *
 * Like GCS, the target stores any bytes within the size policy; whether they are an image is
 * found out later, when productCreate processes the media (see inspectImage).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp, { type Metadata } from 'sharp';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024; // Shopify: images up to 20 MB
export const MAX_IMAGE_PIXELS = 20_000_000; // Shopify: images up to 20 megapixels

interface Issued {
  key: string;
  method: 'POST' | 'PUT';
  mimeType: string;
  params: Record<string, string>;
  resourceUrl: string;
  bytes?: Buffer;
}

export interface StagedTargetOut {
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
}

export class StagedUploads {
  private readonly byKey = new Map<string, Issued>();
  uploadedCount = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly shopId: string,
  ) {}

  issue(input: { filename: string; mimeType: string; httpMethod: 'POST' | 'PUT'; resource: string }): StagedTargetOut {
    const key = `tmp/${this.shopId}/${input.resource === 'FILE' ? 'files' : 'products'}/${randomUUID()}/${input.filename}`;
    const bucket = `${this.baseUrl()}/staged-uploads/`;
    const resourceUrl = bucket + key;
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const signature = randomBytes(32).toString('hex');
    const credential = `merchant-assets@shopify-tiers.iam.gserviceaccount.com/${date.slice(0, 8)}/auto/storage/goog4_request`;
    if (input.httpMethod === 'PUT') {
      const issued: Issued = { key, method: 'PUT', mimeType: input.mimeType, params: { 'X-Goog-Signature': signature }, resourceUrl };
      this.byKey.set(key, issued);
      const q = new URLSearchParams({ 'X-Goog-Algorithm': 'GOOG4-RSA-SHA256', 'X-Goog-Credential': credential, 'X-Goog-Date': date, 'X-Goog-Expires': '3600', 'X-Goog-SignedHeaders': 'content-type;host;x-goog-acl', 'X-Goog-Signature': signature });
      return { url: `${resourceUrl}?${q}`, resourceUrl, parameters: [{ name: 'content_type', value: input.mimeType }, { name: 'acl', value: 'private' }] };
    }
    const params: Record<string, string> = {
      'Content-Type': input.mimeType,
      success_action_status: '201',
      acl: 'private',
      key,
      'x-goog-date': date,
      'x-goog-credential': credential,
      'x-goog-algorithm': 'GOOG4-RSA-SHA256',
      'x-goog-signature': signature,
      policy: Buffer.from(JSON.stringify({ conditions: [{ key }, ['content-length-range', 1, MAX_IMAGE_BYTES]] })).toString('base64'),
    };
    this.byKey.set(key, { key, method: 'POST', mimeType: input.mimeType, params, resourceUrl });
    return { url: bucket, resourceUrl, parameters: Object.entries(params).map(([name, value]) => ({ name, value })) };
  }

  /** The stored bytes behind a resourceUrl, if the upload happened. */
  lookup(resourceUrl: string): { bytes: Buffer; mimeType: string } | undefined {
    for (const i of this.byKey.values()) if (i.resourceUrl === resourceUrl && i.bytes) return { bytes: i.bytes, mimeType: i.mimeType };
    return undefined;
  }

  /** Handle POST /staged-uploads/ and PUT /staged-uploads/<key>; returns the status sent. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<number> {
    if (req.method === 'POST' && url.pathname === '/staged-uploads/') return this.handlePost(req, res, body);
    if (req.method === 'PUT') return this.handlePut(req, res, url, body);
    return gcsError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<number> {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData();
    } catch {
      return gcsError(res, 400, 'InvalidArgument', 'Invalid multipart form.');
    }
    const issued = this.byKey.get(String(form.get('key') ?? ''));
    if (!issued || issued.method !== 'POST') return gcsError(res, 403, 'AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$key"]');
    for (const [name, value] of Object.entries(issued.params)) {
      if (form.get(name) !== value) return gcsError(res, 403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ["eq", "$${name}"]`);
    }
    const keys = [...form.keys()];
    const file = form.get('file');
    if (!(file instanceof Blob) || keys[keys.length - 1] !== 'file') {
      return gcsError(res, 400, 'InvalidArgument', 'The file must be the last field of the form.');
    }
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length < 1 || bytes.length > MAX_IMAGE_BYTES) return gcsError(res, 400, 'EntityTooLarge', 'Your proposed upload is larger than the maximum object size specified in your Policy Document.');
    issued.bytes = bytes;
    this.uploadedCount++;
    res.writeHead(201, { 'Content-Type': 'application/xml; charset=UTF-8', Location: issued.resourceUrl, ETag: '"fake"' });
    res.end(`<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${issued.resourceUrl}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${issued.key}</Key><ETag>"fake"</ETag></PostResponse>`);
    return 201;
  }

  private handlePut(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): number {
    const key = decodeURIComponent(url.pathname.slice('/staged-uploads/'.length));
    const issued = this.byKey.get(key);
    if (!issued || issued.method !== 'PUT' || url.searchParams.get('X-Goog-Signature') !== issued.params['X-Goog-Signature']) {
      return gcsError(res, 403, 'SignatureDoesNotMatch', 'Access denied.');
    }
    if (req.headers['content-type'] !== issued.mimeType || req.headers['x-goog-acl'] !== 'private') {
      return gcsError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided (signed headers: content-type, x-goog-acl).');
    }
    if (body.length < 1 || body.length > MAX_IMAGE_BYTES) return gcsError(res, 400, 'EntityTooLarge', 'Your proposed upload is too large.');
    issued.bytes = body;
    this.uploadedCount++;
    res.writeHead(200, { 'Content-Length': '0' });
    res.end();
    return 200;
  }
}

function gcsError(res: ServerResponse, status: number, code: string, message: string): number {
  res.writeHead(status, { 'Content-Type': 'application/xml; charset=UTF-8' });
  res.end(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  return status;
}

export type MediaVerdict = { status: 'READY'; width: number; height: number } | { status: 'FAILED'; code: string; message: string };

/** What Shopify's media processing would make of these bytes. */
export async function inspectImage(bytes: Buffer): Promise<MediaVerdict> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { status: 'FAILED', code: 'UNSUPPORTED_IMAGE_FILE_TYPE', message: 'Image could not be processed: the file is not a supported image.' };
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!['jpeg', 'png', 'gif', 'webp', 'heif', 'avif'].includes(meta.format ?? '')) {
    return { status: 'FAILED', code: 'UNSUPPORTED_IMAGE_FILE_TYPE', message: `Image format ${meta.format} is not supported.` };
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    return { status: 'FAILED', code: 'INVALID_IMAGE_RESOLUTION', message: `Image resolution ${width}x${height} exceeds the maximum of 20 megapixels.` };
  }
  return { status: 'READY', width, height };
}
