/** Counts of wrong tries per key (a phone, an account) in a rolling window, shared by every process (auth_throttle). */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inJurisdiction } from '../db/source.js';

/** When the key's window holds `max` failures or more: how long until it ends; else null. */
export async function lockedFor(
  db: Kysely<DB>,
  jurisdictionId: string,
  key: string,
  limits: { windowMs: number; failures: number },
  now: Date,
): Promise<number | null> {
  const row = await inJurisdiction(db, 'auth_throttle', jurisdictionId)
    .select(['failures', 'window_start'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  const end = row.window_start.getTime() + limits.windowMs;
  return row.failures >= limits.failures && end > now.getTime() ? end - now.getTime() : null;
}

/** One more failure for the key; a window that has passed starts again with it. */
export async function recordFailure(
  db: Kysely<DB>,
  jurisdictionId: string,
  key: string,
  windowMs: number,
  now: Date,
): Promise<void> {
  const fresh = sql<boolean>`auth_throttle.window_start <= ${new Date(now.getTime() - windowMs)}`;
  await db
    .insertInto('auth_throttle')
    .values({
      jurisdiction_id: jurisdictionId,
      key,
      window_start: now,
      sends: 0,
      failures: 1,
      next_send_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'key']).doUpdateSet({
        failures: sql`case when ${fresh} then 1 else auth_throttle.failures + 1 end`,
        window_start: sql`case when ${fresh} then ${now}::timestamptz else auth_throttle.window_start end`,
      }),
    )
    .execute();
}

export async function clearFailures(db: Kysely<DB>, jurisdictionId: string, key: string): Promise<void> {
  await db
    .updateTable('auth_throttle')
    .set({ failures: 0 })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('key', '=', key)
    .execute();
}
