/** 锡慧停: parking sites (ParkAPI v3 names), their share windows, histories and forecasts. */
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { periodOf } from '../http/inputs.js';
import { mayReadParkingFigures } from '../http/policies.js';
import { creates, edits, type ApiRegistry } from '../http/route.js';
import { importSites, type ImportReport as Report } from './commands/import-sites.js';
import { createSite, updateSite } from './commands/sites.js';
import { createWindow, updateWindow } from './commands/windows.js';
import { parkingFigures } from './figures-view.js';
import { publicAvailability } from './public-view.js';
import {
  AvailabilityQuery,
  FiguresQuery,
  Forecast,
  ForecastQuery,
  IdParams,
  ImportBody,
  ImportReport,
  NearbyList,
  NearbyQuery,
  ParkingFigures,
  ParkingSitePage,
  ParkingWindow,
  ParkingWindowList,
  PublicParkingSites,
  SiteBody,
  SitePatchBody,
  SitesQuery,
  SiteWithWindows,
  Timespan,
  TimespanQuery,
  WindowBody,
  WindowPatchBody,
  WindowsQuery,
} from './schemas.js';
import {
  forecastView,
  nearbyView,
  orderWindowsView,
  sitesPage,
  siteView,
  timespanView,
  windowsView,
  windowView,
} from './views.js';

/** A refused import: every bad row as an issue, nothing written. */
function refusedImport(report: Report): AppError {
  return new AppError(
    'validation_failed',
    {
      ...report,
      issues: report.errors.map((e) => ({ path: `line ${e.line}`, message: e.reasons.join('；') })),
    },
    {
      zh: `导入未执行：${report.errors.length} 行有误（第 ${report.errors[0]!.line} 行：${report.errors[0]!.reasons[0]}）`,
      en: `Nothing imported: ${report.errors.length} bad rows`,
    },
  );
}

export function parkingRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('parking');
  /** What anyone may read: sites, their windows and figures (a resident's own bookability included). */
  const publicRoute = api.feature('parking', 'public');
  const j = (actor: Actor | null) => jurisdictionOf(actor, ctx.config.defaultJurisdiction);
  /** A public handler answering the record of the path as `view` shows it to the caller. */
  const shows =
    <T>(view: (ctx: AppContext, j: string, actor: Actor | null, id: number) => Promise<T>) =>
    async ({ actor, params }: { actor: Actor | null; params: { id: number } }) =>
      view(ctx, j(actor), actor, params.id);

  publicRoute.get(
    '/api/v1/parking/sites',
    '停车场列表 Parking sites with their live figures (ParkAPI v3 field names)',
    { query: SitesQuery, response: { 200: ParkingSitePage }, errors: [403] },
    async ({ actor, query }) => sitesPage(ctx, j(actor), actor, query),
  );

  publicRoute.get(
    '/api/v1/parking/nearby',
    '附近停车场 Sites within a radius, nearest first, with the live figure and the next hour’s forecast',
    { query: NearbyQuery, response: { 200: NearbyList } },
    async ({ actor, query }) => nearbyView(ctx, j(actor), query),
  );

  publicRoute.get(
    '/api/v1/parking/availability',
    '停车场实时空位 The public availability map: active sites (in a box) with their live free spaces, ParkAPI v3 fields, no personal data',
    { query: AvailabilityQuery, response: { 200: PublicParkingSites } },
    async ({ actor, query }) => publicAvailability(ctx, j(actor), query),
  );

  publicRoute.get(
    '/api/v1/parking/sites/:id',
    '停车场详情 A site with its share windows (for a resident: whether each is theirs to book)',
    { params: IdParams, response: { 200: SiteWithWindows } },
    shows(siteView),
  );

  publicRoute.get(
    '/api/v1/parking/sites/:id/windows',
    '共享时段 The active share windows of a site, with when each opens next',
    { params: IdParams, response: { 200: ParkingWindowList } },
    shows(windowsView),
  );

  publicRoute.get(
    '/api/v1/parking/sites/:id/timespan',
    '历史占用 Free spaces over a time span (ParkAPI timespan shape; observations up to 7 days, half-hour means beyond, 92 days at most)',
    { params: IdParams, query: TimespanQuery, response: { 200: Timespan } },
    async ({ actor, params, query }) => timespanView(ctx, j(actor), params.id, query.from, query.to),
  );

  publicRoute.get(
    '/api/v1/parking/sites/:id/forecast',
    '空位预测 Free spaces expected in the coming hours and the next day (half-hourly)',
    { params: IdParams, query: ForecastQuery, response: { 200: Forecast } },
    async ({ actor, params, query }) => forecastView(ctx, j(actor), params.id, query.hours),
  );

  route.post(
    '/api/v1/parking/sites',
    '新增停车场 Add a site (admins); its area is found from its point',
    { body: SiteBody, response: { 201: SiteWithWindows }, errors: [403, 409, 422] },
    creates(ctx, createSite, (actor, id) => siteView(ctx, actor.jurisdictionId, actor, id)),
  );

  route.patch(
    '/api/v1/parking/sites/:id',
    '编辑停车场 Edit a site (admins); expected_version guards concurrent edits',
    { params: IdParams, body: SitePatchBody, response: { 200: SiteWithWindows }, errors: [403, 409, 422] },
    edits(ctx, updateSite, (actor, id) => siteView(ctx, actor.jurisdictionId, actor, id)),
  );

  route.post(
    '/api/v1/parking/sites/import',
    '导入停车场 Import sites from xlsx or CSV (base64): every row checked first; any bad row refuses the whole file with the report',
    { body: ImportBody, response: { 200: ImportReport }, errors: [403] },
    async ({ actor, body }) => {
      const report = await importSites(ctx, {
        actor,
        file: Buffer.from(body.file_base64, 'base64'),
        format: body.format,
        dryRun: body.dry_run,
      });
      if (report.errors.length) throw refusedImport(report);
      return report;
    },
  );

  route.post(
    '/api/v1/parking/sites/:id/windows',
    '新增共享时段 Open a share window (the site’s department or admins); with order_request_id it answers a community order',
    { params: IdParams, body: WindowBody, response: { 201: ParkingWindow }, errors: [403, 409, 422] },
    async ({ actor, params, body, reply }) => {
      const id = await createWindow(ctx, { actor, siteId: params.id, input: body });
      reply.code(201);
      return windowView(ctx, actor.jurisdictionId, actor, id);
    },
  );

  publicRoute.get(
    '/api/v1/parking/windows/:id',
    '共享时段详情 A share window',
    { params: IdParams, response: { 200: ParkingWindow } },
    shows(windowView),
  );

  route.patch(
    '/api/v1/parking/windows/:id',
    '编辑共享时段 Edit or close a share window (the site’s department or admins)',
    { params: IdParams, body: WindowPatchBody, response: { 200: ParkingWindow }, errors: [403, 409] },
    edits(ctx, updateWindow, (actor, id) => windowView(ctx, actor.jurisdictionId, actor, id)),
  );

  route.get(
    '/api/v1/parking/windows',
    '点单响应的共享时段 The share windows answering a community order (for whoever sees the order)',
    { query: WindowsQuery, response: { 200: ParkingWindowList }, errors: [404] },
    async ({ actor, query }) => orderWindowsView(ctx, actor, query.order_request_id),
  );

  route.get(
    '/api/v1/parking/figures',
    '停车数据 The dashboard’s parking figures for a period: shared spaces, utilisation by hour, bookings, no-show rate, sites without live data',
    { query: FiguresQuery, response: { 200: ParkingFigures }, allow: mayReadParkingFigures },
    async ({ actor, query }) =>
      parkingFigures(
        ctx,
        actor.jurisdictionId,
        periodOf(query, { now: ctx.now(), defaultDays: 30, maxDays: 92 }),
      ),
  );
}
