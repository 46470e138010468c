import type { AppContext } from '../context.js';
import { parseMessage, type OutboxMessage } from '../requests/events/topics.js';

/** Delivers one outbox message (SMS, webhook, …). Pluggable; the default records it in the log. */
export type Sender = (message: OutboxMessage) => Promise<void>;

/**
 * Sends pending outbox messages in order, after the transactions that wrote them committed. A failed send
 * stays pending with its error and is tried again on the next run (at-least-once delivery); so does a message
 * whose topic or payload the catalogue (../requests/events/topics.ts) does not know.
 */
export async function deliverOutbox(
  ctx: AppContext,
  send: Sender,
  cap = ctx.config.sweepCap,
): Promise<number> {
  const pending = await ctx.db
    .selectFrom('outbox')
    .select(['jurisdiction_id', 'id', 'topic', 'payload'])
    .where('sent_at', 'is', null)
    .where('attempts', '<', 10)
    .orderBy('created_at')
    .orderBy('id')
    .limit(cap)
    .execute();
  let sent = 0;
  for (const m of pending) {
    try {
      await send(parseMessage(m.topic, m.payload));
      await ctx.db
        .updateTable('outbox')
        .set({ sent_at: ctx.now() })
        .where('jurisdiction_id', '=', m.jurisdiction_id)
        .where('id', '=', m.id)
        .execute();
      sent++;
    } catch (err) {
      await ctx.db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: (err as Error).message.slice(0, 500) }))
        .where('jurisdiction_id', '=', m.jurisdiction_id)
        .where('id', '=', m.id)
        .execute();
    }
  }
  return sent;
}
