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

export const ReviewsQuery = z
  .object({
    /** pending: waiting for a reviewer; sent_back: sent back and not yet replied again. */
    state: z.enum(['pending', 'sent_back']).default('pending'),
    department: Code.optional(),
    ...paging({ defaultSize: 20, maxSize: 100 }),
  })
  .strict();

export const ReviewPage = pageOf(RequestItem).extend({
  /** Counts of the jurisdiction's replies by review state now. */
  counts: z.strictObject({ pending: z.number().int(), sent_back: z.number().int() }),
});

export const DisputesQuery = z
  .object({
    /** pending: waiting for a reviewer's decision; decided: 合理 or 不合理. */
    state: z.enum(['pending', 'decided']).default('pending'),
    department: Code.optional(),
    ...paging({ defaultSize: 20, maxSize: 100 }),
  })
  .strict();

export const DisputePage = pageOf(RequestItem).extend({
  /** Counts of the jurisdiction's disputes of last follow-ups by state now. */
  counts: z.strictObject({
    pending: z.number().int(),
    reasonable: z.number().int(),
    unreasonable: z.number().int(),
  }),
});
