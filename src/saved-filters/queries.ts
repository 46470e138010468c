import type { Actor } from '../http/actor.js';
import { dbOf, type DbSource } from '../db/source.js';

/** A user's saved filters, by name. */
export function listSavedFilters(source: DbSource, actor: Actor & { kind: 'user' }) {
  return dbOf(source)
    .selectFrom('saved_filters')
    .select(['id', 'name', 'filter', 'created_at'])
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .where('user_id', '=', actor.userId)
    .orderBy('name')
    .execute();
}
