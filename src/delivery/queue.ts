import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AddressedPayload, AddressedTopic } from './addressed.js';

/** Queues an addressed message in the outbox (in the caller's transaction): the worker delivers it. */
export async function queueAddressed(
  db: Kysely<DB>,
  jurisdictionId: string,
  topic: AddressedTopic,
  payload: AddressedPayload,
  at: Date,
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      jurisdiction_id: jurisdictionId,
      topic,
      payload: JSON.stringify(payload),
      created_at: at,
      next_attempt_at: at,
    })
    .execute();
}
