/** The metrics answers: the period's overall figures and its groups, with the definitions. */
import type { AppContext } from '../context.js';
import { referenceCache } from '../routing/reference-cache.js';
import { knowledgeFigures, METRIC_DEFINITIONS, rates, ZERO_COUNTS } from './definitions.js';
import { answeredFromKnowledge } from './knowledge.js';
import { countsByMany, withRates, type GroupBy } from './query.js';

type Scope = {
  jurisdictionId: string;
  from: Date;
  to: Date;
  /** Only this department's requests (a department head's view). */
  departmentCode: string | undefined;
};

/** The dashboard's groupings, answered together: ranking by department or street, the trend, the breakdown. */
const DASHBOARD_GROUPS = ['department', 'street', 'category_level1', 'day'] as const;

export async function metricsBy(ctx: AppContext, scope: Scope & { by: GroupBy }) {
  // the overall figures from the requests themselves: a department's line counts its co-handling too (吹哨报到)
  const [counts, answered] = await Promise.all([
    countsByMany(ctx.db, { ...scope, now: ctx.now(), groupBys: [scope.by, 'none'] }),
    answeredFromKnowledge(ctx.db, scope),
  ]);
  const groups = counts.get(scope.by)!;
  const total = counts.get('none')![0]?.counts ?? ZERO_COUNTS;
  return {
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    by: scope.by,
    overall: { ...total, ...rates(total) },
    knowledge: knowledgeFigures(answered, total.total),
    groups: withRates(groups),
    definitions: METRIC_DEFINITIONS,
  };
}

/** 督办驾驶舱: the overall figures and the groups the dashboard draws, with their names, in one pass. */
export async function dashboardMetrics(ctx: AppContext, scope: Scope) {
  const [groups, { names }, answered] = await Promise.all([
    countsByMany(ctx.db, { ...scope, now: ctx.now(), groupBys: [...DASHBOARD_GROUPS, 'none'] }),
    referenceCache(ctx.db).get(scope.jurisdictionId),
    answeredFromKnowledge(ctx.db, scope),
  ]);
  const total = groups.get('none')![0]?.counts ?? ZERO_COUNTS;
  const named = (by: GroupBy, nameOf: Map<string, string> | null) =>
    withRates(groups.get(by)!).map((g) => ({
      ...g,
      name: g.key === null || nameOf === null ? null : (nameOf.get(g.key) ?? g.key),
    }));
  return {
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    department_code: scope.departmentCode ?? null,
    overall: { ...total, ...rates(total) },
    knowledge: knowledgeFigures(answered, total.total),
    department: named('department', names.departments),
    street: named('street', names.areas),
    category_level1: named('category_level1', names.categories),
    day: named('day', null),
    definitions: METRIC_DEFINITIONS,
  };
}
