/**
 * Demo mode (SPEC §6): the project's own stand-ins for Google Drive, Replicate and
 * Shopify, started in this process on free local ports and seeded with generated
 * artwork (several ratio families and one unsupported ratio) in the fake Incoming
 * folder. The platform is pointed at them through the same variables a real
 * deployment sets, so the production code runs unchanged; nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/index.js';
import { demoArtworkSet } from '../images/demoArt.js';
import type { Logger } from '../logger.js';
import { makeServiceAccount, startFakeDrive } from '../standins/googleDrive.js';
import { FAKE_TEXT_MODEL, FAKE_UPSCALE_MODEL, startFakeReplicate } from '../standins/replicate.js';
import { startFakeShopify } from '../standins/shopify.js';

export const DEMO_DIR = path.join(REPO_ROOT, 'data', 'demo');

export interface Demo {
  /** Variables that point the platform at the stand-ins. */
  env: Record<string, string>;
  admin: { username: string; password: string };
  close(): Promise<void>;
}

export async function startDemo(log: Logger, env: NodeJS.ProcessEnv, dir = DEMO_DIR): Promise<Demo> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const drive = await startFakeDrive();
  const folders = {
    incoming: drive.createFolder('Incoming'),
    ready: drive.createFolder('Ready to Process'),
    species: drive.createFolder('Species'),
    published: drive.createFolder('Published'),
  };
  const credentialsPath = path.join(dir, 'service-account.json');
  writeFileSync(credentialsPath, JSON.stringify(makeServiceAccount(drive), null, 2), { mode: 0o600 });

  const replicateToken = `r8_demo_${randomBytes(8).toString('hex')}`;
  const replicate = await startFakeReplicate({ token: replicateToken, pollsUntilDone: 1 });
  const shopifyKey = 'demo-client-id';
  const shopifySecret = randomBytes(16).toString('hex');
  const shopify = await startFakeShopify({ clientId: shopifyKey, clientSecret: shopifySecret });

  const art = await demoArtworkSet();
  for (const a of art) drive.addFile(folders.incoming.id, a.filename, a.buffer, 'image/jpeg');

  const admin = { username: env.ADMIN_USERNAME ?? 'demo', password: env.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url') };
  const demoEnv: Record<string, string> = {
    DEMO_MODE: 'true',
    GOOGLE_DRIVE_CREDENTIALS_PATH: credentialsPath,
    GOOGLE_API_BASE_URL: drive.baseUrl,
    DRIVE_INCOMING_FOLDER_ID: folders.incoming.id,
    DRIVE_READY_FOLDER_ID: folders.ready.id,
    DRIVE_SPECIES_FOLDER_ID: folders.species.id,
    DRIVE_PUBLISHED_FOLDER_ID: folders.published.id,
    DRIVE_SCAN_INTERVAL_SECONDS: env.DRIVE_SCAN_INTERVAL_SECONDS ?? '10',
    REPLICATE_API_TOKEN: replicateToken,
    REPLICATE_API_BASE_URL: replicate.baseUrl,
    REPLICATE_UPSCALE_MODEL: FAKE_UPSCALE_MODEL,
    REPLICATE_METADATA_MODEL: FAKE_TEXT_MODEL,
    SHOPIFY_STORE_URL: shopify.baseUrl,
    SHOPIFY_API_KEY: shopifyKey,
    SHOPIFY_API_SECRET: shopifySecret,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    // A fresh demo database each start: the stand-ins keep their state in memory.
    ...(env.DATABASE_URL ? {} : { DATABASE_URL: `sqlite:///${path.join(dir, 'demo.db')}` }),
  };
  log.info(
    { drive: drive.baseUrl, replicate: replicate.baseUrl, shopify: shopify.baseUrl, artworks: art.map((a) => a.filename) },
    'DEMO MODE: local stand-ins for Google Drive, Replicate and Shopify are running; nothing is sent anywhere',
  );
  return {
    env: demoEnv,
    admin,
    async close() {
      await Promise.allSettled([drive.close(), replicate.close(), shopify.close()]);
    },
  };
}
