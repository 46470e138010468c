import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { actorRole, actorUserId, type Actor } from '../http/actor.js';

export type NewEvent = {
  jurisdictionId: string;
  requestId: number;
  type: string;
  actor: Actor;
  from: string | null;
  to: string;
  payload?: Record<string, unknown>;
  at: Date;
};

/** Appends to a request's timeline; runs inside the transaction that changes the request. */
export async function appendEvent(tx: Transaction<DB> | Kysely<DB>, e: NewEvent): Promise<void> {
  await tx
    .insertInto('request_events')
    .values({
      jurisdiction_id: e.jurisdictionId,
      request_id: e.requestId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from request_events
        where jurisdiction_id = ${e.jurisdictionId} and request_id = ${e.requestId})`,
      type: e.type,
      actor_user_id: actorUserId(e.actor),
      actor_role: actorRole(e.actor),
      actor_label: e.actor.label,
      from_status: e.from,
      to_status: e.to,
      payload: JSON.stringify(e.payload ?? {}),
      at: e.at,
    })
    .execute();
}

export async function enqueue(
  tx: Transaction<DB> | Kysely<DB>,
  jurisdictionId: string,
  topic: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx
    .insertInto('outbox')
    .values({ jurisdiction_id: jurisdictionId, topic, payload: JSON.stringify(payload) })
    .execute();
}
