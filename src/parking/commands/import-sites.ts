/**
 * 停车场导入: a site list (xlsx or CSV) checked whole before anything is written — every row read as the API reads
 * a site, its department known, its point inside the jurisdiction, its code once in the file — then written in
 * one transaction: new codes added, known codes updated when a cell changed. Any bad row refuses the import
 * with the report of every bad row (a dry run reports without writing either way).
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import type { ImportCounts } from '../../http/responses.js';
import { mayManageParkingSites } from '../../http/policies.js';
import { areaLocator } from '../../routing/areas.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { readTable } from '../import/read-table.js';
import { readRow } from '../import/rows.js';
import type { SiteInput } from '../schemas.js';
import { siteIndex } from '../site-index.js';
import { siteIssues } from '../site-rules.js';

export type ProgressSink = { start(total: number): void; update(done: number): void; stop(): void };

export type ImportReport = ImportCounts & {
  errors: { line: number; code: string | null; reasons: string[] }[];
};

const FIELDS = [
  'name',
  'kind',
  'operator_name',
  'operator_department_code',
  'address',
  'lat',
  'lon',
  'capacity',
  'capacity_disabled',
  'capacity_charging',
  'has_fee',
  'fee_description',
  'opening_hours',
  'shares',
  'osm_id',
  'realtime_interval_seconds',
  'active',
] as const satisfies readonly (keyof SiteInput)[];

export async function importSites(
  ctx: AppContext,
  opts: {
    actor: Actor;
    file: Buffer;
    format?: 'xlsx' | 'csv' | undefined;
    dryRun: boolean;
    progress?: ProgressSink | undefined;
  },
): Promise<ImportReport> {
  const { actor } = opts;
  if (!mayManageParkingSites(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const table = await readTable(opts.file, opts.format);
  const report: ImportReport = {
    imported: false,
    dry_run: opts.dryRun,
    rows: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: table.error ? [{ line: 0, code: null, reasons: [table.error] }] : [],
  };
  if (table.error) return report;
  const [ref, locate] = await Promise.all([referenceCache(ctx.db).get(j), areaLocator(ctx.db, j)]);
  const seen = new Map<string, number>();
  const good: { site: SiteInput; area: string }[] = [];
  opts.progress?.start(table.rows.length * 2);
  table.rows.forEach((row, i) => {
    const r = readRow(row);
    const reasons = [...r.reasons];
    if (r.site) {
      for (const issue of siteIssues(r.site, ref)) reasons.push(issue.message);
      const area = locate(r.site.lon, r.site.lat);
      if (!area) reasons.push(`经纬度（${r.site.lat}, ${r.site.lon}）不在本辖区内`);
      const first = seen.get(r.site.code);
      if (first !== undefined) reasons.push(`编码 ${r.site.code} 与第 ${first} 行重复`);
      seen.set(r.site.code, row.line);
      if (reasons.length === 0) good.push({ site: r.site, area: area!.code });
    }
    if (reasons.length) report.errors.push({ line: row.line, code: r.code, reasons });
    if (i % 200 === 0) opts.progress?.update(i);
  });
  if (report.errors.length) {
    opts.progress?.stop();
    return report;
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('parking_sites')
      .selectAll()
      .where('jurisdiction_id', '=', j)
      .execute();
    const plan = planImport(existing, good);
    report.created = plan.fresh.length;
    report.updated = plan.changed.length;
    report.unchanged = plan.unchanged;
    if (opts.dryRun) return;
    let done = table.rows.length;
    for (const { id, version, site } of plan.changed) {
      await tx
        .updateTable('parking_sites')
        .set({ ...site, version: version + 1, updated_at: now })
        .where('jurisdiction_id', '=', j)
        .where('id', '=', id)
        .execute();
      if (++done % 200 === 0) opts.progress?.update(done);
    }
    for (let i = 0; i < plan.fresh.length; i += 500) {
      await tx
        .insertInto('parking_sites')
        .values(
          plan.fresh
            .slice(i, i + 500)
            .map((s) => ({ jurisdiction_id: j, ...s, created_at: now, updated_at: now })),
        )
        .execute();
      opts.progress?.update(done + i);
    }
  });
  opts.progress?.update(table.rows.length * 2);
  opts.progress?.stop();
  report.imported = !opts.dryRun;
  if (report.imported) siteIndex(ctx.db).invalidate(j);
  return report;
}

type Located = SiteInput & { area_code: string };

/** New codes to add, known codes whose cells changed, and how many are as they were. */
function planImport(
  existing: readonly (Record<(typeof FIELDS)[number] | 'area_code' | 'code', unknown> & {
    id: number;
    version: number;
  })[],
  good: readonly { site: SiteInput; area: string }[],
) {
  const byCode = new Map(existing.map((s) => [s.code, s]));
  const fresh: Located[] = [];
  const changed: { id: number; version: number; site: Located }[] = [];
  let unchanged = 0;
  for (const { site, area } of good) {
    const located = { ...site, area_code: area };
    const old = byCode.get(site.code);
    if (!old) fresh.push(located);
    else if (FIELDS.some((f) => old[f] !== site[f]) || old.area_code !== area)
      changed.push({ id: old.id, version: old.version, site: located });
    else unchanged++;
  }
  return { fresh, changed, unchanged };
}
