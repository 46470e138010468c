import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { localDate, nextDate, startOfLocalDay } from '../requests/deadlines.js';
import { addCounts, rates, type Counts } from './definitions.js';

export type GroupBy = 'department' | 'area' | 'category' | 'street' | 'category_level1' | 'day' | 'none';

type Group = { key: string | null; counts: Counts };

const COUNT_COLUMNS = [
  'total',
  'dispatched',
  'responded',
  'followed_up',
  'resolved',
  'satisfied',
  'replies_due',
  'replied_on_time',
] as const;

/**
 * The predicates of ./definitions.ts in SQL, over the requests created in [from, to) (merged duplicates
 * excluded). Closed requests of whole local days come from the daily roll-up (0003_metrics_rollup.sql); open
 * requests, and closed ones of the partial days at the edges, are counted live. Rolling up to streets or 一级
 * categories happens after aggregation, over the small reference tables.
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
): Promise<Group[]> {
  const j = opts.jurisdictionId;
  const { timezone: tz } = await db
    .selectFrom('jurisdictions')
    .select('timezone')
    .where('jurisdiction_id', '=', j)
    .executeTakeFirstOrThrow();
  const { firstDay, endDay, fullFrom, fullTo } = wholeDays(opts.from, opts.to, tz);

  const live = (where: 'open' | 'closed', ranges: [Date, Date][]) => {
    if (ranges.length === 0) return Promise.resolve([] as Group[]);
    return db
      .selectFrom('requests')
      .select([liveKey(opts.groupBy, tz).as('key'), ...liveCounts(opts.now)])
      .where('jurisdiction_id', '=', j)
      .where((eb) =>
        eb.or(ranges.map(([a, b]) => eb.and([eb('created_at', '>=', a), eb('created_at', '<', b)]))),
      )
      .$if(where === 'open', (q) => q.where('status', 'not in', ['closed', 'merged']))
      .$if(where === 'closed', (q) => q.where('status', '=', 'closed'))
      .$if(opts.departmentCode !== undefined, (q) => q.where('department_code', '=', opts.departmentCode!))
      .groupBy(sql`1`)
      .execute()
      .then(toGroups);
  };
  const edges: [Date, Date][] =
    fullFrom < fullTo
      ? (
          [
            [opts.from, fullFrom],
            [fullTo, opts.to],
          ] as [Date, Date][]
        ).filter(([a, b]) => a < b)
      : [[opts.from, opts.to]];
  const [open, closedEdges, rolled] = await Promise.all([
    live('open', [[opts.from, opts.to]]),
    live('closed', edges),
    fullFrom < fullTo
      ? rollup(db, j, firstDay, endDay, opts.groupBy, opts.departmentCode)
      : Promise.resolve([] as Group[]),
  ]);
  const merged = merge([...open, ...closedEdges, ...rolled]);
  if (opts.groupBy === 'street') return merge(mapKeys(merged, await ancestorsAt(db, j, 'areas', 'street')));
  if (opts.groupBy === 'category_level1')
    return merge(mapKeys(merged, await ancestorsAt(db, j, 'categories', 1)));
  return merged;
}

/** The whole local days inside [from, to): their first day, the day after the last, and their bounds as instants. */
function wholeDays(from: Date, to: Date, tz: string) {
  let firstDay = localDate(from, tz);
  if (startOfLocalDay(firstDay, tz) < from) firstDay = nextDate(firstDay);
  const endDay = localDate(to, tz);
  return { firstDay, endDay, fullFrom: startOfLocalDay(firstDay, tz), fullTo: startOfLocalDay(endDay, tz) };
}

function liveKey(groupBy: GroupBy, tz: string): RawBuilder<string | null> {
  switch (groupBy) {
    case 'department':
      return sql`department_code`;
    case 'area':
    case 'street':
      return sql`area_code`;
    case 'category':
    case 'category_level1':
      return sql`category_code`;
    case 'day':
      return sql`to_char(created_at at time zone ${tz}, 'YYYY-MM-DD')`;
    case 'none':
      return sql`null::text`;
  }
}

function liveCounts(now: Date) {
  return [
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
  ];
}

async function rollup(
  db: Kysely<DB>,
  j: string,
  firstDay: string,
  endDay: string,
  groupBy: GroupBy,
  departmentCode?: string,
) {
  const key: RawBuilder<string | null> =
    groupBy === 'department'
      ? sql`nullif(department_code, '')`
      : groupBy === 'area' || groupBy === 'street'
        ? sql`nullif(area_code, '')`
        : groupBy === 'category' || groupBy === 'category_level1'
          ? sql`nullif(category_code, '')`
          : groupBy === 'day'
            ? sql`to_char(day, 'YYYY-MM-DD')`
            : sql`null::text`;
  const rows = await db
    .selectFrom('metrics_closed_daily')
    .select([key.as('key'), ...COUNT_COLUMNS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))])
    .where('jurisdiction_id', '=', j)
    .where('day', '>=', firstDay)
    .where('day', '<', endDay)
    .$if(departmentCode !== undefined, (q) => q.where('department_code', '=', departmentCode!))
    .groupBy(sql`1`)
    .execute();
  return toGroups(rows.map((r) => ({ ...r, overdue_open: 0 })));
}

function toGroups(rows: Record<string, unknown>[]): Group[] {
  return rows.map(({ key, ...c }) => ({
    key: (key as string | null) ?? null,
    counts: Object.fromEntries(Object.entries(c).map(([n, v]) => [n, Number(v)])) as Counts,
  }));
}

function merge(groups: Group[]): Group[] {
  const out = new Map<string | null, Counts>();
  for (const g of groups) {
    const prev = out.get(g.key);
    out.set(g.key, prev ? addCounts(prev, g.counts) : g.counts);
  }
  return [...out].map(([key, counts]) => ({ key, counts }));
}

function mapKeys(groups: Group[], parentOf: Map<string, string>): Group[] {
  return groups.map((g) => ({ key: g.key ? (parentOf.get(g.key) ?? g.key) : null, counts: g.counts }));
}

async function ancestorsAt(db: Kysely<DB>, j: string, table: 'areas' | 'categories', level: string | number) {
  const rows: { code: string; parent_code: string | null; level: string | number }[] = await db
    .selectFrom(table)
    .select(['code', 'parent_code', 'level'])
    .where('jurisdiction_id', '=', j)
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out = new Map<string, string>();
  for (const r of rows) {
    let a: (typeof rows)[number] | undefined = r;
    const seen = new Set<string>();
    while (a && a.level !== level && !seen.has(a.code)) {
      seen.add(a.code);
      a = a.parent_code ? byCode.get(a.parent_code) : undefined;
    }
    if (a && a.level === level) out.set(r.code, a.code);
  }
  return out;
}

export function withRates(rows: Group[]) {
  return rows.map((r) => ({ key: r.key, ...r.counts, ...rates(r.counts) }));
}
