/**
 * 附议: a resident adds their voice to an open public request instead of filing their own. The request must be
 * one the public sees and still open; a request that is not (or does not exist) is not found, so that nothing
 * tells which unpublished tickets exist. The resident's own request, or one they supported already, is a 409.
 */
import type { AppContext } from '../../context.js';
import type { UserActor } from '../../http/actor.js';
import { AppError, notFound } from '../../http/errors.js';
import { publishable } from '../../privacy/publication.js';
import { loadRequest } from '../../requests/queries.js';
import { isOpen, type Status } from '../../requests/workflow.js';
import { addSupporter } from '../../requests/write/add-supporter.js';

export async function addVoice(
  ctx: AppContext,
  opts: { actor: UserActor & { phoneHash: string }; ticketNo: string },
): Promise<{ ticket_no: string; reporter_count: number }> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom('requests')
      .select('id')
      .where('jurisdiction_id', '=', j)
      .where('ticket_no', '=', opts.ticketNo)
      .executeTakeFirst();
    const row = found && (await loadRequest(tx, j, found.id, { kind: 'all' }, { forUpdate: true }));
    if (!row || !publishable(row) || !isOpen(row.status as Status)) throw notFound();
    if (row.reporter_phone_hash === actor.phoneHash)
      throw new AppError('own_request', { ticket_no: row.ticket_no });
    const request = await addSupporter(tx, { row, actor, at: ctx.now() });
    return { ticket_no: request.ticket_no, reporter_count: request.reporter_count };
  });
}
