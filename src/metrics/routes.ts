import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { periodOf } from '../http/inputs.js';
import { ensureAllowed, mayReadMetrics, metricsDepartmentScope } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { dashboardMetrics, metricsBy } from './reports.js';
import { DashboardAnswer, DashboardQuery, MetricsAnswer, MetricsQuery } from './schemas.js';

/** The default period: the 30 days up to now. */
const DEFAULT_DAYS = 30;

export function metricsRoutes(api: ApiRegistry, ctx: AppContext) {
  /** What a reader may see of the period asked for: their jurisdiction, a head their department only. */
  const scopeOf = (actor: Actor, query: { from?: Date | undefined; to?: Date | undefined }) => {
    ensureAllowed(mayReadMetrics(actor));
    return {
      jurisdictionId: actor.jurisdictionId,
      ...periodOf(query, { now: ctx.now(), defaultDays: DEFAULT_DAYS }),
      departmentCode: metricsDepartmentScope(actor),
    };
  };

  api.route({
    method: 'GET',
    url: '/api/v1/metrics/dashboard',
    tag: 'metrics',
    summary:
      '督办驾驶舱 The dashboard in one call: overall rates and the groups by department, street, 一级 category and day, with names',
    auth: 'actor',
    query: DashboardQuery,
    response: { 200: DashboardAnswer },
    errors: [403],
    handler: async ({ actor, query }) => dashboardMetrics(ctx, scopeOf(actor, query)),
  });

  api.route({
    method: 'GET',
    url: '/api/v1/metrics',
    tag: 'metrics',
    summary:
      '三率与按时办结率 Response, resolution, satisfaction and on-time rates by department, area or category',
    auth: 'actor',
    query: MetricsQuery,
    response: { 200: MetricsAnswer },
    errors: [403],
    handler: async ({ actor, query }) => metricsBy(ctx, { ...scopeOf(actor, query), by: query.by }),
  });
}
