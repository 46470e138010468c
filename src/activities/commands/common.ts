/** What several commands check: a session as its organiser runs it, the references a record names. */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayRunSession } from '../../http/policies.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { activitiesDb } from '../schema.js';

/** A session's row with its secret, for the commands that check codes or run it; 404 when not there. */
export async function sessionRow(db: Kysely<DB>, jurisdictionId: string, id: number) {
  const s = await activitiesDb(db)
    .selectFrom('activity_sessions')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s) throw new AppError('not_found');
  return s;
}

/** The session the actor runs (its organiser, or the centre): 404 when not there, 403 for another's. */
export async function sessionToRun(ctx: AppContext, actor: Actor, id: number) {
  const s = await sessionRow(ctx.db, actor.jurisdictionId, id);
  if (!mayRunSession(actor, s.organiser_user_id)) throw new AppError('forbidden');
  return s;
}

/** Refuses a session already cancelled. */
export function ensureNotCancelled(s: { cancelled_at: Date | null }) {
  if (s.cancelled_at) throw new AppError('session_cancelled');
}

/** Refuses an area or department code the jurisdiction does not have (422 unknown_reference). */
export async function checkCodes(
  ctx: AppContext,
  jurisdictionId: string,
  codes: { area_code?: string | null | undefined; department_code?: string | null | undefined },
) {
  const ref = await referenceCache(ctx.db).get(jurisdictionId);
  if (codes.area_code && !ref.areas.has(codes.area_code))
    throw new AppError('unknown_reference', { area_code: codes.area_code });
  if (codes.department_code && !ref.departments.has(codes.department_code))
    throw new AppError('unknown_reference', { department_code: codes.department_code });
}

type Numbered = 'activity_topics' | 'activity_teams' | 'activity_routes';

/** Refuses an id of a topic, team or route the jurisdiction does not have (422 unknown_reference). */
export async function checkIds(
  ctx: AppContext,
  jurisdictionId: string,
  ids: Partial<Record<Numbered, number | null | undefined>>,
) {
  for (const [table, id] of Object.entries(ids) as [Numbered, number | null | undefined][]) {
    if (id === null || id === undefined) continue;
    const found = await activitiesDb(ctx.db)
      .selectFrom(table)
      .select('id')
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) throw new AppError('unknown_reference', { [table.replace('activity_', '')]: id });
  }
}

/** Refuses an update of a version that is not the current one (409 version_conflict). */
export async function versionConflict(db: Kysely<DB>, jurisdictionId: string, id: number, expected: number) {
  const s = await sessionRow(db, jurisdictionId, id);
  return new AppError('version_conflict', { current_version: s.version, expected_version: expected });
}
