import type { Actor } from '../http/actor.js';
import { requestVisibility } from '../http/policies.js';
import { normalise } from '../text/normalise.js';
import { dbOf, type DbSource } from '../db/source.js';
import { visibleTo } from './queries.js';

/** How many requests a lookup answers at most: a lookup opens one ticket, it is not a list. */
export const LOOKUP_LIMIT = 10;

const escapeLike = (s: string) => s.replace(/[%_\\]/g, (c) => `\\${c}`);

/**
 * The requests the actor may see whose ticket number is, or contains, the words typed (the exact ticket
 * first), then those whose title or text contains them; newest first within each kind. Someone who cannot
 * see a request never learns that its ticket exists: it is simply not among the answers.
 */
export async function lookUpRequests(source: DbSource, actor: Actor, typed: string) {
  const ticket = typed.trim().toUpperCase();
  const words = `%${escapeLike(normalise(typed.trim()))}%`;
  const rows = await visibleTo(
    dbOf(source)
      .selectFrom('requests')
      .select(['id', 'ticket_no', 'title', 'status', 'department_code', 'created_at'])
      .where('jurisdiction_id', '=', actor.jurisdictionId),
    requestVisibility(actor),
  )
    .where((eb) =>
      eb.or([
        eb(eb.fn('upper', ['ticket_no']), 'like', `%${escapeLike(ticket)}%`),
        eb('title_norm', 'like', words),
        eb('body_norm', 'like', words),
      ]),
    )
    .orderBy((eb) => eb.case().when('ticket_no', '=', ticket).then(0).else(1).end())
    .orderBy((eb) =>
      eb
        .case()
        .when(eb.fn('upper', ['ticket_no']), 'like', `%${escapeLike(ticket)}%`)
        .then(0)
        .else(1)
        .end(),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LOOKUP_LIMIT)
    .execute();
  return rows;
}
