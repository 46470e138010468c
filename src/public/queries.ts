/** What the public pages read: the jurisdiction, recent requests (anonymised), the city-wide rates. */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageWindow } from '../http/inputs.js';
import { METRIC_DEFINITIONS, rates, sumCounts, type Counts } from '../metrics/definitions.js';
import { countsBy } from '../metrics/query.js';
import { inAreaTree } from '../routing/areas.js';
import { PHASE_STATUSES, presentPublic, PUBLIC_COLUMNS, publicReference } from './anonymise.js';
import type { PublicRequestsQuery } from './schemas.js';
import { dbOf, type DbSource } from '../db/source.js';
import { placedInside, publishedRequests } from './published.js';
import { reporterNames } from './ticket.js';

const DAY = 86_400_000;
export const PUBLIC_PAGE_SIZE = 20;

export function jurisdictionConfig(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('jurisdictions')
    .select(['jurisdiction_id', 'name', 'name_en', 'timezone', 'center_lon', 'center_lat'])
    .where('jurisdiction_id', '=', j)
    .executeTakeFirst();
}

/** Recent requests of the jurisdiction, as the public may see them. */
export async function listPublicRequests(
  ctx: AppContext,
  j: string,
  f: z.output<typeof PublicRequestsQuery>,
) {
  const db = ctx.db;
  const ref = await publicReference(db, j);
  let q = publishedRequests(db, j);
  if (f.bbox) q = placedInside(q, f.bbox);
  if (f.area) q = q.where(inAreaTree('area_code', f.area));
  if (f.category) q = q.where('category_code', 'like', `${f.category.replace(/[%_\\]/g, '')}%`);
  if (f.status) q = q.where('status', 'in', PHASE_STATUSES[f.status]);
  const { limit, offset } = pageWindow({ page: f.page, page_size: PUBLIC_PAGE_SIZE });
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(PUBLIC_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  return {
    items: rows.map((r) => presentPublic(r, ref, reporterNames(ctx, r.reporter_name_enc))),
    total: Number(n),
  };
}

/** The city-wide rates of the last 30 days, and by street. */
export async function publicMetrics(ctx: AppContext, j: string) {
  const now = ctx.now();
  const from = new Date(now.getTime() - 30 * DAY);
  const [groups, ref] = await Promise.all([
    countsBy(ctx.db, { jurisdictionId: j, from, to: now, now, groupBy: 'street' }),
    publicReference(ctx.db, j),
  ]);
  const overall = sumCounts(groups.map((g) => g.counts));
  const figures = (c: Counts) => ({
    total: c.total,
    followed_up: c.followed_up,
    dispatched: c.dispatched,
    ...rates(c),
  });
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    overall: figures(overall),
    by_street: groups
      .filter((g) => g.key !== null)
      .map((g) => ({ code: g.key!, name: ref.streetOf.get(g.key!)?.name ?? g.key!, ...figures(g.counts) }))
      .sort((a, b) => b.total - a.total),
    definitions: METRIC_DEFINITIONS,
  };
}
