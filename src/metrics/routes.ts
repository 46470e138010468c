import type { AppContext } from '../context.js';
import { readerFor } from '../http/read-replica.js';
import type { Actor } from '../http/actor.js';
import { periodOf } from '../http/inputs.js';
import { mayReadMetrics, metricsDepartmentScope } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { dashboardMetrics, metricsBy } from './reports.js';
import { DashboardAnswer, DashboardQuery, MetricsAnswer, MetricsQuery } from './schemas.js';

/** The default period: the 30 days up to now. */
const DEFAULT_DAYS = 30;

export function metricsRoutes(api: ApiRegistry, ctx: AppContext) {
  /** What a reader may see of the period asked for: their jurisdiction, a head their department only. */
  const scopeOf = (actor: Actor, query: { from?: Date | undefined; to?: Date | undefined }) => ({
    jurisdictionId: actor.jurisdictionId,
    ...periodOf(query, { now: ctx.now(), defaultDays: DEFAULT_DAYS }),
    departmentCode: metricsDepartmentScope(actor),
  });

  const route = api.feature('metrics');

  route.get(
    '/api/v1/metrics/dashboard',
    '督办驾驶舱 The dashboard in one call: overall rates and the groups by department, street, 一级 category and day, with names',
    { query: DashboardQuery, response: { 200: DashboardAnswer }, allow: mayReadMetrics },
    async ({ actor, query, req }) => dashboardMetrics(readerFor(ctx, req), scopeOf(actor, query)),
  );

  route.get(
    '/api/v1/metrics',
    '三率与按时办结率 Response, resolution, satisfaction and on-time rates by department, area or category',
    { query: MetricsQuery, response: { 200: MetricsAnswer }, allow: mayReadMetrics },
    async ({ actor, query, req }) =>
      metricsBy(readerFor(ctx, req), { ...scopeOf(actor, query), by: query.by }),
  );
}
