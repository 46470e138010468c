/**
 * A month's scores: read as frozen when the month was closed and scored before; otherwise computed from the
 * database, and frozen at the first reading after the month closes (./month.ts isClosed). A frozen month never
 * changes again, whatever late events arrive; the current month is provisional.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { inJurisdiction } from '../db/source.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { inputsHash, monthInputs } from './inputs.js';
import { addMonths, isClosed } from './month.js';
import type { Scheme } from './scheme.js';
import { schemeFor, schemeVersions, type SchemeVersion } from './schemes.js';
import { scoreMonth, type UnitScore } from './score.js';

export type MonthScores = {
  month: string;
  status: 'frozen' | 'provisional' | 'preview';
  scheme: SchemeVersion;
  inputs_hash: string;
  frozen_at: Date | null;
  units: UnitScore[];
};

type Previous = Map<string, { score: number | null; rank: number | null }>;

async function frozen(db: Kysely<DB>, jurisdictionId: string, month: string) {
  const head = await inJurisdiction(db, 'assessment_months', jurisdictionId)
    .selectAll()
    .where('month', '=', month)
    .executeTakeFirst();
  if (!head) return null;
  const rows = await inJurisdiction(db, 'assessment_scores', jurisdictionId)
    .select('detail')
    .where('month', '=', month)
    .execute();
  const units = rows.map((r) => r.detail as unknown as UnitScore);
  return { head, units: sortUnits(units) };
}

const sortUnits = (units: UnitScore[]) =>
  units.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      (a.rank === null && b.rank === null ? b.counts.dispatched - a.counts.dispatched : 0) ||
      a.code.localeCompare(b.code),
  );

/** Last month's scores as the change column needs them: frozen if they are, else computed without their own past. */
async function previousOf(ctx: AppContext, jurisdictionId: string, month: string): Promise<Previous> {
  const before = addMonths(month, -1);
  const stored = await frozen(ctx.db, jurisdictionId, before);
  const units =
    stored?.units ??
    scoreMonth(
      (await schemeFor(ctx.db, jurisdictionId, before)).scheme,
      await monthInputs(ctx.db, jurisdictionId, before, ctx.now()),
    );
  return new Map(units.map((u) => [`${u.kind}:${u.code}`, { score: u.score, rank: u.rank }]));
}

export async function monthScores(
  ctx: AppContext,
  jurisdictionId: string,
  month: string,
  preview?: Scheme,
): Promise<MonthScores> {
  const stored = preview ? null : await frozen(ctx.db, jurisdictionId, month);
  const version = await schemeFor(ctx.db, jurisdictionId, month);
  if (stored)
    return {
      month,
      status: 'frozen',
      scheme:
        version.version === stored.head.scheme_version
          ? version
          : await versionOf(ctx, jurisdictionId, stored.head.scheme_version),
      inputs_hash: stored.head.inputs_hash,
      frozen_at: stored.head.frozen_at,
      units: stored.units,
    };
  const scheme = preview ?? version.scheme;
  const inputs = await monthInputs(ctx.db, jurisdictionId, month, ctx.now());
  const units = sortUnits(scoreMonth(scheme, inputs, await previousOf(ctx, jurisdictionId, month)));
  const hash = inputsHash(version.version, scheme, inputs);
  const scoring = preview ? { ...version, scheme: preview } : version;
  const { timezone } = await referenceCache(ctx.db).get(jurisdictionId);
  if (preview || !isClosed(month, localDate(ctx.now(), timezone), scheme.close_after_days))
    return {
      month,
      status: preview ? 'preview' : 'provisional',
      scheme: scoring,
      inputs_hash: hash,
      frozen_at: null,
      units,
    };
  await freeze(ctx, jurisdictionId, month, version.version, hash, units);
  return monthScores(ctx, jurisdictionId, month);
}

async function versionOf(ctx: AppContext, jurisdictionId: string, version: number): Promise<SchemeVersion> {
  return (await schemeVersions(ctx.db, jurisdictionId)).find((v) => v.version === version)!;
}

/** Writes a closed month once: a second process freezing the same month at the same time changes nothing. */
async function freeze(
  ctx: AppContext,
  jurisdictionId: string,
  month: string,
  schemeVersion: number,
  hash: string,
  units: UnitScore[],
) {
  await ctx.db.transaction().execute(async (tx) => {
    const head = await tx
      .insertInto('assessment_months')
      .values({
        jurisdiction_id: jurisdictionId,
        month,
        scheme_version: schemeVersion,
        inputs_hash: hash,
        frozen_at: ctx.now(),
      })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'month']).doNothing())
      .returning('month')
      .executeTakeFirst();
    if (!head || units.length === 0) return;
    await tx
      .insertInto('assessment_scores')
      .values(
        units.map((u) => ({
          jurisdiction_id: jurisdictionId,
          month,
          unit_kind: u.kind,
          unit_code: u.code,
          rank: u.rank,
          score: u.score,
          detail: JSON.stringify(u),
        })),
      )
      .execute();
  });
}

/** A unit's scores over the `months` months up to `month` (frozen ones as stored). */
export async function unitTrend(
  ctx: AppContext,
  jurisdictionId: string,
  month: string,
  months: number,
): Promise<
  {
    month: string;
    status: MonthScores['status'];
    units: { kind: string; code: string; score: number | null; rank: number | null }[];
  }[]
> {
  const out = [];
  for (let i = months - 1; i >= 0; i--) {
    const m = addMonths(month, -i);
    const s = await monthScores(ctx, jurisdictionId, m);
    out.push({
      month: m,
      status: s.status,
      units: s.units.map((u) => ({ kind: u.kind, code: u.code, score: u.score, rank: u.rank })),
    });
  }
  return out;
}
