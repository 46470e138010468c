import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { mayReadMetrics } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { addCounts, rates, METRIC_DEFINITIONS, type Counts } from './definitions.js';
import { referenceCache } from '../routing/reference-cache.js';
import { countsBy, countsByMany, withRates, type GroupBy } from './query.js';

const DAY = 86_400_000;

export const MetricsQuery = z
  .object({
    by: z
      .enum(['department', 'area', 'street', 'category', 'category_level1', 'day', 'none'])
      .default('department'),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .strict();

export const DashboardQuery = z
  .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() })
  .strict();

/** The dashboard's groupings, answered together: ranking by department or street, the trend, the breakdown. */
const DASHBOARD_GROUPS = ['department', 'street', 'category_level1', 'day'] as const;

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

/** The period asked for (default: the 30 days up to now), refused when it is empty. */
function periodOf(query: { from?: Date | undefined; to?: Date | undefined }, now: Date) {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - 30 * DAY);
  if (from >= to)
    throw new AppError('validation_failed', {
      issues: [{ path: 'from', message: 'from must be before to' }],
    });
  return { from, to };
}

/** A department head sees their own department's figures only. */
const departmentScope = (actor: Actor) =>
  actor.kind === 'user' && actor.role === 'department_head' ? (actor.departmentCode ?? '') : undefined;

export function metricsRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/metrics/dashboard',
    tag: 'metrics',
    summary:
      '督办驾驶舱 The dashboard in one call: overall rates and the groups by department, street, 一级 category and day, with names',
    auth: 'actor',
    query: DashboardQuery,
    handler: async ({ actor, query }) => {
      if (!mayReadMetrics(actor)) throw new AppError('forbidden');
      const now = ctx.now();
      const { from, to } = periodOf(query, now);
      const j = actor.jurisdictionId;
      const [groups, { names }] = await Promise.all([
        countsByMany(ctx.db, {
          jurisdictionId: j,
          from,
          to,
          now,
          groupBys: [...DASHBOARD_GROUPS, 'none'],
          departmentCode: departmentScope(actor),
        }),
        referenceCache(ctx.db).get(j),
      ]);
      const total = groups.get('none')![0]?.counts ?? ZERO;
      const named = (by: GroupBy, nameOf: Map<string, string> | null) =>
        withRates(groups.get(by)!).map((g) => ({
          ...g,
          name: g.key === null || nameOf === null ? null : (nameOf.get(g.key) ?? g.key),
        }));
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        overall: { ...total, ...rates(total) },
        department: named('department', names.departments),
        street: named('street', names.areas),
        category_level1: named('category_level1', names.categories),
        day: named('day', null),
        definitions: METRIC_DEFINITIONS,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/metrics',
    tag: 'metrics',
    summary:
      '三率与按时办结率 Response, resolution, satisfaction and on-time rates by department, area or category',
    auth: 'actor',
    query: MetricsQuery,
    handler: async ({ actor, query }) => {
      if (!mayReadMetrics(actor)) throw new AppError('forbidden');
      const now = ctx.now();
      const { from, to } = periodOf(query, now);
      const groups = await countsBy(ctx.db, {
        jurisdictionId: actor.jurisdictionId,
        from,
        to,
        now,
        groupBy: query.by,
        departmentCode: departmentScope(actor),
      });
      const total = groups.map((g) => g.counts).reduce(addCounts, ZERO);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        by: query.by,
        overall: { ...total, ...rates(total) },
        groups: withRates(groups),
        definitions: METRIC_DEFINITIONS,
      };
    },
  });
}
