/** Settings rows: small JSON values changed from the dashboard (e.g. the price table). */
import type { Db } from '../../db/connection.js';
import { nowIso } from '../../time.js';

export async function getSetting(db: Db, key: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value_json) : undefined;
}

export async function putSetting(db: Db, key: string, value: unknown): Promise<void> {
  const now = nowIso();
  const value_json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute();
}
