/**
 * Requests per category, place and local day, rolled into the early warnings' keys: a category in a street
 * (rising) and a category in a community or grid (repeated). Voided and withdrawn requests are left out, as are
 * requests without a category or a place. Read grouped in SQL, so the rows are keys × days, not requests.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nextDate, startOfLocalDay } from '../requests/deadlines.js';
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { keyOf, type KeySeries, type WarningKind } from './warnings.js';

/** The local dates from `first` to `last`, both included. */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = nextDate(d)) out.push(d);
  return out;
}

export function daysBefore(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - n * 86_400_000).toISOString().slice(0, 10);
}

export type DailySeries = { dates: string[]; series: Map<string, KeySeries> };

export async function dailySeries(
  db: Kysely<DB>,
  opts: {
    jurisdictionId: string;
    ref: ReferenceSnapshot;
    first: string;
    last: string;
    categories?: string[];
  },
): Promise<DailySeries> {
  const { ref } = opts;
  const from = startOfLocalDay(opts.first, ref.timezone);
  const to = startOfLocalDay(nextDate(opts.last), ref.timezone);
  const { rows } = await sql<{ category_code: string; area_code: string; day: string; n: string | number }>`
    select r.category_code, r.area_code,
      to_char(r.created_at at time zone ${ref.timezone}, 'YYYY-MM-DD') as day, count(*) as n
    from requests r
    where r.jurisdiction_id = ${opts.jurisdictionId}
      and r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz
      and r.category_code is not null and r.area_code is not null
      and r.status not in ('voided', 'withdrawn')
      ${opts.categories ? sql`and r.category_code = any(${opts.categories}::text[])` : sql``}
    group by 1, 2, 3`.execute(db);

  const dates = datesBetween(opts.first, opts.last);
  const index = new Map(dates.map((d, i) => [d, i]));
  const series = new Map<string, KeySeries>();
  const add = (kind: WarningKind, category: string, area: string, day: number, n: number) => {
    const key = keyOf({ kind, category, area });
    let s = series.get(key);
    if (!s) series.set(key, (s = { kind, category, area, daily: new Array<number>(dates.length).fill(0) }));
    (s.daily as number[])[day]! += n;
  };
  for (const r of rows) {
    const day = index.get(r.day);
    if (day === undefined) continue;
    const n = Number(r.n);
    const street = ref.streetOf.get(r.area_code);
    if (street) add('rising', r.category_code, street, day, n);
    if (street && street !== r.area_code) add('repeated', r.category_code, r.area_code, day, n);
  }
  return { dates, series };
}
