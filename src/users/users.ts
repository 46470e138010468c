import type { Kysely } from 'kysely';
import { ROLES, type DB, type Role } from '../db/schema.js';
import type { Vault } from '../privacy/crypto.js';
import { maskPhone } from '../privacy/mask.js';
import { knownPhone } from '../privacy/phone.js';
import { hashPassword } from './passwords.js';
import { dbConflict, isUniqueViolation } from '../http/db-errors.js';
import { AppError } from '../http/errors.js';
import { dbOf, type DbSource } from '../db/source.js';

/** The columns of `users as u` a logged-in user acts with (see userActor in src/http/actor.ts). */
export const ACTOR_COLUMNS = [
  'u.jurisdiction_id',
  'u.id',
  'u.role',
  'u.department_code',
  'u.area_code',
  'u.display_name',
  'u.phone_hash',
  'u.active',
] as const;

/** Every role but the resident's. */
export const STAFF_ROLES = ROLES.filter((r): r is Exclude<Role, 'resident'> => r !== 'resident');

export type NewStaff = {
  jurisdictionId: string;
  username: string;
  displayName: string;
  role: (typeof STAFF_ROLES)[number];
  departmentCode?: string | null;
  areaCode?: string | null;
  password?: string;
  /** A precomputed argon2 hash (the demo loader hashes its one password once for all demo users). */
  passwordHash?: string;
};

/** Adds a member of staff; a taken username is a 409 username_taken, an unknown department a 422. */
export async function createStaffUser(source: DbSource, u: NewStaff) {
  const password_hash = u.passwordHash ?? (u.password ? await hashPassword(u.password) : null);
  return dbOf(source)
    .insertInto('users')
    .values({
      jurisdiction_id: u.jurisdictionId,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      department_code: u.departmentCode ?? null,
      area_code: u.areaCode ?? null,
      password_hash,
    })
    .returning(['id', 'username', 'role', 'department_code'])
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new AppError('username_taken', { username: u.username });
      return dbConflict(err, { unknown_reference: { department_code: u.departmentCode } });
    });
}

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'department_code',
  'area_code',
  'active',
  'created_at',
] as const;

/** `text` as a LIKE pattern that finds it anywhere (its own % _ \\ taken literally). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A page of the staff users, in the order they were added; `q` finds a part of the username, the display name or
 * the department's code.
 */
export async function usersPage(
  source: DbSource,
  jurisdictionId: string,
  opts: { q?: string | undefined; limit: number; offset: number },
) {
  const db = dbOf(source);
  let query = db
    .selectFrom('users')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('role', '!=', 'resident');
  if (opts.q) {
    const like = containing(opts.q.toLowerCase());
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), 'like', like),
        eb(eb.fn('lower', ['display_name']), 'like', like),
        eb(eb.fn('lower', ['department_code']), 'like', like),
      ]),
    );
  }
  const [items, count] = await Promise.all([
    query.select(USER_COLUMNS).orderBy('id').limit(opts.limit).offset(opts.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function listUsers(source: DbSource, jurisdictionId: string) {
  return dbOf(source)
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('role', '!=', 'resident')
    .orderBy('id')
    .execute();
}

/**
 * A new password, and every session of the user ended with it (a reset is what an admin does when an account
 * may be in the wrong hands). Returns the user's id, or null when there is no such user. A server's cache of
 * sessions forgets them at once when it made the change, else within its few seconds.
 */
export async function resetPassword(
  source: DbSource,
  jurisdictionId: string,
  username: string,
  password: string,
): Promise<number | null> {
  const hash = await hashPassword(password);
  return dbOf(source)
    .transaction()
    .execute(async (tx) => {
      const user = await tx
        .updateTable('users')
        .set({ password_hash: hash })
        .where('jurisdiction_id', '=', jurisdictionId)
        .where('username', '=', username)
        .returning('id')
        .executeTakeFirst();
      if (!user) return null;
      await tx
        .deleteFrom('sessions')
        .where('jurisdiction_id', '=', jurisdictionId)
        .where('user_id', '=', user.id)
        .execute();
      return user.id;
    });
}

/** A resident's account is their phone number: found by its keyed hash, created on first login. */
export async function findOrCreateResident(
  db: Kysely<DB>,
  vault: Vault,
  jurisdictionId: string,
  phone: string,
) {
  const p = knownPhone(phone);
  const phoneHash = vault.hash(p);
  const existing = await db
    .selectFrom('users')
    .select(['id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('role', '=', 'resident')
    .where('phone_hash', '=', phoneHash)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('users')
    .values({
      jurisdiction_id: jurisdictionId,
      username: null,
      display_name: `居民 ${maskPhone(p)}`,
      role: 'resident',
      phone_hash: phoneHash,
      phone_enc: vault.encrypt(p),
    })
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'phone_hash']).where('role', '=', 'resident').doNothing(),
    )
    .returning(['id'])
    .executeTakeFirst();
  if (row) return row.id;
  return findOrCreateResident(db, vault, jurisdictionId, phone);
}
