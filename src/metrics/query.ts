import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { addCounts, rates, type Counts } from './definitions.js';

export type GroupBy = 'department' | 'area' | 'category' | 'street' | 'category_level1' | 'day' | 'none';

/**
 * The predicates of ./definitions.ts, in SQL, aggregated over the requests created in [from, to).
 * Rolling up to streets or 一级 categories happens after aggregation, over the small reference tables.
 */
export async function countsBy(
  db: Kysely<DB>,
  opts: {
    jurisdictionId: string;
    from: Date;
    to: Date;
    now: Date;
    groupBy: GroupBy;
    departmentCode?: string | undefined;
  },
): Promise<{ key: string | null; counts: Counts }[]> {
  const key =
    opts.groupBy === 'department'
      ? sql<string>`department_code`
      : opts.groupBy === 'area' || opts.groupBy === 'street'
        ? sql<string>`area_code`
        : opts.groupBy === 'category' || opts.groupBy === 'category_level1'
          ? sql<string>`category_code`
          : opts.groupBy === 'day'
            ? sql<string>`to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
            : sql<string>`null`;
  const now = opts.now;
  const rows = await db
    .selectFrom('requests')
    .select([
      key.as('key'),
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where dispatched_at is not null)`.as('dispatched'),
      sql<number>`count(*) filter (where dispatched_at is not null and signed_at <= sign_by and contacted_at <= contact_by)`.as(
        'responded',
      ),
      sql<number>`count(*) filter (where followed_up_at is not null)`.as('followed_up'),
      sql<number>`count(*) filter (where followed_up_at is not null and followup_resolved)`.as('resolved'),
      sql<number>`count(*) filter (where followed_up_at is not null and followup_satisfaction in ('satisfied', 'basically_satisfied'))`.as(
        'satisfied',
      ),
      sql<number>`count(*) filter (where dispatched_at is not null and reply_by is not null and (replied_at is not null or reply_by < ${now}))`.as(
        'replies_due',
      ),
      sql<number>`count(*) filter (where dispatched_at is not null and replied_at <= reply_by)`.as(
        'replied_on_time',
      ),
      sql<number>`count(*) filter (where dispatched_at is not null and replied_at is null and reply_by < ${now})`.as(
        'overdue_open',
      ),
    ])
    .where('jurisdiction_id', '=', opts.jurisdictionId)
    .where('created_at', '>=', opts.from)
    .where('created_at', '<', opts.to)
    .where('status', '!=', 'merged')
    .$if(opts.departmentCode !== undefined, (q) => q.where('department_code', '=', opts.departmentCode!))
    .groupBy(sql`1`)
    .execute();
  const grouped = rows.map(({ key: k, ...c }) => ({
    key: k,
    counts: Object.fromEntries(Object.entries(c).map(([n, v]) => [n, Number(v)])) as Counts,
  }));
  if (opts.groupBy === 'street') return rollUp(grouped, await streetOf(db, opts.jurisdictionId));
  if (opts.groupBy === 'category_level1') return rollUp(grouped, await level1Of(db, opts.jurisdictionId));
  return grouped;
}

function rollUp(rows: { key: string | null; counts: Counts }[], parentOf: Map<string, string>) {
  const out = new Map<string | null, Counts>();
  for (const r of rows) {
    const k = r.key ? (parentOf.get(r.key) ?? r.key) : null;
    const prev = out.get(k);
    out.set(k, prev ? addCounts(prev, r.counts) : r.counts);
  }
  return [...out].map(([key, counts]) => ({ key, counts }));
}

async function ancestorsAt(
  rows: { code: string; parent_code: string | null; level: string | number }[],
  level: string | number,
) {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out = new Map<string, string>();
  for (const r of rows) {
    let a: (typeof rows)[number] | undefined = r;
    while (a && a.level !== level) a = a.parent_code ? byCode.get(a.parent_code) : undefined;
    if (a) out.set(r.code, a.code);
  }
  return out;
}

async function streetOf(db: Kysely<DB>, j: string) {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'parent_code', 'level'])
    .where('jurisdiction_id', '=', j)
    .execute();
  return ancestorsAt(rows, 'street');
}

async function level1Of(db: Kysely<DB>, j: string) {
  const rows = await db
    .selectFrom('categories')
    .select(['code', 'parent_code', 'level'])
    .where('jurisdiction_id', '=', j)
    .execute();
  return ancestorsAt(rows, 1);
}

export function withRates(rows: { key: string | null; counts: Counts }[]) {
  return rows.map((r) => ({ key: r.key, ...r.counts, ...rates(r.counts) }));
}
