/** User rows. */
import type { Db } from '../../db/connection.js';
import type { User } from '../../db/schema.js';
import { nowIso } from '../../time.js';

export async function userByName(db: Db, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function userById(db: Db, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, user: User): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function anyUser(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute();
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<User | undefined> {
  return db.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteUser(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countAdmins(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
  return Number(r.n);
}
