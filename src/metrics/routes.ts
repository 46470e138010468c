import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { mayReadMetrics } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { addCounts, rates, METRIC_DEFINITIONS } from './definitions.js';
import { countsBy, withRates } from './query.js';

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

export function metricsRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/metrics',
    tag: 'metrics',
    summary:
      '三率与按时办结率 Response, resolution, satisfaction and on-time rates by department, area or category',
    auth: 'actor',
    query: MetricsQuery,
    handler: async ({ actor, query }) => {
      const departmentHead = actor.kind === 'user' && actor.role === 'department_head';
      if (!mayReadMetrics(actor)) throw new AppError('forbidden');
      const now = ctx.now();
      const to = query.to ?? now;
      const from = query.from ?? new Date(to.getTime() - 30 * DAY);
      if (from >= to)
        throw new AppError('validation_failed', {
          issues: [{ path: 'from', message: 'from must be before to' }],
        });
      const groups = await countsBy(ctx.db, {
        jurisdictionId: actor.jurisdictionId,
        from,
        to,
        now,
        groupBy: query.by,
        departmentCode: departmentHead && actor.kind === 'user' ? (actor.departmentCode ?? '') : undefined,
      });
      const total = groups
        .map((g) => g.counts)
        .reduce(addCounts, {
          total: 0,
          dispatched: 0,
          responded: 0,
          followed_up: 0,
          resolved: 0,
          satisfied: 0,
          replies_due: 0,
          replied_on_time: 0,
          overdue_open: 0,
        });
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
