/**
 * The public map's pins: published requests placed in a map view, each on the public grid (./grid.ts), with its
 * ticket number, phase, type and street, and nothing about who reported it.
 */
import type { AppContext } from '../context.js';
import type { Bbox } from '../http/inputs.js';
import { publicPhase, publicReference } from './anonymise.js';
import { snapToGrid } from './grid.js';
import { placedInside, publishedRequests } from './published.js';

/** The newest `limit` published requests in the view, and how many there are in all. */
export async function publicPins(ctx: AppContext, j: string, q: { bbox: Bbox; limit: number }) {
  const placed = placedInside(publishedRequests(ctx, j), q.bbox);
  const [ref, count, rows] = await Promise.all([
    publicReference(ctx.db, j),
    placed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    placed
      .select(['ticket_no', 'status', 'type', 'lat', 'lon', 'area_code'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit)
      .execute(),
  ]);
  const total = Number(count.n);
  return {
    items: rows.map((r) => ({
      ticket_no: r.ticket_no,
      status: publicPhase(r.status),
      type: r.type,
      lat: snapToGrid(r.lat!),
      lon: snapToGrid(r.lon!),
      area: r.area_code ? (ref.streetOf.get(r.area_code) ?? null) : null,
    })),
    total,
    clipped: total > rows.length,
    limit: q.limit,
  };
}
