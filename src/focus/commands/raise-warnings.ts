/**
 * 未诉先办: the daily run of the early-warning rules (../warnings.ts) over the requests up to today. Each signal
 * becomes a warning addressed to the department that handles most of its recent requests (else the category's
 * default department), with a few of them as examples; a key warned within the quiet period is not warned again,
 * and running twice on a day adds nothing (one warning per key and day).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { perDatabase } from '../../db/per-database.js';
import { localDate, nextDate, startOfLocalDay } from '../../requests/deadlines.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { daysBefore } from '../daily-counts.js';
import { windowCounts } from '../window-counts.js';
import { focusDb } from '../schema.js';
import { examplesOf } from '../examples.js';
import { DEFAULT_RULES, detect, keyOf, windowOf } from '../warnings.js';

const INSERT_BATCH = 500;

/** The local day each jurisdiction's warnings were last raised on, per database: the sweep runs every minute. */
const raisedOn = perDatabase(() => new Map<string, string>());

/** The sweep's entry: the day's warnings once per local day and jurisdiction. */
export async function raiseWarningsOncePerDay(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const today = localDate(ctx.now(), (await referenceCache(ctx.db).get(jurisdictionId)).timezone);
  const done = raisedOn(ctx.db);
  if (done.get(jurisdictionId) === today) return 0;
  const raised = await raiseWarnings(ctx, jurisdictionId);
  done.set(jurisdictionId, today);
  return raised;
}

export async function raiseWarnings(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const ref = await referenceCache(ctx.db).get(jurisdictionId);
  const today = localDate(ctx.now(), ref.timezone);
  const rules = DEFAULT_RULES;
  const keys = await windowCounts(ctx.db, { jurisdictionId, ref, today, rules });
  const fdb = focusDb(ctx.db);
  const recent = await fdb
    .selectFrom('early_warnings')
    .select(['kind', 'category_code', 'area_code', sql<string>`max(day)::text`.as('day')])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('day', '>', daysBefore(today, rules.quietDays))
    .where('day', '<=', today)
    .groupBy(['kind', 'category_code', 'area_code'])
    .execute();
  const lastWarned = new Map(
    recent.map((w) => [
      keyOf({ kind: w.kind, category: w.category_code, area: w.area_code }),
      (Date.parse(today) - Date.parse(w.day.slice(0, 10))) / 86_400_000,
    ]),
  );
  const signals = detect(keys, lastWarned, rules);
  const at = (date: string) => startOfLocalDay(date, ref.timezone);
  const examples = await examplesOf(ctx, {
    jurisdictionId,
    ref,
    signals,
    since: at(daysBefore(today, windowOf('repeated', rules) - 1)),
    recentSince: at(daysBefore(today, windowOf('rising', rules) - 1)),
    until: at(nextDate(today)),
  });
  const rows = signals.map((s) => {
    const example = examples.get(keyOf(s))!;
    return {
      jurisdiction_id: jurisdictionId,
      kind: s.kind,
      category_code: s.category,
      area_code: s.area,
      department_code: example.department,
      day: today,
      observed: s.observed,
      expected: Math.round(s.expected * 100) / 100,
      p_value: s.p,
      sample_ids: example.ids,
      created_at: ctx.now(),
    };
  });
  let raised = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const inserted = await fdb
      .insertInto('early_warnings')
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'kind', 'category_code', 'area_code', 'day']).doNothing(),
      )
      .returning('id')
      .execute();
    raised += inserted.length;
  }
  return raised;
}
