import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { userActor, type UserActor } from '../http/actor.js';
import { ACTOR_COLUMNS } from '../users/users.js';
import { newToken, sha256 } from './tokens.js';
import { perDatabase } from '../db/per-database.js';

const SESSION_TTL_MS = 12 * 3_600_000;
const CACHE_TTL_MS = 10_000;

type Cached = { actor: UserActor | null; until: number };

/**
 * Server-side sessions keyed by the hash of an opaque token. Lookups are cached for a few seconds because
 * every API call needs one; a logout clears this process's cache at once.
 */
export class SessionStore {
  private cache = new Map<string, Cached>();
  constructor(private readonly db: Kysely<DB>) {}

  async create(
    jurisdictionId: string,
    userId: number,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.db
      .insertInto('sessions')
      .values({
        jurisdiction_id: jurisdictionId,
        token_hash: sha256(token),
        user_id: userId,
        expires_at: expiresAt,
      })
      .execute();
    return { token, expiresAt };
  }

  async resolve(token: string, now: Date): Promise<UserActor | null> {
    const key = sha256(token);
    const hit = this.cache.get(key);
    if (hit && hit.until > now.getTime()) return hit.actor;
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (j) =>
        j.onRef('u.jurisdiction_id', '=', 's.jurisdiction_id').onRef('u.id', '=', 's.user_id'),
      )
      .select([...ACTOR_COLUMNS, 's.expires_at'])
      .where('s.token_hash', '=', key)
      .executeTakeFirst();
    const actor = row && row.active && row.expires_at.getTime() > now.getTime() ? userActor(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { actor, until: now.getTime() + CACHE_TTL_MS });
    return actor;
  }

  async destroy(token: string): Promise<void> {
    const key = sha256(token);
    this.cache.delete(key);
    await this.db.deleteFrom('sessions').where('token_hash', '=', key).execute();
  }

  /** Drops a user's cached sessions (their rows are gone: a password reset). */
  forgetUser(jurisdictionId: string, userId: number): void {
    for (const [key, hit] of this.cache)
      if (hit.actor?.userId === userId && hit.actor.jurisdictionId === jurisdictionId) this.cache.delete(key);
  }
}

/** One session store per database handle (per process), so that every route revokes in the same cache. */
export const sessionStore = perDatabase((db) => new SessionStore(db));
