/**
 * The early-warning list (预警) and how good the warnings were: each warning of the period judged on the requests
 * of its key that followed it (../evaluation.ts), the period's precision and median lead time.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { dailySeries, daysBefore } from './daily-counts.js';
import { judgeWarning, warningQuality, type JudgedWarning, type WarningQuality } from './evaluation.js';
import { focusDb, warningColumns, type EarlyWarningRow, type WarningStatus } from './schema.js';
import { DEFAULT_RULES, keyOf } from './warnings.js';

export type WarningView = EarlyWarningRow & {
  category_name: string;
  area_name: string;
  department_name: string | null;
  judgement: JudgedWarning;
};

export async function listWarnings(
  db: Kysely<DB>,
  opts: {
    jurisdictionId: string;
    now: Date;
    days: number;
    status?: WarningStatus | undefined;
    /** Only the warnings addressed to this department (its staff's view). */
    departmentCode?: string | undefined;
  },
): Promise<{ warnings: WarningView[]; quality: WarningQuality; from: string; to: string }> {
  const ref = await referenceCache(db).get(opts.jurisdictionId);
  const today = localDate(opts.now, ref.timezone);
  const from = daysBefore(today, opts.days - 1);
  let q = focusDb(db)
    .selectFrom('early_warnings')
    .select(warningColumns())
    .where('jurisdiction_id', '=', opts.jurisdictionId)
    .where('day', '>=', from);
  if (opts.departmentCode !== undefined) q = q.where('department_code', '=', opts.departmentCode);
  const rows = await q.orderBy('day', 'desc').orderBy('id', 'desc').execute();
  const firstDay = rows.length ? rows.map((r) => r.day).sort()[0]! : today;
  const baselinePerDay = (r: EarlyWarningRow) =>
    Number(r.expected) / (r.kind === 'rising' ? DEFAULT_RULES.window : DEFAULT_RULES.repeatDays);
  const { dates, series } = await dailySeries(db, {
    jurisdictionId: opts.jurisdictionId,
    ref,
    first: firstDay,
    last: today,
    categories: [...new Set(rows.map((r) => r.category_code))],
  });
  const judged = rows.map((r) => {
    const s = series.get(keyOf({ kind: r.kind, category: r.category_code, area: r.area_code }));
    const day = dates.indexOf(r.day);
    return {
      ...r,
      day: r.day,
      category_name: ref.names.categories.get(r.category_code) ?? r.category_code,
      area_name: ref.names.areas.get(r.area_code) ?? r.area_code,
      department_name: r.department_code
        ? (ref.names.departments.get(r.department_code) ?? r.department_code)
        : null,
      judgement: judgeWarning(s?.daily ?? dates.map(() => 0), day, baselinePerDay(r)),
    };
  });
  const shown = opts.status ? judged.filter((w) => w.status === opts.status) : judged;
  return { warnings: shown, quality: warningQuality(judged.map((w) => w.judgement)), from, to: today };
}
