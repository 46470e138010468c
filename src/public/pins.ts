/**
 * The public map's pins: published requests placed in a map view, each on the public grid (./grid.ts), with its
 * ticket number, phase, type and street, and nothing about who reported it.
 */
import type { AppContext } from '../context.js';
import type { Bbox } from '../http/inputs.js';
import { publicPhase, publicReference } from './anonymise.js';
import { newestPins } from '../requests/pins.js';
import { snapToGrid } from './grid.js';
import { placedInside, publishedRequests } from './published.js';

/** The newest `limit` published requests in the view, and how many there are in all. */
export async function publicPins(ctx: AppContext, j: string, q: { bbox: Bbox; limit: number }) {
  const columns = ['ticket_no', 'status', 'type', 'lat', 'lon', 'area_code'] as const;
  const [ref, { rows, ...page }] = await Promise.all([
    publicReference(ctx.db, j),
    newestPins(placedInside(publishedRequests(ctx, j), q.bbox), columns, q.limit),
  ]);
  return {
    items: rows.map((r) => ({
      ticket_no: r.ticket_no,
      status: publicPhase(r.status),
      type: r.type,
      lat: snapToGrid(r.lat!),
      lon: snapToGrid(r.lon!),
      area: r.area_code ? (ref.streetOf.get(r.area_code) ?? null) : null,
    })),
    ...page,
  };
}
