/** 场次: creating a session, changing it under its version, cancelling it, counting its walk-ins. */
import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageActivities } from '../../http/policies.js';
import { activitiesDb } from '../schema.js';
import type { SessionInput, SessionPatchInput } from '../schemas.js';
import { formatFitsKind } from '../formats.js';
import { checkCodes, checkIds, ensureNotCancelled, sessionToRun, versionConflict } from './common.js';

const SECRET_BYTES = 32;

/**
 * Plans a session, organised by the actor (a system actor, loading the demo, names the organiser). Its
 * check-in secret is drawn here and never leaves the server.
 */
export async function createSession(
  ctx: AppContext,
  opts: { actor: Actor; input: SessionInput; organiserUserId?: number },
): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const organiser = actor.kind === 'user' ? actor.userId : opts.organiserUserId;
  if (organiser === undefined) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await checkCodes(ctx, j, input);
  await checkIds(ctx, j, {
    activity_topics: input.topic_id,
    activity_teams: input.team_id,
    activity_routes: input.route_id,
  });
  const now = ctx.now();
  const s = await activitiesDb(ctx.db)
    .insertInto('activity_sessions')
    .values({
      jurisdiction_id: j,
      ...input,
      check_in_secret: crypto.randomBytes(SECRET_BYTES),
      organiser_user_id: organiser,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return s.id;
}

/** Changes a planned or running session under its version (409 version_conflict when it moved on). */
export async function updateSession(
  ctx: AppContext,
  opts: { actor: Actor; id: number; patch: SessionPatchInput; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor, id, patch } = opts;
  const j = actor.jurisdictionId;
  const s = await sessionToRun(ctx, actor, id);
  ensureNotCancelled(s);
  const kind = patch.kind ?? s.kind;
  const format = patch.format ?? s.format;
  if (!formatFitsKind(kind, format))
    throw new AppError('validation_failed', {
      issues: [{ path: 'format', message: `not a format of a ${kind} session` }],
    });
  const startsAt = patch.starts_at ?? s.starts_at;
  const endsAt = patch.ends_at ?? s.ends_at;
  if (startsAt >= endsAt)
    throw new AppError('validation_failed', {
      issues: [{ path: 'ends_at', message: 'ends_at must be after starts_at' }],
    });
  await checkCodes(ctx, j, { area_code: patch.area_code });
  await checkIds(ctx, j, {
    activity_topics: patch.topic_id,
    activity_teams: patch.team_id,
    activity_routes: patch.route_id,
  });
  const expected = opts.expectedVersion ?? s.version;
  const updated = await activitiesDb(ctx.db)
    .updateTable('activity_sessions')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: ctx.now() }))
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .where('version', '=', expected)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw await versionConflict(ctx.db, j, id, expected);
}

/** Cancels a session (it stays listed, as cancelled; check-ins are refused). */
export async function cancelSession(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: { reason?: string | undefined; expected_version: number } },
): Promise<void> {
  const { actor, id, input } = opts;
  const j = actor.jurisdictionId;
  const s = await sessionToRun(ctx, actor, id);
  ensureNotCancelled(s);
  const now = ctx.now();
  const updated = await activitiesDb(ctx.db)
    .updateTable('activity_sessions')
    .set((eb) => ({
      cancelled_at: now,
      cancel_reason: input.reason || null,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .where('version', '=', input.expected_version)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw await versionConflict(ctx.db, j, id, input.expected_version);
}

/** The walk-ins the organiser counted (besides the named check-ins), under the session's version. */
export async function setHeadcount(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: { headcount: number; expected_version: number } },
): Promise<void> {
  const { actor, id, input } = opts;
  const j = actor.jurisdictionId;
  const s = await sessionToRun(ctx, actor, id);
  ensureNotCancelled(s);
  const updated = await activitiesDb(ctx.db)
    .updateTable('activity_sessions')
    .set((eb) => ({ headcount: input.headcount, version: eb('version', '+', 1), updated_at: ctx.now() }))
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .where('version', '=', input.expected_version)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw await versionConflict(ctx.db, j, id, input.expected_version);
}
