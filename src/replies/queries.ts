/** Reading reply templates, the replies that are only a template, and the replies under review. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inJurisdiction } from '../db/source.js';

export function listTemplates(
  db: Kysely<DB>,
  jurisdictionId: string,
  f: { department?: string | undefined; category?: string | undefined; active?: boolean | undefined },
) {
  let q = db.selectFrom('reply_templates').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (f.department) q = q.where('department_code', '=', f.department);
  if (f.category) q = q.where('category_code', '=', f.category);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  return q
    .orderBy('department_code', (ob) => ob.nullsFirst())
    .orderBy('id')
    .execute();
}

export function loadTemplate(db: Kysely<DB>, jurisdictionId: string, id: number) {
  return inJurisdiction(db, 'reply_templates', jurisdictionId)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Replies flagged as only a template with nothing added (sent at once or held for review), the newest first. */
export async function templateOnlyReplies(
  db: Kysely<DB>,
  jurisdictionId: string,
  page: { page: number; page_size: number },
) {
  const base = db
    .selectFrom('request_events as e')
    .innerJoin('requests as r', (j) =>
      j.onRef('r.jurisdiction_id', '=', 'e.jurisdiction_id').onRef('r.id', '=', 'e.request_id'),
    )
    .where('e.jurisdiction_id', '=', jurisdictionId)
    .where('e.type', 'in', ['reply', 'reply-held'])
    .where(sql<boolean>`e.payload ->> 'template_only' = 'true'`);
  const [rows, total] = await Promise.all([
    base
      .select(['e.request_id', 'r.ticket_no', 'r.department_code', 'e.payload', 'e.actor_label', 'e.at'])
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(page.page_size)
      .offset((page.page - 1) * page.page_size)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Requests whose reply waits for review (pending) or was sent back and not replied again, the oldest first. */
export async function listReviews(
  db: Kysely<DB>,
  jurisdictionId: string,
  f: { state: 'pending' | 'sent_back'; department?: string | undefined; page: number; page_size: number },
) {
  let base = db
    .selectFrom('requests')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where(sql<boolean>`reply_review ->> 'state' = ${f.state}`);
  base =
    f.state === 'pending'
      ? base.where('status', '=', 'reviewing')
      : base.where('status', 'in', ['signed', 'in_progress']);
  if (f.department) base = base.where('department_code', '=', f.department);
  const [rows, total, counts] = await Promise.all([
    base
      .selectAll()
      .orderBy('updated_at')
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('requests')
      .select([
        sql<string>`count(*) filter (where status = 'reviewing')`.as('pending'),
        sql<string>`count(*) filter (where status in ('signed', 'in_progress'))`.as('sent_back'),
      ])
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('reply_review', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows,
    total: Number(total.n),
    counts: { pending: Number(counts.pending), sent_back: Number(counts.sent_back) },
  };
}

/**
 * 差评复核: the disputes of last follow-ups waiting for a decision (the oldest first), or decided (the latest
 * first), with the jurisdiction's counts by state.
 */
export async function listDisputes(
  db: Kysely<DB>,
  jurisdictionId: string,
  f: { state: 'pending' | 'decided'; department?: string | undefined; page: number; page_size: number },
) {
  const state = sql<string>`rating_dispute ->> 'state'`;
  const inJurisdiction = db.selectFrom('requests').where('jurisdiction_id', '=', jurisdictionId);
  let base = inJurisdiction.where(
    f.state === 'pending' ? sql<boolean>`${state} = 'pending'` : sql<boolean>`${state} <> 'pending'`,
  );
  if (f.department) base = base.where('department_code', '=', f.department);
  const at = sql`rating_dispute ->> ${f.state === 'pending' ? 'disputed_at' : 'decided_at'}`;
  const [rows, total, counts] = await Promise.all([
    base
      .selectAll()
      .orderBy(f.state === 'pending' ? sql`${at} asc` : sql`${at} desc`)
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    inJurisdiction
      .select([
        sql<string>`count(*) filter (where ${state} = 'pending')`.as('pending'),
        sql<string>`count(*) filter (where ${state} = 'reasonable')`.as('reasonable'),
        sql<string>`count(*) filter (where ${state} = 'unreasonable')`.as('unreasonable'),
      ])
      .where('rating_dispute', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows,
    total: Number(total.n),
    counts: {
      pending: Number(counts.pending),
      reasonable: Number(counts.reasonable),
      unreasonable: Number(counts.unreasonable),
    },
  };
}
