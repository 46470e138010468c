/**
 * The one write path for a request's changes: the row patched with its version bumped, its event and any
 * follow-up events appended to its timeline, and its outbox messages queued, all in the caller's transaction
 * (which has loaded the row FOR UPDATE and decided the change), with its co-handlers (吹哨报到) added or updated.
 * Only the files of this folder write `requests`, `request_events`, `request_co_handlers` and the requests' outbox
 * messages (a test holds every other file to it).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoHandlerPatch, DB, NewCoHandler, RequestPatch, RequestRow } from '../../db/schema.js';
import { actorRole, actorUserId, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { checkedPayload, type RequestEvent } from '../events/catalogue.js';
import { checkedTopicPayload, type OutboxInput } from '../events/topics.js';

export type Db = Kysely<DB> | Transaction<DB>;

export type Change = {
  /** The request as loaded, locked, in this transaction. */
  row: RequestRow;
  actor: Actor;
  at: Date;
  /** The status after the change; unchanged when absent. */
  to?: string;
  patch?: RequestPatch;
  event: RequestEvent;
  /** Events that follow the main one on this request (e.g. an escalation after too many returns). */
  followups?: readonly RequestEvent[];
  outbox?: readonly OutboxInput[];
  coHandlers?: CoHandlerChange;
};

/** 吹哨报到: co-handlers added to the request, and changes to some of its co-handlers (by department). */
export type CoHandlerChange = {
  add?: readonly Omit<NewCoHandler, 'jurisdiction_id' | 'request_id' | 'request_created_at'>[];
  update?: readonly { department_code: string; set: CoHandlerPatch }[];
};

export async function applyChange(tx: Db, c: Change): Promise<{ request: RequestRow; eventIds: number[] }> {
  const { row } = c;
  const to = c.to ?? row.status;
  const request = await tx
    .updateTable('requests')
    .set({ ...c.patch, status: to, version: row.version + 1, updated_at: c.at })
    .where('jurisdiction_id', '=', row.jurisdiction_id)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst();
  if (!request) throw new AppError('version_conflict', { expected_version: row.version });
  const eventIds = await appendEvents(tx, {
    row,
    actor: c.actor,
    at: c.at,
    events: [
      { event: c.event, from: row.status, to },
      ...(c.followups ?? []).map((event) => ({ event, from: to, to })),
    ],
  });
  await enqueueMessages(tx, row, c.outbox ?? []);
  if (c.coHandlers) await writeCoHandlers(tx, row, c.coHandlers);
  return { request, eventIds };
}

async function writeCoHandlers(tx: Db, row: RequestRow, change: CoHandlerChange): Promise<void> {
  if (change.add?.length) {
    await tx
      .insertInto('request_co_handlers')
      .values(
        change.add.map((c) => ({
          ...c,
          jurisdiction_id: row.jurisdiction_id,
          request_id: row.id,
          request_created_at: row.created_at,
        })),
      )
      .execute();
  }
  for (const u of change.update ?? []) {
    await tx
      .updateTable('request_co_handlers')
      .set(u.set)
      .where('jurisdiction_id', '=', row.jurisdiction_id)
      .where('request_id', '=', row.id)
      .where('department_code', '=', u.department_code)
      .executeTakeFirstOrThrow();
  }
}

/**
 * An event on a request that does not change it (another request was merged into it, or its answer came
 * through the request it was merged into): its timeline and outbox only, its version unchanged.
 */
export async function appendToTimeline(
  tx: Db,
  c: {
    row: Pick<RequestRow, 'jurisdiction_id' | 'id' | 'ticket_no' | 'status'>;
    actor: Actor;
    at: Date;
    event: RequestEvent;
    outbox?: readonly OutboxInput[];
  },
): Promise<void> {
  await appendEvents(tx, {
    row: c.row,
    actor: c.actor,
    at: c.at,
    events: [{ event: c.event, from: c.row.status, to: c.row.status }],
  });
  await enqueueMessages(tx, c.row, c.outbox ?? []);
}

async function appendEvents(
  tx: Db,
  c: {
    row: Pick<RequestRow, 'jurisdiction_id' | 'id'>;
    actor: Actor;
    at: Date;
    events: { event: RequestEvent; from: string | null; to: string }[];
  },
): Promise<number[]> {
  const ids: number[] = [];
  for (const { event, from, to } of c.events) {
    const { id } = await tx
      .insertInto('request_events')
      .values({
        jurisdiction_id: c.row.jurisdiction_id,
        request_id: c.row.id,
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from request_events
          where jurisdiction_id = ${c.row.jurisdiction_id} and request_id = ${c.row.id})`,
        type: event.type,
        actor_user_id: actorUserId(c.actor),
        actor_role: actorRole(c.actor),
        actor_label: c.actor.label,
        from_status: from,
        to_status: to,
        payload: JSON.stringify(checkedPayload(event)),
        at: c.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

async function enqueueMessages(
  tx: Db,
  row: Pick<RequestRow, 'jurisdiction_id' | 'id' | 'ticket_no'>,
  messages: readonly OutboxInput[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        jurisdiction_id: row.jurisdiction_id,
        topic: m.topic,
        payload: JSON.stringify({ request_id: row.id, ticket_no: row.ticket_no, ...checkedTopicPayload(m) }),
      })),
    )
    .execute();
}
