/**
 * A 每月一题 problem's request volume by month: the requests its definition matches (./definition.ts is the
 * reference), counted by the local month of registration, voided and withdrawn requests left out. A closed month's
 * volume is stored once (monthly_problem_volumes), so a published 环比 does not move when a request is re-filed
 * under another category later; the running month is counted live.
 * The count reads the months' requests through the (jurisdiction, created_at) index and filters them in SQL:
 * category and area subtrees by recursive lookup, keywords by substring on the normalised texts of that range only.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { addMonths, boundsOf, isClosed } from '../assessment/month.js';
import type { ProblemDefinition } from './definition.js';
import { focusDb } from './schema.js';

/** Days into the next month before a month's volume is frozen: categories are corrected in the first days. */
const CLOSE_AFTER_DAYS = 3;

export async function countByMonth(
  db: Kysely<DB>,
  opts: { jurisdictionId: string; timezone: string; definition: ProblemDefinition; months: string[] },
): Promise<Map<string, number>> {
  const out = new Map(opts.months.map((m) => [m, 0]));
  if (!opts.months.length) return out;
  const sorted = [...opts.months].sort();
  const from = boundsOf(sorted[0]!, opts.timezone).from;
  const to = boundsOf(sorted.at(-1)!, opts.timezone).to;
  const j = opts.jurisdictionId;
  const d = opts.definition;
  const tree = (table: 'categories' | 'areas', roots: string[]) =>
    sql`(with recursive sub(code) as (
          select code from ${sql.table(table)} where jurisdiction_id = ${j} and code = any(${roots}::text[])
          union select t.code from ${sql.table(table)} t join sub on t.parent_code = sub.code
          where t.jurisdiction_id = ${j})
        select code from sub)`;
  const { rows } = await sql<{ month: string; n: string | number }>`
    select to_char(r.created_at at time zone ${opts.timezone}, 'YYYY-MM') as month, count(*) as n
    from requests r
    where r.jurisdiction_id = ${j}
      and r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz
      and r.status not in ('voided', 'withdrawn')
      ${d.category_codes.length ? sql`and r.category_code in ${tree('categories', d.category_codes)}` : sql``}
      ${d.area_codes.length ? sql`and r.area_code in ${tree('areas', d.area_codes)}` : sql``}
      ${
        d.keywords.length
          ? sql`and exists (select 1 from unnest(${d.keywords}::text[]) k
                 where strpos(r.title_norm, k) > 0 or strpos(r.body_norm, k) > 0)`
          : sql``
      }
    group by 1`.execute(db);
  for (const r of rows) if (out.has(r.month)) out.set(r.month, Number(r.n));
  return out;
}

/** The last `n` months up to `month`, oldest first. */
export const monthsUpTo = (month: string, n: number) =>
  Array.from({ length: n }, (_, i) => addMonths(month, i - n + 1));

/**
 * A problem's volumes for the months asked: stored figures for closed months (stored now when missing), live
 * counts for the rest.
 */
export async function problemVolumes(
  db: Kysely<DB>,
  opts: {
    jurisdictionId: string;
    timezone: string;
    today: string;
    problemId: number;
    definition: ProblemDefinition;
    months: string[];
  },
): Promise<{ month: string; volume: number; frozen: boolean }[]> {
  const fdb = focusDb(db);
  const stored = new Map(
    (
      await fdb
        .selectFrom('monthly_problem_volumes')
        .select(['month', 'volume'])
        .where('jurisdiction_id', '=', opts.jurisdictionId)
        .where('problem_id', '=', opts.problemId)
        .where('month', 'in', opts.months)
        .execute()
    ).map((r) => [r.month, r.volume]),
  );
  const missing = opts.months.filter((m) => !stored.has(m));
  const counted = await countByMonth(db, { ...opts, months: missing });
  const toFreeze = missing.filter((m) => isClosed(m, opts.today, CLOSE_AFTER_DAYS));
  if (toFreeze.length)
    await fdb
      .insertInto('monthly_problem_volumes')
      .values(
        toFreeze.map((m) => ({
          jurisdiction_id: opts.jurisdictionId,
          problem_id: opts.problemId,
          month: m,
          volume: counted.get(m) ?? 0,
        })),
      )
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'problem_id', 'month']).doNothing())
      .execute();
  return opts.months.map((m) => ({
    month: m,
    volume: stored.get(m) ?? counted.get(m) ?? 0,
    frozen: stored.has(m) || toFreeze.includes(m),
  }));
}
