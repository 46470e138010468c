import type { AppContext } from '../context.js';
import { readerFor } from '../http/read-replica.js';
import { jurisdictionOf, type Actor } from '../http/actor.js';
import { notFound } from '../http/errors.js';
import { answerPage } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { presentUser } from '../auth/presenter.js';
import { jurisdictionConfig, listPublicRequests, PUBLIC_PAGE_SIZE, publicMetrics } from './queries.js';
import { publicPins } from './pins.js';
import {
  PublicConfig,
  PublicMetrics,
  PublicPins,
  PublicPinsQuery,
  PublicRequestPage,
  PublicRequestsQuery,
  PublicTicket,
  TicketParams,
} from './schemas.js';
import { publicTicket } from './ticket.js';

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
  return presentUser(actor);
}

/** Public pages' API: no login, rate-limited, no personal data. */
export function publicRoutes(api: ApiRegistry, ctx: AppContext) {
  const jurisdiction = (actor: Actor | null) => jurisdictionOf(actor, ctx.config.defaultJurisdiction);

  const route = api.feature('public', 'public');

  route.get(
    '/api/v1/public/config',
    '前端配置 What the web application needs first: the jurisdiction, the map tiles, who is logged in',
    { response: { 200: PublicConfig } },
    async ({ actor, req }) => {
      const jur = await jurisdictionConfig(readerFor(ctx, req), jurisdiction(actor));
      return {
        jurisdiction: jur
          ? {
              id: jur.jurisdiction_id,
              name: jur.name,
              name_en: jur.name_en,
              timezone: jur.timezone,
              center:
                jur.center_lon !== null && jur.center_lat !== null
                  ? ([jur.center_lon, jur.center_lat] as [number, number])
                  : null,
            }
          : null,
        map: mapTileConfig(),
        me: presentMe(actor),
      };
    },
  );

  route.get(
    '/api/v1/public/requests',
    '公开诉求 Recent requests, anonymised (street-level place, masked text, no reporter)',
    { query: PublicRequestsQuery, response: { 200: PublicRequestPage } },
    async ({ actor, query, req }) => {
      const { items, total } = await listPublicRequests(readerFor(ctx, req), jurisdiction(actor), query);
      return answerPage(items, total, { page: query.page, page_size: PUBLIC_PAGE_SIZE });
    },
  );

  route.get(
    '/api/v1/public/pins',
    '公开地图点位 Published requests in a map view, each on a grid of about 100 m, the newest `limit` of them, and how many in all',
    { query: PublicPinsQuery, response: { 200: PublicPins } },
    ({ actor, query, req }) => publicPins(readerFor(ctx, req), jurisdiction(actor), query),
  );

  route.get(
    '/api/v1/public/requests/:ticket_no',
    '公开工单 One published request by its ticket number: its public updates and answer, anonymised',
    { params: TicketParams, response: { 200: PublicTicket }, errors: [404] },
    async ({ actor, params, req }) => {
      const ticket = await publicTicket(readerFor(ctx, req), jurisdiction(actor), params.ticket_no);
      if (!ticket) throw notFound();
      return ticket;
    },
  );

  route.get(
    '/api/v1/public/metrics',
    '公开三率 The city-wide response, resolution, satisfaction and on-time rates of the last 30 days',
    { response: { 200: PublicMetrics } },
    async ({ actor, req }) => publicMetrics(readerFor(ctx, req), jurisdiction(actor)),
  );
}
