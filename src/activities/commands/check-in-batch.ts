/**
 * The organiser's offline names (taken on a poor connection, synced later): applied once under an
 * Idempotency-Key (the same batch again answers the first result and writes nothing), an entry seen before (its
 * client id, or the same person by phone or name and branch) counted as a duplicate, not twice; an entry outside
 * the session's check-in window, or beyond its capacity, refused with its code.
 */
import { sha256 } from '../../auth/tokens.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { claimKey, settleKey } from '../../http/idempotency.js';
import { memberKeyInput } from '../attendee-identity.js';
import { activitiesDb } from '../schema.js';
import type { BatchInput } from '../schemas.js';
import { withinCheckIn } from '../session-state.js';
import { lockSession, type NewAttendee } from './check-in.js';
import { ensureNotCancelled, sessionToRun } from './common.js';

export type BatchResult = {
  applied: number;
  duplicates: number;
  refused: { client_id: string; code: string }[];
};

/** How far ahead of the server's clock the organiser's device may be. */
const CLOCK_SKEW_MS = 10 * 60_000;

export async function checkInBatch(
  ctx: AppContext,
  opts: { actor: Actor; sessionId: number; input: BatchInput; idempotencyKey: string | undefined },
): Promise<{ result: BatchResult; replayed: boolean }> {
  const { actor, input } = opts;
  if (!opts.idempotencyKey)
    throw new AppError('validation_failed', {
      issues: [{ path: 'Idempotency-Key', message: 'required: the offline batch is applied once' }],
    });
  const s = await sessionToRun(ctx, actor, opts.sessionId);
  ensureNotCancelled(s);
  const j = actor.jurisdictionId;
  const now = ctx.now();
  const entries = input.entries.map((e) => ({
    client_id: e.client_id,
    at: e.at,
    row: {
      method: 'offline',
      phone_hash: e.phone ? ctx.vault.hash(e.phone) : null,
      phone_enc: e.phone ? ctx.vault.encrypt(e.phone) : null,
      name_enc: ctx.vault.encrypt(e.name),
      branch: e.branch ?? null,
      name_key: ctx.vault.hash(memberKeyInput(e.name, e.branch)),
      checked_in_at: e.at,
      client_id: e.client_id,
      recorded_by_user_id: actor.kind === 'user' ? actor.userId : null,
    } satisfies NewAttendee,
  }));
  const k = {
    jurisdictionId: j,
    scope: `activity-check-ins:${s.id}`,
    key: opts.idempotencyKey,
    fingerprint: sha256(JSON.stringify(input.entries.map((e) => ({ ...e, at: e.at.toISOString() })))),
  };

  return ctx.db.transaction().execute(async (tx) => {
    const prior = await claimKey<BatchResult>(tx, k);
    if (prior) return { result: prior.replay, replayed: true };
    const locked = await lockSession(tx, j, s.id);
    const db = activitiesDb(tx);
    const existing = await db
      .selectFrom('activity_attendees')
      .select(['phone_hash', 'name_key', 'client_id'])
      .where('jurisdiction_id', '=', j)
      .where('session_id', '=', s.id)
      .execute();
    const seen = new Set(
      existing.flatMap((a) => [
        ...(a.phone_hash ? [`p:${a.phone_hash}`] : []),
        ...(a.name_key ? [`n:${a.name_key}`] : []),
        ...(a.client_id ? [`c:${a.client_id}`] : []),
      ]),
    );
    let taken = existing.length + locked.headcount;
    const result: BatchResult = { applied: 0, duplicates: 0, refused: [] };
    const rows: NewAttendee[] = [];
    for (const e of entries) {
      const keys = [
        `c:${e.client_id}`,
        ...(e.row.phone_hash ? [`p:${e.row.phone_hash}`] : []),
        `n:${e.row.name_key}`,
      ];
      if (e.at.getTime() > now.getTime() + CLOCK_SKEW_MS || !withinCheckIn(s, e.at)) {
        result.refused.push({ client_id: e.client_id, code: 'session_not_running' });
      } else if (keys.some((key) => seen.has(key))) {
        result.duplicates++;
      } else if (locked.capacity !== null && taken >= locked.capacity) {
        result.refused.push({ client_id: e.client_id, code: 'session_full' });
      } else {
        keys.forEach((key) => seen.add(key));
        taken++;
        rows.push(e.row);
        result.applied++;
      }
    }
    if (rows.length > 0)
      await db
        .insertInto('activity_attendees')
        .values(rows.map((r) => ({ jurisdiction_id: j, session_id: s.id, ...r, created_at: now })))
        .execute();
    await settleKey(tx, k, result);
    return { result, replayed: false };
  });
}
