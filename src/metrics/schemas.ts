/** What the metrics API takes and answers: counts and rates (./definitions.ts), overall and by group. */
import { z } from 'zod';
import { DateTimeQuery } from '../http/inputs.js';
import { Instant } from '../http/responses.js';
import type { Counts, Rates } from './definitions.js';
import type { GroupBy } from './query.js';

const GROUP_BYS = [
  'department',
  'area',
  'street',
  'category',
  'category_level1',
  'day',
  'none',
] as const satisfies readonly GroupBy[];

const Period = { from: DateTimeQuery.optional(), to: DateTimeQuery.optional() };
export const MetricsQuery = z.object({ by: z.enum(GROUP_BYS).default('department'), ...Period }).strict();
export const DashboardQuery = z.object(Period).strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const count = z.number().int();
export const CountFields = {
  total: count,
  /** 撤单: withdrawn requests, counted in no rate. */
  withdrawn: count,
  dispatched: count,
  responded: count,
  followed_up: count,
  resolved: count,
  satisfied: count,
  replies_due: count,
  replied_on_time: count,
  /** 差评复核: follow-ups whose rating was judged 不合理 (out of the reviewed rates), and those answered resolved, satisfied. */
  rating_excluded: count,
  excluded_resolved: count,
  excluded_satisfied: count,
  overdue_open: count,
} satisfies Record<keyof Counts, z.ZodType>;

/** A rate with nothing to count is null, not 0. */
const rate = z.number().min(0).max(1).nullable();
export const RateFields = {
  response_rate: rate,
  resolution_rate: rate,
  satisfaction_rate: rate,
  resolution_rate_raw: rate,
  satisfaction_rate_raw: rate,
  on_time_rate: rate,
} satisfies Record<keyof Rates, z.ZodType>;

const definition = z.strictObject({ zh: z.string(), en: z.string() });
export const Definitions = z.strictObject({
  response_rate: definition,
  resolution_rate: definition,
  satisfaction_rate: definition,
  resolution_rate_raw: definition,
  satisfaction_rate_raw: definition,
  on_time_rate: definition,
  knowledge_direct_rate: definition,
});

/** 知识库直办率: requests answered directly citing an article, of those registered in the period. */
const Knowledge = z.strictObject({
  registered: count,
  answered_with_article: count,
  knowledge_direct_rate: rate,
});

const Figures = z.strictObject({ ...CountFields, ...RateFields });
/** One group: its key (a code, a day; null for requests without one). */
const Group = z.strictObject({ key: z.string().nullable(), ...CountFields, ...RateFields });
/** A group with the name of its key. */
const NamedGroup = z.strictObject({ ...Group.shape, name: z.string().nullable() });

const period = { from: Instant, to: Instant };

export const MetricsAnswer = z.strictObject({
  ...period,
  by: z.enum(GROUP_BYS),
  overall: Figures,
  knowledge: Knowledge,
  groups: z.array(Group),
  definitions: Definitions,
});

export const DashboardAnswer = z.strictObject({
  ...period,
  /** The department the figures are limited to (a head's own), null for all of them. */
  department_code: z.string().nullable(),
  overall: Figures,
  knowledge: Knowledge,
  department: z.array(NamedGroup),
  street: z.array(NamedGroup),
  category_level1: z.array(NamedGroup),
  day: z.array(NamedGroup),
  definitions: Definitions,
});
