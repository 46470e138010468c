import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { localDate, nextDate, startOfLocalDay } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { addCounts, COUNT_NAMES, rates, ZERO_COUNTS, type Counts } from './definitions.js';

export type GroupBy = 'department' | 'area' | 'category' | 'street' | 'category_level1' | 'day' | 'none';

type Group = { key: string | null; counts: Counts };

/** The counts the daily roll-up keeps: all but overdue_open, which depends on the time of asking. */
const COUNT_COLUMNS = COUNT_NAMES.filter((c) => c !== 'overdue_open');

/** The grouping column of each dimension in the metrics source (see `source` below). */
const DIMENSION: Record<GroupBy, 'department' | 'area' | 'category' | 'day' | null> = {
  department: 'department',
  area: 'area',
  street: 'area',
  category: 'category',
  category_level1: 'category',
  day: 'day',
  none: null,
};

type Scope = {
  jurisdictionId: string;
  from: Date;
  to: Date;
  now: Date;
  departmentCode?: string | undefined;
};

/**
 * The predicates of ./definitions.ts in SQL, over the requests created in [from, to) (merged duplicates
 * excluded). Whole local days come from the daily roll-up (0009_metrics_rollup_all.sql), the partial days at the
 * edges are counted live (see `source`). Rolling up to streets or 一级 categories happens after aggregation,
 * with the reference cache's maps.
 */
export async function countsBy(db: Kysely<DB>, opts: Scope & { groupBy: GroupBy }): Promise<Group[]> {
  return (await countsByMany(db, { ...opts, groupBys: [opts.groupBy] })).get(opts.groupBy)!;
}

/**
 * Several groupings of the same period in one pass: the roll-up and the live rows are read once, and one
 * GROUP BY GROUPING SETS answers every dimension asked for (a dashboard asks for four).
 */
export async function countsByMany(
  db: Kysely<DB>,
  opts: Scope & { groupBys: readonly GroupBy[] },
): Promise<Map<GroupBy, Group[]>> {
  const ref = await referenceCache(db).get(opts.jurisdictionId);
  const tz = ref.timezone;
  const dims = [...new Set(opts.groupBys.map((g) => DIMENSION[g]))];
  const columns = dims.filter((d) => d !== null);
  const sets = dims.map((d) => (d === null ? sql`()` : sql`(${sql.ref(d)})`));
  const [{ rows }, coHandling] = await Promise.all([
    sql<Record<string, unknown>>`
    with src as (${source(opts, tz, columns)})
    select ${sql.join([
      ...columns.map((c) => sql`grouping(${sql.ref(c)}) as ${sql.ref(`g_${c}`)}`),
      ...columns.map((c) => sql.ref(c)),
      ...COUNT_NAMES.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`),
    ])}
    from src
    group by grouping sets (${sql.join(sets)})`.execute(db),
    opts.groupBys.includes('department') ? coHandlerCounts(db, opts) : [],
  ]);

  // Each row belongs to the one grouping set whose column is not aggregated away (none: the empty set).
  const byDimension = new Map<string | null, Group[]>(dims.map((d) => [d, []]));
  for (const row of rows) {
    const dim = columns.find((c) => Number(row[`g_${c}`]) === 0) ?? null;
    const counts = Object.fromEntries(COUNT_NAMES.map((c) => [c, Number(row[c] ?? 0)])) as Counts;
    byDimension.get(dim)?.push({ key: dim === null ? null : ((row[dim] as string | null) ?? null), counts });
  }
  // The empty grouping set answers one row even over no requests: no group then, as for the other dimensions.
  byDimension.set(
    null,
    (byDimension.get(null) ?? []).filter((g) => g.counts.total > 0),
  );

  const out = new Map<GroupBy, Group[]>();
  for (const g of opts.groupBys) {
    const groups = byDimension.get(DIMENSION[g]) ?? [];
    out.set(
      g,
      g === 'street'
        ? merge(mapKeys(groups, ref.streetOf))
        : g === 'category_level1'
          ? merge(mapKeys(groups, ref.level1Of))
          : g === 'none'
            ? byDimension.get(null)!
            : g === 'department'
              ? merge([...groups, ...coHandling])
              : groups,
    );
  }
  return out;
}

/**
 * 吹哨报到: each co-handling department's own response, for its line by department only (the request counts once
 * elsewhere, with its lead): every co-handler of the period's requests is one dispatched to it, responded when it
 * signed (报到) by its own deadline — it does not contact the resident, the lead does. Voided, merged and withdrawn
 * requests count in no rate's base, as for the lead. Co-handlers are few: read live, by their request's
 * registration time (request_co_handlers_created).
 */
async function coHandlerCounts(db: Kysely<DB>, opts: Scope): Promise<Group[]> {
  let q = db
    .selectFrom('request_co_handlers as c')
    .innerJoin('requests as r', (join) =>
      join.onRef('r.jurisdiction_id', '=', 'c.jurisdiction_id').onRef('r.id', '=', 'c.request_id'),
    )
    .select((eb) => [
      'c.department_code',
      eb.fn.countAll<string>().as('dispatched'),
      sql<string>`count(*) filter (where c.signed_at <= c.sign_by)`.as('responded'),
    ])
    .where('c.jurisdiction_id', '=', opts.jurisdictionId)
    .where('c.request_created_at', '>=', opts.from)
    .where('c.request_created_at', '<', opts.to)
    .where('r.status', 'not in', ['merged', 'voided', 'withdrawn'])
    .groupBy('c.department_code');
  if (opts.departmentCode !== undefined) q = q.where('c.department_code', '=', opts.departmentCode);
  const rows = await q.execute();
  return rows.map((r) => ({
    key: r.department_code,
    counts: { ...ZERO_COUNTS, dispatched: Number(r.dispatched), responded: Number(r.responded) },
  }));
}

type Dimension = 'department' | 'area' | 'category' | 'day';

/**
 * The counts of the period by the dimensions asked for (the others null), in parts each aggregated on its own so
 * that the grouping sets above read few rows: the roll-up's cells of the whole local days of the period
 * (0009_metrics_rollup_all.sql); its waiting replies whose deadline day has passed, and those due earlier today
 * (counted live), which make replies due and overdue; and the requests of the partial days at the period's
 * edges, counted live.
 */
function source(opts: Scope, tz: string, columns: Dimension[]) {
  const j = opts.jurisdictionId;
  const { firstDay, endDay, fullFrom, fullTo } = wholeDays(opts.from, opts.to, tz);
  const whole = fullFrom < fullTo;
  const edges: [Date, Date][] = whole
    ? (
        [
          [opts.from, fullFrom],
          [fullTo, opts.to],
        ] as [Date, Date][]
      ).filter(([a, b]) => a < b)
    : [[opts.from, opts.to]];
  const department =
    opts.departmentCode === undefined ? sql`` : sql`and department_code = ${opts.departmentCode}`;
  const ALL: Dimension[] = ['department', 'area', 'category', 'day'];
  const keys = (expr: Record<Dimension, RawBuilder<unknown>>) =>
    sql.join(ALL.map((d) => sql`${columns.includes(d) ? expr[d] : sql`null::text`} as ${sql.ref(d)}`));
  const groupBy = columns.length
    ? sql`group by ${sql.join(columns.map((c) => sql.raw(String(ALL.indexOf(c) + 1))))}`
    : sql``;
  const requestKeys = keys({
    department: sql`department_code`,
    area: sql`area_code`,
    category: sql`category_code`,
    day: sql`to_char(created_at at time zone ${tz}, 'YYYY-MM-DD')`,
  });
  const rollupKeys = keys({
    department: sql`nullif(department_code, '')`,
    area: sql`nullif(area_code, '')`,
    category: sql`nullif(category_code, '')`,
    day: sql`to_char(day, 'YYYY-MM-DD')`,
  });
  /** Columns of a part that counts only overdue replies (`n` of them). */
  const overdueOnly = (n: RawBuilder<unknown>) =>
    sql.join([
      ...COUNT_COLUMNS.map((c) => (c === 'replies_due' ? sql`${n} as replies_due` : sql`0 as ${sql.ref(c)}`)),
      sql`${n} as overdue_open`,
    ]);
  const branches = edges.length
    ? [
        sql`select ${requestKeys}, ${liveCounts(opts.now)}
          from requests
          where jurisdiction_id = ${j} and status not in ('merged', 'voided') ${department} and (${sql.join(
            edges.map(([a, b]) => sql`(created_at >= ${a} and created_at < ${b})`),
            sql` or `,
          )})
          ${groupBy}`,
      ]
    : [];
  if (whole) {
    const today = localDate(opts.now, tz);
    const cells = sql`jurisdiction_id = ${j} and day >= ${firstDay} and day < ${endDay} ${department}`;
    branches.push(
      sql`select ${rollupKeys}, ${sql.join(
        COUNT_COLUMNS.map((c) =>
          c === 'replies_due'
            ? sql`sum(replied_due) as replies_due`
            : sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`,
        ),
      )}, 0 as overdue_open
        from metrics_daily where ${cells} ${groupBy}`,
      sql`select ${rollupKeys}, ${overdueOnly(sql`sum(waiting)`)}
        from metrics_waiting where ${cells} and due_day < ${today} ${groupBy}`,
      sql`select ${requestKeys}, ${overdueOnly(sql`count(*)`)}
        from requests
        where jurisdiction_id = ${j} and dispatched_at is not null and replied_at is null
          and coalesce(missed_reply_by, reply_by) >= ${startOfLocalDay(today, tz)}
          and coalesce(missed_reply_by, reply_by) < ${opts.now}
          and created_at >= ${fullFrom} and created_at < ${fullTo}
          and status not in ('merged', 'voided', 'withdrawn') ${department}
        ${groupBy}`,
    );
  }
  return sql.join(branches, sql` union all `);
}

/** The whole local days inside [from, to): their first day, the day after the last, and their bounds as instants. */
function wholeDays(from: Date, to: Date, tz: string) {
  let firstDay = localDate(from, tz);
  if (startOfLocalDay(firstDay, tz) < from) firstDay = nextDate(firstDay);
  const endDay = localDate(to, tz);
  return { firstDay, endDay, fullFrom: startOfLocalDay(firstDay, tz), fullTo: startOfLocalDay(endDay, tz) };
}

/**
 * The predicates of ./definitions.ts as counts over the requests of a group, in COUNT_NAMES' order: a withdrawn
 * request in the total and `withdrawn` only, the reply judged against the deadline it missed when an overdue one
 * was extended.
 */
function liveCounts(now: Date) {
  const n = (name: string, p: RawBuilder<unknown>) =>
    sql`count(*) filter (where status <> 'withdrawn' and ${p}) as ${sql.ref(name)}`;
  const replyBy = sql`coalesce(missed_reply_by, reply_by)`;
  return sql.join([
    sql`count(*) as total`,
    sql`count(*) filter (where status = 'withdrawn') as withdrawn`,
    n('dispatched', sql`dispatched_at is not null`),
    n('responded', sql`dispatched_at is not null and signed_at <= sign_by and contacted_at <= contact_by`),
    n('followed_up', sql`followed_up_at is not null`),
    n('resolved', sql`followed_up_at is not null and followup_resolved`),
    n(
      'satisfied',
      sql`followed_up_at is not null and followup_satisfaction in ('satisfied', 'basically_satisfied')`,
    ),
    n(
      'replies_due',
      sql`dispatched_at is not null and ${replyBy} is not null and (replied_at is not null or ${replyBy} < ${now})`,
    ),
    n('replied_on_time', sql`dispatched_at is not null and replied_at <= ${replyBy}`),
    n('rating_excluded', sql`followed_up_at is not null and followup_excluded`),
    n('excluded_resolved', sql`followed_up_at is not null and followup_excluded and followup_resolved`),
    n(
      'excluded_satisfied',
      sql`followed_up_at is not null and followup_excluded
        and followup_satisfaction in ('satisfied', 'basically_satisfied')`,
    ),
    n('overdue_open', sql`dispatched_at is not null and replied_at is null and ${replyBy} < ${now}`),
  ]);
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

export function withRates(rows: Group[]) {
  return rows.map((r) => ({ key: r.key, ...r.counts, ...rates(r.counts) }));
}
