import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { requestVisibility, type Visibility } from '../http/policies.js';
import { loadCoHandlers } from './co-handlers.js';
import { findDuplicatesOf } from './duplicate-index.js';
import { dbOf, ofRequest, type DbSource } from '../db/source.js';

type RequestQuery<O> = SelectQueryBuilder<DB, 'requests', O>;

/** Narrows a query on `requests` to what a visibility allows. */
export function visibleTo<O>(q: RequestQuery<O>, v: Visibility): RequestQuery<O> {
  switch (v.kind) {
    case 'all':
      return q;
    case 'department':
      // what the department handles, co-handles (协办), and what it ordered as a community (社区点单)
      return q.where((eb) =>
        eb.or([
          eb('requests.department_code', '=', v.code),
          eb('requests.requester_department_code', '=', v.code),
          eb('requests.co_department_codes', '@>', sql<string[]>`array[${v.code}]::text[]`),
        ]),
      );
    case 'reporter':
      return q.where('requests.reporter_phone_hash', '=', v.phoneHash);
    case 'created_by':
      return q.where('requests.created_by_user_id', '=', v.userId);
    case 'api_key':
      return q.where('requests.api_key_id', '=', v.apiKeyId);
    case 'none':
      return q.where((eb) => eb.val(false));
  }
}

export function loadRequest(
  db: Kysely<DB> | Transaction<DB>,
  jurisdictionId: string,
  id: number,
  v: Visibility,
  opts: { forUpdate?: boolean } = {},
) {
  let q = visibleTo(
    db.selectFrom('requests').selectAll().where('jurisdiction_id', '=', jurisdictionId).where('id', '=', id),
    v,
  );
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function loadTimeline(db: Kysely<DB>, jurisdictionId: string, id: number) {
  return ofRequest(db, 'request_events', jurisdictionId, id)
    .select(['seq', 'type', 'actor_role', 'actor_label', 'from_status', 'to_status', 'payload', 'at'])
    .orderBy('seq')
    .execute();
}

/** Statuses in which a request may still be dispatched or merged: its probable duplicates matter then. */
const UNDECIDED = ['registered', 'returned', 'dispatched'];

/**
 * A request the actor may see, with its timeline and, when asked (the dispatchers' view) and it is still to
 * be dispatched or merged, its probable duplicates; undefined when it does not exist or is not visible.
 */
export async function loadRequestDetail(
  source: DbSource,
  actor: Actor,
  id: number,
  opts: { withDuplicates: boolean; now: Date },
) {
  const db = dbOf(source);
  const row = await loadRequest(db, actor.jurisdictionId, id, requestVisibility(actor));
  if (!row) return undefined;
  const [timeline, coHandlers, duplicates] = await Promise.all([
    loadTimeline(db, actor.jurisdictionId, row.id),
    loadCoHandlers(db, actor.jurisdictionId, row.id),
    opts.withDuplicates && UNDECIDED.includes(row.status)
      ? findDuplicatesOf(db, actor.jurisdictionId, row.id, { now: opts.now })
      : undefined,
  ]);
  return { row, timeline, coHandlers, duplicates };
}

/**
 * The status of a request the department held once (it was dispatched to it) and no longer sees, e.g. because a
 * colleague returned it a moment ago: its staff, racing that change, are told it changed (409) rather than that it
 * does not exist (404), which would only be true for a request they never had.
 */
export async function statusOnceHeldBy(
  db: Kysely<DB> | Transaction<DB>,
  jurisdictionId: string,
  id: number,
  v: Visibility,
): Promise<string | null> {
  if (v.kind !== 'department') return null;
  const row = await db
    .selectFrom('requests as r')
    .select('r.status')
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.id', '=', id)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('request_events as e')
          .select('e.seq')
          .whereRef('e.jurisdiction_id', '=', 'r.jurisdiction_id')
          .whereRef('e.request_id', '=', 'r.id')
          .where('e.type', 'in', ['dispatch', 'auto-dispatch'])
          .where(sql`e.payload->>'department_code'`, '=', v.code),
      ),
    )
    .executeTakeFirst();
  return row?.status ?? null;
}
