/**
 * What the reply command reads before the state machine decides (回复审核, 答复模板): the templates offered for
 * the request (filled in), the jurisdiction's review settings and rules, the reply's automatic check, and why
 * (if at all) it is held for review.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, RequestRow } from '../../db/schema.js';
import { inJurisdiction } from '../../db/source.js';
import { AppError } from '../../http/errors.js';
import { localDate } from '../deadlines.js';
import { scoreReply, type ReplyScore } from './reply-score.js';
import { reviewReason, type ReviewReason, type ReviewRule, type ReviewSettings } from './sampling.js';
import { chineseDate, fillTemplate, templateOnly } from './templates.js';

type Db = Kysely<DB> | Transaction<DB>;

export const DEFAULT_SETTINGS: ReviewSettings = {
  enabled: false,
  sample_percent: 0,
  reopened_all: true,
  min_score: null,
};

/** The category and its ancestors, itself first (none for a request without a category). */
export async function categoryLineage(
  db: Db,
  jurisdictionId: string,
  code: string | null,
): Promise<string[]> {
  const out: string[] = [];
  for (let c = code; c !== null && out.length < 10;) {
    out.push(c);
    const row = await inJurisdiction(db, 'categories', jurisdictionId)
      .select('parent_code')
      .where('code', '=', c)
      .executeTakeFirst();
    c = row?.parent_code ?? null;
  }
  return out;
}

export type OfferedTemplate = {
  id: number;
  title: string;
  department_code: string | null;
  category_code: string | null;
  /** Filled in for the request. */
  text: string;
};

type TemplateRequest = Pick<
  RequestRow,
  'jurisdiction_id' | 'ticket_no' | 'department_code' | 'category_code' | 'reporter_name_mask' | 'created_at'
>;

/**
 * The active templates of the request's department (or of every department) for its category or one above it
 * (or every category), the most specific first, filled in for the request.
 */
export async function templatesFor(
  db: Db,
  r: TemplateRequest,
  at: { now: Date; tz: string },
): Promise<OfferedTemplate[]> {
  const lineage = await categoryLineage(db, r.jurisdiction_id, r.category_code);
  const [rows, department] = await Promise.all([
    db
      .selectFrom('reply_templates')
      .select(['id', 'title', 'body', 'department_code', 'category_code'])
      .where('jurisdiction_id', '=', r.jurisdiction_id)
      .where('active', '=', true)
      .where((eb) =>
        eb.or([
          eb('department_code', 'is', null),
          ...(r.department_code ? [eb('department_code', '=', r.department_code)] : []),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('category_code', 'is', null),
          ...(lineage.length ? [eb('category_code', 'in', lineage)] : []),
        ]),
      )
      .orderBy('id')
      .execute(),
    r.department_code
      ? db
          .selectFrom('departments')
          .select('name')
          .where('jurisdiction_id', '=', r.jurisdiction_id)
          .where('code', '=', r.department_code)
          .executeTakeFirst()
      : undefined,
  ]);
  const values = {
    ticket_no: r.ticket_no,
    name: r.reporter_name_mask ?? '市民',
    department: department?.name ?? '',
    date: chineseDate(localDate(at.now, at.tz)),
    registered_date: chineseDate(localDate(r.created_at, at.tz)),
  };
  const specificity = (t: { department_code: string | null; category_code: string | null }) =>
    (t.department_code ? 100 : 0) + (t.category_code ? 10 - lineage.indexOf(t.category_code) : 0);
  return rows
    .sort((a, b) => specificity(b) - specificity(a) || a.id - b.id)
    .map((t) => ({
      id: t.id,
      title: t.title,
      department_code: t.department_code,
      category_code: t.category_code,
      text: fillTemplate(t.body, values),
    }));
}

export async function reviewSettings(
  db: Db,
  jurisdictionId: string,
): Promise<{ settings: ReviewSettings; rules: (ReviewRule & { id: number; note: string })[] }> {
  const [settings, rules] = await Promise.all([
    db
      .selectFrom('reply_review_settings')
      .select(['enabled', 'sample_percent', 'reopened_all', 'min_score'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .executeTakeFirst(),
    db
      .selectFrom('reply_review_rules')
      .select(['id', 'department_code', 'category_code', 'sample_percent', 'note'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .orderBy('id')
      .execute(),
  ]);
  return { settings: settings ?? DEFAULT_SETTINGS, rules };
}

export type ReplyFacts = {
  templateId?: number;
  templateOnly: boolean;
  check: ReplyScore;
  /** Why the reply is held for review; null: it goes to the resident. */
  reason: ReviewReason | null;
};

/** The facts of a department's reply to a request (the reply's template checked to be one offered for it). */
export async function replyFacts(
  tx: Db,
  row: RequestRow,
  input: { text: string; template_id?: number | undefined },
  at: { now: Date; tz: string },
): Promise<ReplyFacts> {
  const [templates, { settings, rules }, lineage] = await Promise.all([
    templatesFor(tx, row, at),
    reviewSettings(tx, row.jurisdiction_id),
    categoryLineage(tx, row.jurisdiction_id, row.category_code),
  ]);
  if (input.template_id !== undefined && !templates.some((t) => t.id === input.template_id))
    throw new AppError('unknown_reference', { template_id: input.template_id });
  const filled = templates.map((t) => t.text);
  const check = scoreReply({ reply: input.text, request: `${row.title}。${row.body}`, templates: filled });
  const reason = reviewReason(settings, rules, {
    requestId: row.id,
    reopenCount: row.reopen_count,
    departmentCode: row.department_code,
    categoryLineage: lineage,
    sentBack: row.reply_review?.state === 'sent_back',
    score: check.score,
  });
  return {
    ...(input.template_id !== undefined ? { templateId: input.template_id } : {}),
    templateOnly: templateOnly(input.text, filled),
    check,
    reason,
  };
}
