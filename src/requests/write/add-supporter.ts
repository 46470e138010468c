/**
 * 附议 "me too": a resident adds their voice to a request instead of filing their own. Their voice is recorded
 * once (a second is refused), the request's reporter count grows with a `support` event on its timeline, and the
 * resident follows it (supporterMessages: they are told its answer). In the caller's transaction, the row loaded
 * FOR UPDATE.
 */
import type { RequestRow } from '../../db/schema.js';
import type { UserActor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import type { OutboxInput } from '../events/topics.js';
import { applyChange, type Db } from './apply-change.js';

export async function addSupporter(
  tx: Db,
  c: { row: RequestRow; actor: UserActor & { phoneHash: string }; at: Date },
): Promise<RequestRow> {
  const { row, actor } = c;
  const added = await tx
    .insertInto('request_supporters')
    .values({
      jurisdiction_id: row.jurisdiction_id,
      request_id: row.id,
      phone_hash: actor.phoneHash,
      user_id: actor.userId,
      created_at: c.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('request_id')
    .executeTakeFirst();
  if (!added) throw new AppError('already_supported', { ticket_no: row.ticket_no });
  const reporterCount = row.reporter_count + 1;
  const { request } = await applyChange(tx, {
    row,
    actor,
    at: c.at,
    patch: { reporter_count: reporterCount },
    event: { type: 'support', payload: { reporter_count: reporterCount } },
  });
  return request;
}

/** A request's answer for its supporters: one outbox message each, with the answer's text if any. */
export async function supporterMessages(
  tx: Db,
  row: Pick<RequestRow, 'jurisdiction_id' | 'id' | 'reporter_count'>,
  text: string | undefined,
): Promise<OutboxInput[]> {
  if (row.reporter_count <= 1) return [];
  const rows = await tx
    .selectFrom('request_supporters')
    .select('user_id')
    .where('jurisdiction_id', '=', row.jurisdiction_id)
    .where('request_id', '=', row.id)
    .orderBy('created_at')
    .execute();
  return rows.map((s) => ({
    topic: 'request.supporter_replied',
    payload: { user_id: Number(s.user_id), ...(text === undefined ? {} : { text }) },
  }));
}
