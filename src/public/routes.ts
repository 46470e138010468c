import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import type { ApiRegistry } from '../http/route.js';
import { addCounts, METRIC_DEFINITIONS, rates, type Counts } from '../metrics/definitions.js';
import { countsBy } from '../metrics/query.js';
import { PHASE_STATUSES, presentPublic, publicReference, type PublicPhase } from './anonymise.js';

const DAY = 86_400_000;
const PAGE_SIZE = 20;

const PublicRequestsQuery = z
  .object({
    area: z.string().min(1).max(100).optional(),
    category: z.string().min(1).max(100).optional(),
    status: z.enum(['received', 'handling', 'replied', 'closed']).optional(),
    page: z.coerce.number().int().min(1).max(500).default(1),
  })
  .strict();

const ZERO: Counts = {
  total: 0,
  dispatched: 0,
  responded: 0,
  followed_up: 0,
  resolved: 0,
  satisfied: 0,
  replies_due: 0,
  replied_on_time: 0,
  overdue_open: 0,
};

/** The map's tile layer: none unless configured, so that the map works offline (polygons only). */
export function mapTileConfig(env: NodeJS.ProcessEnv = process.env) {
  const url = env.BANSHI_MAP_TILE_URL?.trim() || null;
  return { tile_url: url, attribution: url ? (env.BANSHI_MAP_ATTRIBUTION?.trim() ?? '') : '' };
}

/** The CSP img-src source for the configured tile server ({s} subdomains become a wildcard), if any. */
export function mapTileSources(env: NodeJS.ProcessEnv = process.env): string[] {
  const url = mapTileConfig(env).tile_url;
  const m = url?.match(/^(https?:)\/\/([^/?#]+)/i);
  return m ? [`${m[1]!.toLowerCase()}//${m[2]!.replace(/\{[^}]*\}/g, '*')}`] : [];
}

function presentMe(actor: Actor | null) {
  if (!actor) return null;
  if (actor.kind !== 'user') return { kind: actor.kind, display_name: actor.label, role: actor.kind };
  return {
    kind: 'user',
    id: actor.userId,
    role: actor.role,
    display_name: actor.label,
    department_code: actor.departmentCode,
    area_code: actor.areaCode,
  };
}

/** Public pages' API: no login, rate-limited, no personal data. */
export function publicRoutes(api: ApiRegistry, ctx: AppContext) {
  const jurisdictionOf = (actor: Actor | null) => actor?.jurisdictionId ?? ctx.config.defaultJurisdiction;

  api.route({
    method: 'GET',
    url: '/api/v1/public/config',
    tag: 'public',
    summary:
      '前端配置 What the web application needs first: the jurisdiction, the map tiles, who is logged in',
    auth: 'public',
    handler: async ({ actor }) => {
      const j = jurisdictionOf(actor);
      const jur = await ctx.db
        .selectFrom('jurisdictions')
        .select(['jurisdiction_id', 'name', 'name_en', 'timezone', 'center_lon', 'center_lat'])
        .where('jurisdiction_id', '=', j)
        .executeTakeFirst();
      return {
        jurisdiction: jur
          ? {
              id: jur.jurisdiction_id,
              name: jur.name,
              name_en: jur.name_en,
              timezone: jur.timezone,
              center:
                jur.center_lon !== null && jur.center_lat !== null ? [jur.center_lon, jur.center_lat] : null,
            }
          : null,
        map: mapTileConfig(),
        me: presentMe(actor),
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/public/requests',
    tag: 'public',
    summary: '公开诉求 Recent requests, anonymised (street-level place, masked text, no reporter)',
    auth: 'public',
    query: PublicRequestsQuery,
    handler: async ({ actor, query }) => {
      const j = jurisdictionOf(actor);
      const ref = await publicReference(ctx.db, j);
      let q = ctx.db.selectFrom('requests').where('jurisdiction_id', '=', j).where('status', '!=', 'merged');
      if (query.area) {
        const area = query.area;
        q = q.where((eb) => eb.or([eb('area_code', '=', area), eb('area_code', 'like', `${area}-%`)]));
      }
      if (query.category) q = q.where('category_code', 'like', `${query.category.replace(/[%_\\]/g, '')}%`);
      if (query.status) q = q.where('status', 'in', PHASE_STATUSES[query.status as PublicPhase]);
      const [{ n }, rows] = await Promise.all([
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        q
          .select([
            'ticket_no',
            'status',
            'type',
            'title',
            'body',
            'area_code',
            'category_code',
            'created_at',
            'replied_at',
            'closed_at',
          ])
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(PAGE_SIZE)
          .offset((query.page - 1) * PAGE_SIZE)
          .execute(),
      ]);
      return {
        items: rows.map((r) => presentPublic(r, ref)),
        total: Number(n),
        page: query.page,
        page_size: PAGE_SIZE,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/public/metrics',
    tag: 'public',
    summary:
      '公开三率 The city-wide response, resolution, satisfaction and on-time rates of the last 30 days',
    auth: 'public',
    handler: async ({ actor }) => {
      const j = jurisdictionOf(actor);
      const now = ctx.now();
      const from = new Date(now.getTime() - 30 * DAY);
      const [groups, ref] = await Promise.all([
        countsBy(ctx.db, { jurisdictionId: j, from, to: now, now, groupBy: 'street' }),
        publicReference(ctx.db, j),
      ]);
      const overall = groups.map((g) => g.counts).reduce(addCounts, ZERO);
      const counts = (c: Counts) => ({
        total: c.total,
        followed_up: c.followed_up,
        dispatched: c.dispatched,
      });
      return {
        from: from.toISOString(),
        to: now.toISOString(),
        overall: { ...counts(overall), ...rates(overall) },
        by_street: groups
          .filter((g) => g.key !== null)
          .map((g) => ({
            code: g.key,
            name: ref.streetOf.get(g.key!)?.name ?? g.key,
            ...counts(g.counts),
            ...rates(g.counts),
          }))
          .sort((a, b) => b.total - a.total),
        definitions: METRIC_DEFINITIONS,
      };
    },
  });
}
