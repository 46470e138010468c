/** 锡慧停: parking sites (ParkAPI v3 names), their share windows, histories and forecasts. */
import type { AppContext } from '../context.js';
import { jurisdictionOf } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import type { ApiRegistry } from '../http/route.js';
import { importSites, type ImportReport as Report } from './commands/import-sites.js';
import { createSite, updateSite } from './commands/sites.js';
import { createWindow, updateWindow } from './commands/windows.js';
import {
  Forecast,
  ForecastQuery,
  IdParams,
  ImportBody,
  ImportReport,
  NearbyList,
  NearbyQuery,
  ParkingSitePage,
  ParkingWindow,
  ParkingWindowList,
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
  const j = (actor: Parameters<typeof jurisdictionOf>[0]) =>
    jurisdictionOf(actor, ctx.config.defaultJurisdiction);

  api.route({
    method: 'GET',
    url: '/api/v1/parking/sites',
    tag: 'parking',
    summary: '停车场列表 Parking sites with their live figures (ParkAPI v3 field names)',
    auth: 'public',
    query: SitesQuery,
    response: { 200: ParkingSitePage },
    errors: [403],
    handler: async ({ actor, query }) => sitesPage(ctx, j(actor), actor, query),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/nearby',
    tag: 'parking',
    summary:
      '附近停车场 Sites within a radius, nearest first, with the live figure and the next hour’s forecast',
    auth: 'public',
    query: NearbyQuery,
    response: { 200: NearbyList },
    handler: async ({ actor, query }) => nearbyView(ctx, j(actor), query),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/sites/:id',
    tag: 'parking',
    summary: '停车场详情 A site with its share windows (for a resident: whether each is theirs to book)',
    auth: 'public',
    params: IdParams,
    response: { 200: SiteWithWindows },
    handler: async ({ actor, params }) => siteView(ctx, j(actor), actor, params.id),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/sites/:id/windows',
    tag: 'parking',
    summary: '共享时段 The active share windows of a site, with when each opens next',
    auth: 'public',
    params: IdParams,
    response: { 200: ParkingWindowList },
    handler: async ({ actor, params }) => windowsView(ctx, j(actor), actor, params.id),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/sites/:id/timespan',
    tag: 'parking',
    summary:
      '历史占用 Free spaces over a time span (ParkAPI timespan shape; observations up to 7 days, half-hour means beyond, 92 days at most)',
    auth: 'public',
    params: IdParams,
    query: TimespanQuery,
    response: { 200: Timespan },
    handler: async ({ actor, params, query }) => timespanView(ctx, j(actor), params.id, query.from, query.to),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/sites/:id/forecast',
    tag: 'parking',
    summary: '空位预测 Free spaces expected in the coming hours and the next day (half-hourly)',
    auth: 'public',
    params: IdParams,
    query: ForecastQuery,
    response: { 200: Forecast },
    handler: async ({ actor, params, query }) => forecastView(ctx, j(actor), params.id, query.hours),
  });

  api.route({
    method: 'POST',
    url: '/api/v1/parking/sites',
    tag: 'parking',
    summary: '新增停车场 Add a site (admins); its area is found from its point',
    auth: 'actor',
    body: SiteBody,
    response: { 201: SiteWithWindows },
    errors: [403, 409, 422],
    handler: async ({ actor, body, reply }) => {
      const id = await createSite(ctx, { actor, input: body });
      reply.code(201);
      return siteView(ctx, actor.jurisdictionId, actor, id);
    },
  });

  api.route({
    method: 'PATCH',
    url: '/api/v1/parking/sites/:id',
    tag: 'parking',
    summary: '编辑停车场 Edit a site (admins); expected_version guards concurrent edits',
    auth: 'actor',
    params: IdParams,
    body: SitePatchBody,
    response: { 200: SiteWithWindows },
    errors: [403, 409, 422],
    handler: async ({ actor, params, body }) => {
      const { expected_version, ...patch } = body;
      await updateSite(ctx, { actor, id: params.id, patch, expectedVersion: expected_version });
      return siteView(ctx, actor.jurisdictionId, actor, params.id);
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/parking/sites/import',
    tag: 'parking',
    summary:
      '导入停车场 Import sites from xlsx or CSV (base64): every row checked first; any bad row refuses the whole file with the report',
    auth: 'actor',
    body: ImportBody,
    response: { 200: ImportReport },
    errors: [403],
    handler: async ({ actor, body }) => {
      const report = await importSites(ctx, {
        actor,
        file: Buffer.from(body.file_base64, 'base64'),
        format: body.format,
        dryRun: body.dry_run,
      });
      if (report.errors.length) throw refusedImport(report);
      return report;
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/parking/sites/:id/windows',
    tag: 'parking',
    summary:
      '新增共享时段 Open a share window (the site’s department or admins); with order_request_id it answers a community order',
    auth: 'actor',
    params: IdParams,
    body: WindowBody,
    response: { 201: ParkingWindow },
    errors: [403, 409, 422],
    handler: async ({ actor, params, body, reply }) => {
      const id = await createWindow(ctx, { actor, siteId: params.id, input: body });
      reply.code(201);
      return windowView(ctx, actor.jurisdictionId, actor, id);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/windows/:id',
    tag: 'parking',
    summary: '共享时段详情 A share window',
    auth: 'public',
    params: IdParams,
    response: { 200: ParkingWindow },
    handler: async ({ actor, params }) => windowView(ctx, j(actor), actor, params.id),
  });

  api.route({
    method: 'PATCH',
    url: '/api/v1/parking/windows/:id',
    tag: 'parking',
    summary: '编辑共享时段 Edit or close a share window (the site’s department or admins)',
    auth: 'actor',
    params: IdParams,
    body: WindowPatchBody,
    response: { 200: ParkingWindow },
    errors: [403, 409],
    handler: async ({ actor, params, body }) => {
      const { expected_version, ...patch } = body;
      await updateWindow(ctx, { actor, id: params.id, patch, expectedVersion: expected_version });
      return windowView(ctx, actor.jurisdictionId, actor, params.id);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/parking/windows',
    tag: 'parking',
    summary: '点单响应的共享时段 The share windows answering a community order (for whoever sees the order)',
    auth: 'actor',
    query: WindowsQuery,
    response: { 200: ParkingWindowList },
    errors: [404],
    handler: async ({ actor, query }) => orderWindowsView(ctx, actor, query.order_request_id),
  });
}
