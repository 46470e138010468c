/** The requests the public may see, and those of them placed in a map view on the public grid (./grid.ts). */
import { dbOf, type DbSource } from '../db/source.js';
import type { Bbox } from '../http/inputs.js';
import { NEVER_PUBLISHED, NEVER_PUBLISHED_STATUSES } from '../privacy/publication.js';
import { snappedInside } from './grid.js';

/** The jurisdiction's published requests (merged duplicates and withdrawn requests left out). */
export const publishedRequests = (source: DbSource, j: string) =>
  dbOf(source)
    .selectFrom('requests')
    .where('jurisdiction_id', '=', j)
    .where('status', 'not in', ['merged', 'withdrawn', ...NEVER_PUBLISHED_STATUSES])
    .where('type', 'not in', NEVER_PUBLISHED)
    .where('public_consent', '=', true);

type Published = ReturnType<typeof publishedRequests>;

/** Those whose snapped points lie in the view: narrowing the view never tells more than the grid. */
export function placedInside(q: Published, b: Bbox): Published {
  const { lat, lon } = snappedInside(b);
  return q
    .where('lat', '>=', lat.min)
    .where('lat', '<', lat.max)
    .where('lon', '>=', lon.min)
    .where('lon', '<', lon.max);
}
