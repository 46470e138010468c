import type { SelectExpression, SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DbSource } from '../db/source.js';
import type { Actor } from '../http/actor.js';
import type { Bbox } from '../http/inputs.js';
import { filteredRequests, type RequestFilter } from './list.js';

/**
 * The newest `limit` requests of a map's query with the columns asked for, how many there are in all, and
 * whether the answer is clipped (the staff map here, the public map in ../public/pins.ts).
 */
export async function newestPins<C extends SelectExpression<DB, 'requests'>>(
  placed: SelectQueryBuilder<DB, 'requests', object>,
  columns: readonly C[],
  limit: number,
) {
  const [count, rows] = await Promise.all([
    placed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    placed.select(columns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
  ]);
  const total = Number(count.n);
  return { rows, total, clipped: total > rows.length, limit };
}

/**
 * The map's pins: the requests the actor may see that match the list's filters and are placed in the view, the
 * newest `limit` of them, and how many there are in all (the answer says when it is clipped).
 */
export async function requestPins(
  source: DbSource,
  actor: Actor,
  q: RequestFilter & { bbox: Bbox; limit: number },
  now: Date,
) {
  const { query } = await filteredRequests(source, actor, q, now);
  const placed = query.where('lat', 'is not', null).where('lon', 'is not', null);
  const columns = ['id', 'ticket_no', 'lat', 'lon', 'status', 'type', 'area_code', 'urgent'] as const;
  const { rows, ...page } = await newestPins(placed, columns, q.limit);
  return { items: rows.map((r) => ({ ...r, lat: r.lat!, lon: r.lon! })), ...page };
}
