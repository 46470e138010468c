/**
 * The public availability map: the active sites (in a box) with their live free spaces or "no live data", in
 * ParkAPI v3's field names — a site's public fields only, and nothing of bookings, plates or residents.
 */
import type { AppContext } from '../context.js';
import type { Bbox } from '../http/inputs.js';
import { sceneOf } from './commands/common.js';
import { presentSite } from './presenter.js';
import { sitesInBox } from './queries.js';
import { PUBLIC_SITE_FIELDS } from './schemas.js';

type PublicField = (typeof PUBLIC_SITE_FIELDS)[number];

export async function publicAvailability(
  ctx: AppContext,
  j: string,
  q: { bbox?: Bbox | undefined; limit: number },
) {
  const [scene, { rows, total }] = await Promise.all([sceneOf(ctx, j), sitesInBox(ctx, j, q.bbox, q.limit)]);
  const items = rows.map((row) => {
    const site = presentSite(row, scene);
    return Object.fromEntries(PUBLIC_SITE_FIELDS.map((k) => [k, site[k]])) as Pick<typeof site, PublicField>;
  });
  return { items, total, clipped: total > items.length };
}
