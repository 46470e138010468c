/**
 * 未诉先办: the daily run of the early-warning rules (../warnings.ts) over the requests up to today. Each signal
 * becomes a warning addressed to the department that handles most of its recent requests (else the category's
 * default department), with a few of them as examples; a key warned within the quiet period is not warned again,
 * and running twice on a day adds nothing (one warning per key and day).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { perDatabase } from '../../db/per-database.js';
import { localDate, nextDate } from '../../requests/deadlines.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { dailySeries, daysBefore } from '../daily-counts.js';
import { focusDb } from '../schema.js';
import { DEFAULT_RULES, detect, keyOf, type Signal } from '../warnings.js';

const SAMPLES = 5;

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
  const span = Math.max(rules.window, rules.repeatDays) + rules.baselineDays;
  const { series } = await dailySeries(ctx.db, {
    jurisdictionId,
    ref,
    first: daysBefore(today, span - 1),
    last: today,
  });
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
  const signals = detect([...series.values()], lastWarned, rules);
  let raised = 0;
  for (const s of signals) {
    const since = daysBefore(today, (s.kind === 'rising' ? rules.window : rules.repeatDays) - 1);
    const examples = await examplesOf(ctx, jurisdictionId, s, {
      since,
      until: nextDate(today),
      tz: ref.timezone,
    });
    const inserted = await fdb
      .insertInto('early_warnings')
      .values({
        jurisdiction_id: jurisdictionId,
        kind: s.kind,
        category_code: s.category,
        area_code: s.area,
        department_code: examples.department,
        day: today,
        observed: s.observed,
        expected: Math.round(s.expected * 100) / 100,
        p_value: s.p,
        sample_ids: examples.ids,
        created_at: ctx.now(),
      })
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'kind', 'category_code', 'area_code', 'day']).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted) raised++;
  }
  return raised;
}

/** The signal's latest requests and the department most of them went to (else the category's default). */
async function examplesOf(
  ctx: AppContext,
  j: string,
  s: Signal,
  days: { since: string; until: string; tz: string },
) {
  const { since, until, tz } = days;
  const { rows } = await sql<{ id: string | number; department_code: string | null }>`
    select r.id, r.department_code from requests r
    where r.jurisdiction_id = ${j} and r.category_code = ${s.category}
      and r.status not in ('voided', 'withdrawn')
      and r.created_at >= (${since}::date::timestamp at time zone ${tz})
      and r.created_at < (${until}::date::timestamp at time zone ${tz})
      and r.area_code in (with recursive sub(code) as (
          select code from areas where jurisdiction_id = ${j} and code = ${s.area}
          union select a.code from areas a join sub on a.parent_code = sub.code where a.jurisdiction_id = ${j})
        select code from sub)
    order by r.created_at desc, r.id desc`.execute(ctx.db);
  const tally = new Map<string, number>();
  for (const r of rows)
    if (r.department_code) tally.set(r.department_code, (tally.get(r.department_code) ?? 0) + 1);
  let department =
    [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  if (!department) {
    const c = await ctx.db
      .selectFrom('categories')
      .select('default_department_code')
      .where('jurisdiction_id', '=', j)
      .where('code', '=', s.category)
      .executeTakeFirst();
    department = c?.default_department_code ?? null;
  }
  return { department, ids: rows.slice(0, SAMPLES).map((r) => Number(r.id)) };
}
