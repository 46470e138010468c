import type { Actor } from '../http/actor.js';
import { pageWindow } from '../http/inputs.js';
import { requestVisibility } from '../http/policies.js';
import { referenceCache } from '../routing/reference-cache.js';
import { longOverdueBefore } from './long-overdue.js';
import { visibleTo } from './queries.js';
import type { ListFilter } from './schemas.js';
import { dbOf, type DbSource } from '../db/source.js';

/** What narrows a list of requests: the list's filters (its order and page aside) and a caller's phone hash. */
export type RequestFilter = Omit<ListFilter, 'sort' | 'page' | 'page_size' | 'phone'> & {
  phoneHash?: string | undefined;
};

/** The requests the actor may see that match the filter (a query to count, order or page), and 严重超期's line. */
export async function filteredRequests(source: DbSource, actor: Actor, q: RequestFilter, now: Date) {
  const { timezone, calendar } = await referenceCache(dbOf(source)).get(actor.jurisdictionId);
  const longOverdue = longOverdueBefore(now, timezone, calendar);
  let query = visibleTo(
    dbOf(source).selectFrom('requests').where('jurisdiction_id', '=', actor.jurisdictionId),
    requestVisibility(actor),
  );
  if (q.status?.length) query = query.where('status', 'in', q.status);
  if (q.department) query = query.where('department_code', '=', q.department);
  if (q.category) query = query.where('category_code', 'like', `${q.category}%`);
  if (q.area) {
    // An area filter includes its sub-areas: codes are hierarchical (xc-wangting-guoyuan-g1 is in xc-wangting).
    const area = q.area;
    query = query.where((eb) => eb.or([eb('area_code', '=', area), eb('area_code', 'like', `${area}-%`)]));
  }
  if (q.phoneHash) query = query.where('reporter_phone_hash', '=', q.phoneHash);
  if (q.escalated !== undefined) query = query.where('escalated', '=', q.escalated);
  if (q.supervised !== undefined) query = query.where('supervised', '=', q.supervised);
  if (q.overdue) {
    query = query.where((eb) =>
      eb.or([
        eb('sign_overdue', '=', true),
        eb('reply_overdue', '=', true),
        eb.and([
          eb('replied_at', 'is', null),
          eb('reply_by', '<', now),
          eb('status', 'in', ['dispatched', 'signed', 'in_progress']),
        ]),
      ]),
    );
  }
  if (q.channel?.length) query = query.where('channel', 'in', q.channel);
  if (q.type?.length) query = query.where('type', 'in', q.type);
  if (q.overdue_open || q.long_overdue)
    // The metrics' 超期未办, row for row (metrics/definitions.ts isOverdueOpen; merged requests are not counted).
    query = query
      .where('dispatched_at', 'is not', null)
      .where('replied_at', 'is', null)
      .where('reply_by', '<', q.long_overdue ? longOverdue : now)
      .where('status', '<>', 'merged');
  if (q.registered_from) query = query.where('created_at', '>=', q.registered_from);
  if (q.registered_to) query = query.where('created_at', '<', q.registered_to);
  if (q.text) {
    const like = `%${q.text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('body_norm', 'like', like), eb('title_norm', 'like', like), eb('ticket_no', '=', q.text!)]),
    );
  }
  if (q.bbox)
    query = query
      .where('lat', '>=', q.bbox.south)
      .where('lat', '<=', q.bbox.north)
      .where('lon', '>=', q.bbox.west)
      .where('lon', '<=', q.bbox.east);
  return { query, longOverdue };
}

/** The requests the actor may see that match the filter, a page of them and how many match in all. */
export async function listRequests(
  source: DbSource,
  actor: Actor,
  q: ListFilter & { phoneHash?: string | undefined },
  now: Date,
) {
  const { query, longOverdue } = await filteredRequests(source, actor, q, now);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let ordered = query.selectAll();
  if (q.sort === 'deadline') ordered = ordered.orderBy('reply_by', (o) => o.asc().nullsLast()).orderBy('id');
  else if (q.sort === 'urgency')
    ordered = ordered
      .orderBy('urgent', 'desc')
      .orderBy('supervised', 'desc')
      .orderBy('sign_by', (o) => o.asc().nullsLast())
      .orderBy('created_at');
  else ordered = ordered.orderBy('created_at', 'desc').orderBy('id', 'desc');
  const { limit, offset } = pageWindow(q);
  const rows = await ordered.limit(limit).offset(offset).execute();
  return { rows, total: Number(total.n), longOverdueBefore: longOverdue };
}
