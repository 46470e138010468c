/**
 * What the early-warning rules read on a day, in one grouped pass over the requests of the last 70 days: for each
 * category and place, its requests in the rising window (7 days) and the 56 days before it, and in the repeated
 * window (14 days) and the 56 days before that — rolled up to streets for the rising keys, kept per community or
 * grid for the repeated ones. Rows are categories × places, however many requests there are.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nextDate, startOfLocalDay } from '../requests/deadlines.js';
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { daysBefore } from './daily-counts.js';
import {
  DEFAULT_RULES,
  keyOf,
  windowOf,
  type KeyCounts,
  type WarningKind,
  type WarningRules,
} from './warnings.js';

export async function windowCounts(
  db: Kysely<DB>,
  opts: { jurisdictionId: string; ref: ReferenceSnapshot; today: string; rules?: WarningRules },
): Promise<KeyCounts[]> {
  const { ref, today } = opts;
  const rules = opts.rules ?? DEFAULT_RULES;
  const at = (days: number) => startOfLocalDay(daysBefore(today, days), ref.timezone).toISOString();
  const rising = windowOf('rising', rules);
  const repeated = windowOf('repeated', rules);
  const risingFrom = at(rising - 1);
  const repeatedFrom = at(repeated - 1);
  const start = at(Math.max(rising, repeated) + rules.baselineDays - 1);
  const end = startOfLocalDay(nextDate(today), ref.timezone).toISOString();
  const { rows } = await sql<{
    category_code: string;
    area_code: string;
    c1: number;
    h1: number;
    c2: number;
    h2: number;
  }>`
    select r.category_code, r.area_code,
      count(*) filter (where r.created_at >= ${risingFrom}::timestamptz)::int as c1,
      count(*) filter (where r.created_at < ${risingFrom}::timestamptz
        and r.created_at >= ${at(rising + rules.baselineDays - 1)}::timestamptz)::int as h1,
      count(*) filter (where r.created_at >= ${repeatedFrom}::timestamptz)::int as c2,
      count(*) filter (where r.created_at < ${repeatedFrom}::timestamptz
        and r.created_at >= ${at(repeated + rules.baselineDays - 1)}::timestamptz)::int as h2
    from requests r
    where r.jurisdiction_id = ${opts.jurisdictionId}
      and r.created_at >= ${start}::timestamptz and r.created_at < ${end}::timestamptz
      and r.category_code is not null and r.area_code is not null
      and r.status not in ('voided', 'withdrawn')
    group by 1, 2`.execute(db);
  const keys = new Map<string, KeyCounts>();
  const add = (kind: WarningKind, category: string, area: string, recent: number, history: number) => {
    const key = keyOf({ kind, category, area });
    const k = keys.get(key) ?? { kind, category, area, recent: 0, history: 0 };
    k.recent += recent;
    k.history += history;
    keys.set(key, k);
  };
  for (const r of rows) {
    const street = ref.streetOf.get(r.area_code);
    if (!street) continue;
    add('rising', r.category_code, street, Number(r.c1), Number(r.h1));
    if (street !== r.area_code) add('repeated', r.category_code, r.area_code, Number(r.c2), Number(r.h2));
  }
  return [...keys.values()];
}
