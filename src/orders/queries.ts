import type { Actor } from '../http/actor.js';
import { pageWindow } from '../http/inputs.js';
import { requestVisibility } from '../http/policies.js';
import { visibleTo } from '../requests/queries.js';
import type { OrdersFilter } from './schemas.js';
import { dbOf, type DbSource } from '../db/source.js';

/** The community orders the actor sees: placed by their community, received by their department, or both. */
export async function listOrders(source: DbSource, actor: Actor, f: OrdersFilter) {
  let q = visibleTo(
    dbOf(source)
      .selectFrom('requests')
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .where('channel', '=', 'community'),
    requestVisibility(actor),
  );
  const mine = actor.kind === 'user' ? actor.departmentCode : null;
  if (f.role === 'placed') q = q.where('requester_department_code', '=', mine ?? '');
  if (f.role === 'received') q = q.where('department_code', '=', mine ?? '');
  if (f.community) q = q.where('requester_department_code', '=', f.community);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  const { limit, offset } = pageWindow(f);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
  ]);
  return { rows, total: Number(total.n) };
}
