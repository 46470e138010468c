/** What the reply templates (答复模板) and reply review (回复审核) API takes and answers. */
import { z } from 'zod';
import { BooleanQuery, paging } from '../http/inputs.js';
import { Instant, pageOf } from '../http/responses.js';
import { RequestItem } from '../requests/schemas.js';
import { PLACEHOLDERS } from '../requests/review/templates.js';

const Code = z.string().min(1).max(100);

export const TemplateBody = z
  .object({
    title: z.string().trim().min(1).max(100),
    /** Placeholders: {ticket_no}, {name} (the resident's masked name), {department}, {date}, {registered_date}. */
    body: z.string().trim().min(1).max(4000),
    /** Null: a template every department may use. */
    department_code: Code.nullable(),
    /** Null: for every category; a category also covers those below it. */
    category_code: Code.nullable(),
    active: z.boolean().default(true),
  })
  .strict();
export type TemplateBody = z.output<typeof TemplateBody>;

export const TemplatesQuery = z
  .object({
    department: Code.optional(),
    category: Code.optional(),
    active: BooleanQuery.optional(),
  })
  .strict();

export const ReplyTemplate = z
  .strictObject({
    id: z.number().int(),
    title: z.string(),
    body: z.string(),
    department_code: z.string().nullable(),
    category_code: z.string().nullable(),
    active: z.boolean(),
    updated_at: Instant,
    /** Whether the caller may change it. */
    editable: z.boolean(),
  })
  .meta({ id: 'ReplyTemplate' });

export const TemplateList = z.strictObject({
  items: z.array(ReplyTemplate),
  placeholders: z.array(z.enum(PLACEHOLDERS)),
});

/** A template offered in a request's reply dialog, filled in for it. */
export const OfferedTemplate = z
  .strictObject({
    id: z.number().int(),
    title: z.string(),
    department_code: z.string().nullable(),
    category_code: z.string().nullable(),
    text: z.string(),
  })
  .meta({ id: 'OfferedTemplate' });

export const TemplateOnlyReply = z.strictObject({
  request_id: z.number().int(),
  ticket_no: z.string(),
  department_code: z.string().nullable(),
  template_id: z.number().int().nullable(),
  text: z.string(),
  actor: z.string(),
  at: Instant,
});

export const TemplateOnlyQuery = z.object({ ...paging({ defaultSize: 20, maxSize: 100 }) }).strict();

// ── 回复审核 ──────────────────────────────────────────────────────────────────────────────────────────────

const Percent = z.number().int().min(0).max(100);

export const ReviewRule = z
  .strictObject({
    department_code: Code.nullable(),
    category_code: Code.nullable(),
    sample_percent: Percent,
    note: z.string().trim().max(200).default(''),
  })
  .refine((r) => r.department_code !== null || r.category_code !== null, {
    message: 'a rule names a department or a category',
    path: ['department_code'],
  });

export const ReviewSettingsBody = z
  .strictObject({
    enabled: z.boolean(),
    /** Percentage of the replies no rule covers that are reviewed. */
    sample_percent: Percent,
    /** Every reply to a reopened request. */
    reopened_all: z.boolean(),
    /** A reply whose automatic score is below this is always reviewed; null: none for its score alone. */
    min_score: Percent.nullable(),
    /** By department and/or category; the most specific rule that matches a reply gives its rate. */
    rules: z.array(ReviewRule).max(200),
  })
  .refine(
    (b) =>
      new Set(b.rules.map((r) => `${r.department_code ?? ''}|${r.category_code ?? ''}`)).size ===
      b.rules.length,
    { message: 'one rule per department and category', path: ['rules'] },
  );
export type ReviewSettingsBody = z.output<typeof ReviewSettingsBody>;

export const ReviewSettingsAnswer = z
  .strictObject({
    enabled: z.boolean(),
    sample_percent: Percent,
    reopened_all: z.boolean(),
    min_score: Percent.nullable(),
    rules: z.array(
      z.strictObject({
        id: z.number().int(),
        department_code: z.string().nullable(),
        category_code: z.string().nullable(),
        sample_percent: Percent,
        note: z.string(),
      }),
    ),
  })
  .meta({ id: 'ReplyReviewSettings' });

/**
 * A queue a reviewer works through (回复审核, 差评复核): its requests in one state (the first by default), of one
 * department if asked, a page at a time.
 */
const queueQuery = <const S extends readonly [string, ...string[]]>(states: S) =>
  z
    .object({
      state: z.enum(states).default(states[0]),
      department: Code.optional(),
      ...paging({ defaultSize: 20, maxSize: 100 }),
    })
    .strict();

/** A page of a queue, with the jurisdiction's counts by state now. */
const queuePage = <const K extends string>(states: readonly K[]) =>
  pageOf(RequestItem).extend({
    counts: z.strictObject(
      Object.fromEntries(states.map((s) => [s, z.number().int()])) as Record<K, z.ZodNumber>,
    ),
  });

/** pending: waiting for a reviewer; sent_back: sent back and not yet replied again. */
export const ReviewsQuery = queueQuery(['pending', 'sent_back']);
/** Counts of the jurisdiction's replies by review state. */
export const ReviewPage = queuePage(['pending', 'sent_back']);

/** pending: waiting for a reviewer's decision; decided: 合理 or 不合理. */
export const DisputesQuery = queueQuery(['pending', 'decided']);
/** Counts of the jurisdiction's disputes of last follow-ups by state. */
export const DisputePage = queuePage(['pending', 'reasonable', 'unreasonable']);
