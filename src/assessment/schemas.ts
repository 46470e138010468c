/** What the assessment API takes and answers. */
import { z } from 'zod';
import { binary, Instant } from '../http/responses.js';
import { DEDUCTIONS, RATES, TIE_BREAKS, type Scheme } from './scheme.js';
import { COUNTS, type UnitCounts } from './score.js';

export const MonthParams = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
});
export const UnitParams = MonthParams.extend({
  kind: z.enum(['department', 'street']),
  code: z.string().min(1).max(64),
});
export const TrendQuery = z.strictObject({ months: z.coerce.number().int().min(1).max(24).default(12) });

const weight = z.number().min(0).max(1);
const points = z.number().min(0).max(100);
export const SchemeFields = z.strictObject({
  weights: z.strictObject(
    Object.fromEntries(RATES.map((r) => [r, weight])) as Record<(typeof RATES)[number], typeof weight>,
  ),
  deductions: z.strictObject(
    Object.fromEntries(DEDUCTIONS.map((d) => [d, points])) as Record<
      (typeof DEDUCTIONS)[number],
      typeof points
    >,
  ),
  deduction_cap: points,
  min_sample: z.number().int().min(0).max(100_000),
  confidence: z.number().min(0).max(5),
  tie_breaks: z.array(z.enum(TIE_BREAKS)).max(TIE_BREAKS.length),
  close_after_days: z.number().int().min(0).max(28),
}) satisfies z.ZodType<Scheme>;

export const NewScheme = z.strictObject({
  effective_month: MonthParams.shape.month,
  scheme: SchemeFields,
  note: z.string().max(500).default(''),
});

export const SchemeVersionAnswer = z
  .object({
    version: z.number().int(),
    effective_month: z.string(),
    scheme: SchemeFields,
    note: z.string(),
    created_at: Instant.nullable(),
  })
  .meta({ id: 'AssessmentSchemeVersion' });
export const SchemesAnswer = z.object({ versions: z.array(SchemeVersionAnswer) });

const int = z.number().int();
const UnitCountsAnswer = z.object(
  Object.fromEntries(COUNTS.map((c) => [c, int])) as Record<keyof UnitCounts, typeof int>,
);
const nullableNumber = z.number().nullable();
export const UnitScoreAnswer = z.object({
  kind: z.enum(['department', 'street']),
  code: z.string(),
  name: z.string(),
  counts: UnitCountsAnswer,
  components: z.array(
    z.object({
      rate: z.enum(RATES),
      successes: int,
      base: int,
      raw: nullableNumber,
      bound: nullableNumber,
      weight: z.number(),
      points: z.number(),
    }),
  ),
  deductions: z.array(z.object({ kind: z.enum(DEDUCTIONS), count: int, points: z.number() })),
  deduction_points: z.number(),
  score: nullableNumber,
  ranked: z.boolean(),
  rank: int.nullable(),
  previous: z.object({ score: nullableNumber, rank: int.nullable() }).nullable(),
  rank_change: int.nullable(),
  score_change: nullableNumber,
});

/** A month's ranking (frozen, provisional or a preview): answered by the month and by its preview. */
export const MonthAnswer = z
  .object({
    month: z.string(),
    status: z.enum(['frozen', 'provisional', 'preview']),
    scheme: SchemeVersionAnswer,
    inputs_hash: z.string(),
    frozen_at: Instant.nullable(),
    method: z.object({ zh: z.string(), en: z.string() }),
    units: z.array(UnitScoreAnswer),
  })
  .meta({ id: 'AssessmentMonth' });

export const TrendAnswer = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      status: z.enum(['frozen', 'provisional', 'preview']),
      units: z.array(
        z.object({ kind: z.string(), code: z.string(), score: nullableNumber, rank: int.nullable() }),
      ),
    }),
  ),
});

export const CostlyAnswer = z.object({
  requests: z.array(
    z.object({
      id: int,
      ticket_no: z.string(),
      status: z.string(),
      reasons: z.array(z.enum(['returned', 'reopened', 'overdue'])),
    }),
  ),
});

export const BulletinPdf = binary('application/pdf', 'The 通报 as an A4 PDF');
export const BulletinXlsx = binary(
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'The 通报 as an xlsx workbook',
);
