/**
 * For each signal of a day, the department most of its recent requests went to (else its category's default) and
 * its latest few requests as examples: two grouped reads for all the day's signals, however many there are.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { keyOf, type Signal } from './warnings.js';

const SAMPLES = 5;

type Group = {
  category_code: string;
  area_code: string;
  department_code: string | null;
  recent: boolean;
  n: string | number;
  ids: (string | number)[];
  ats: (string | Date)[];
};

export type Examples = { department: string | null; ids: number[] };

export async function examplesOf(
  ctx: AppContext,
  opts: {
    jurisdictionId: string;
    ref: ReferenceSnapshot;
    signals: Signal[];
    since: Date;
    recentSince: Date;
    until: Date;
  },
): Promise<Map<string, Examples>> {
  const out = new Map<string, Examples>();
  if (!opts.signals.length) return out;
  const j = opts.jurisdictionId;
  const categories = [...new Set(opts.signals.map((s) => s.category))];
  const { rows } = await sql<Group>`
    select r.category_code, r.area_code, r.department_code,
      r.created_at >= ${opts.recentSince.toISOString()}::timestamptz as recent, count(*) as n,
      (array_agg(r.id order by r.created_at desc, r.id desc))[1:${SAMPLES}] as ids,
      (array_agg(r.created_at order by r.created_at desc, r.id desc))[1:${SAMPLES}] as ats
    from requests r
    where r.jurisdiction_id = ${j} and r.category_code = any(${categories}::text[])
      and r.created_at >= ${opts.since.toISOString()}::timestamptz
      and r.created_at < ${opts.until.toISOString()}::timestamptz
      and r.status not in ('voided', 'withdrawn') and r.area_code is not null
    group by 1, 2, 3, 4`.execute(ctx.db);
  const defaults = new Map(
    (
      await ctx.db
        .selectFrom('categories')
        .select(['code', 'default_department_code'])
        .where('jurisdiction_id', '=', j)
        .where('code', 'in', categories)
        .execute()
    ).map((c) => [c.code, c.default_department_code]),
  );
  for (const s of opts.signals) {
    const mine = rows.filter(
      (g) =>
        g.category_code === s.category &&
        (s.kind === 'rising'
          ? g.recent && opts.ref.streetOf.get(g.area_code) === s.area
          : g.area_code === s.area),
    );
    const tally = new Map<string, number>();
    for (const g of mine)
      if (g.department_code) tally.set(g.department_code, (tally.get(g.department_code) ?? 0) + Number(g.n));
    const department =
      [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
      defaults.get(s.category) ??
      null;
    const ids = mine
      .flatMap((g) => g.ids.map((id, i) => ({ id: Number(id), at: new Date(g.ats[i]!).getTime() })))
      .sort((a, b) => b.at - a.at || b.id - a.id)
      .slice(0, SAMPLES)
      .map((x) => x.id);
    out.set(keyOf(s), { department, ids });
  }
  return out;
}
