import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import type { ImportCounts } from '../../http/responses.js';
import { mayImportProjects, mayReadProjects } from '../../http/policies.js';
import { PARTICULARS, type ProjectInput } from '../model.js';
import { loadProjects, type ProjectRow } from '../queries.js';
import { allocateCodes, appendUpdate, insertProjects, replaceMilestones, storedProgress } from '../store.js';
import type { ProgressSink, RowError } from '../xlsx.js';
import type { LedgerFileError } from '../xlsx/file-errors.js';
import { namesAndToday } from './common.js';
import { asInput } from './update.js';

// ExcelJS costs ~20 MB of every server's memory: loaded on the first import or export, not at start.
const xlsx = () => import('../xlsx.js');
const parser = () => import('../xlsx/parse-in-worker.js');

export type ImportReport = ImportCounts & {
  /** Bad rows left out (with --skip-bad) or that refused the file. */
  skipped: number;
  errors: RowError[];
  warnings: string[];
  /** The file refused as a whole (not an xlsx workbook, too large, no ledger sheet …): nothing was read. */
  fileError?: LedgerFileError;
};

type Plan =
  | { kind: 'create'; line: number; input: ProjectInput }
  | { kind: 'update'; line: number; input: ProjectInput; current: ProjectRow; changes: string[] }
  | { kind: 'same'; line: number };

const WRITE_CHUNK = 100;

/**
 * `banshi projects import FILE`: reads the whole file and checks every row first. Any bad row refuses the
 * file (nothing is written) and every bad row is reported with its sheet, line and reasons — unless skipBad,
 * when the good rows are imported and the bad ones reported. A row with a 项目编号 updates that project, a row
 * without one updates the project of the same year, title and owner department, else creates a project; a
 * row that changes nothing writes nothing (export → import is a no-op). Columns absent from the file keep
 * the projects' current values. One transaction: all the good rows or nothing.
 */
export async function importProjects(
  ctx: AppContext,
  opts: {
    actor: Actor;
    file: Buffer | ArrayBuffer;
    skipBad?: boolean;
    dryRun?: boolean;
    progress?: ProgressSink | undefined;
  },
): Promise<ImportReport> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  if (!mayImportProjects(actor)) throw new AppError('forbidden');
  const [names, today] = await namesAndToday(ctx, j);
  const parsed = await (await parser()).parseLedger(opts.file, names, today, { progress: opts.progress });
  const errors = [...parsed.errors];
  const badProjectRows = () =>
    new Set(errors.filter((e) => e.sheet !== '节点安排').map((e) => `${e.sheet}:${e.line}`));

  // match the rows to the ledger: by code, else by year + title + owner
  const years = [...new Set(parsed.projects.map((p) => p.input.year))];
  const existing = (await Promise.all(years.map((year) => loadProjects(ctx.db, j, { year })))).flat();
  const codes = parsed.projects.filter((p) => p.hasCode).map((p) => p.input.code!);
  const outside = codes.length
    ? (await loadProjects(ctx.db, j, { codes })).filter((p) => !years.includes(p.year))
    : [];
  const byCode = new Map([...existing, ...outside].map((p) => [p.code, p]));
  const byKey = new Map<string, ProjectRow[]>();
  for (const p of existing) {
    const k = `${p.year}\u0000${p.title}\u0000${p.owner_department_code}`;
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const plans: Plan[] = [];
  const claimed = new Set<number>();
  for (const row of parsed.projects) {
    let current: ProjectRow | undefined;
    if (row.hasCode) current = byCode.get(row.input.code!);
    else {
      const matches =
        byKey.get(`${row.input.year}\u0000${row.input.title}\u0000${row.input.owner_department_code}`) ?? [];
      if (matches.length > 1) {
        errors.push({
          sheet: '实事项目台账',
          line: row.line,
          title: row.input.title,
          reasons: [`台账中已有${matches.length}个同年度、同名称、同责任单位的项目，请填写项目编号`],
        });
        continue;
      }
      current = matches[0];
    }
    if (current && claimed.has(current.id)) {
      errors.push({
        sheet: '实事项目台账',
        line: row.line,
        title: row.input.title,
        reasons: [`与本文件另一行指向同一项目（${current.code}）`],
      });
      continue;
    }
    if (!current) {
      plans.push({ kind: 'create', line: row.line, input: row.input });
      continue;
    }
    claimed.add(current.id);
    const before = asInput(current);
    const after: ProjectInput = { ...row.input, code: current.code };
    for (const f of parsed.absent) {
      if (f === 'milestones') after.milestones = before.milestones;
      else if (f === 'co') after.co_department_codes = before.co_department_codes;
      else if (f === 'areas') after.area_codes = before.area_codes;
      else (after as Record<string, unknown>)[f] = before[f];
    }
    const changes = changedFields(before, after);
    plans.push(
      changes.length
        ? { kind: 'update', line: row.line, input: after, current, changes }
        : { kind: 'same', line: row.line },
    );
  }
  errors.sort((a, b) => (a.sheet === b.sheet ? a.line - b.line : a.sheet === '实事项目台账' ? -1 : 1));
  const bad = badProjectRows();
  const count = (k: Plan['kind']) => plans.filter((p) => p.kind === k).length;
  const report: ImportReport = {
    imported: false,
    dry_run: opts.dryRun ?? false,
    rows: parsed.projects.length + bad.size,
    created: count('create'),
    updated: count('update'),
    unchanged: count('same'),
    skipped: bad.size,
    errors,
    warnings: parsed.warnings,
    ...(parsed.fileError ? { fileError: parsed.fileError } : {}),
  };
  const refused = errors.length > 0 && (!opts.skipBad || parsed.fileError !== undefined);
  if (refused || opts.dryRun) {
    opts.progress?.stop();
    if (refused) Object.assign(report, { created: 0, updated: 0, unchanged: 0 });
    return report;
  }

  const now = ctx.now();
  const toWrite = plans.filter((p) => p.kind !== 'same');
  opts.progress?.start(toWrite.length, 0, { stage: '写入' });
  await ctx.db.transaction().execute(async (tx) => {
    const creates = plans.filter((p): p is Extract<Plan, { kind: 'create' }> => p.kind === 'create');
    const taken = new Set([
      ...byCode.keys(),
      ...creates.flatMap((c) => (c.input.code ? [c.input.code] : [])),
    ]);
    const byYear = new Map<number, typeof creates>();
    for (const c of creates.filter((c) => c.input.code === undefined))
      byYear.set(c.input.year, [...(byYear.get(c.input.year) ?? []), c]);
    const assigned = new Map<number, string>();
    for (const [year, list] of byYear) {
      const codes = await allocateCodes(tx, j, year, list.length, taken);
      list.forEach((c, i) => assigned.set(c.line, codes[i]!));
    }
    let done = 0;
    for (let i = 0; i < creates.length; i += WRITE_CHUNK) {
      const chunk = creates.slice(i, i + WRITE_CHUNK);
      await insertProjects(
        tx,
        j,
        chunk.map((c) => ({ ...c.input, code: c.input.code ?? assigned.get(c.line)! })),
        actor,
        now,
        (p, k) => ({ type: 'import', note: p.progress_note, payload: { line: chunk[k]!.line } }),
      );
      done += chunk.length;
      opts.progress?.update(done, { stage: '写入' });
    }
    for (const u of plans) {
      if (u.kind !== 'update') continue;
      const progress = storedProgress(u.input);
      await tx
        .updateTable('projects')
        .set({
          year: u.input.year,
          kind: u.input.kind,
          title: u.input.title,
          description: u.input.description,
          level: u.input.level,
          owner_department_code: u.input.owner_department_code,
          co_department_codes: JSON.stringify(u.input.co_department_codes),
          area_codes: JSON.stringify(u.input.area_codes),
          target: u.input.target,
          start_date: u.input.start_date,
          due_date: u.input.due_date,
          progress,
          progress_note: u.input.progress_note,
          public: u.input.public,
          version: u.current.version + 1,
          updated_at: now,
        })
        .where('jurisdiction_id', '=', j)
        .where('id', '=', u.current.id)
        .execute();
      if (u.changes.includes('milestones')) await replaceMilestones(tx, j, u.current.id, u.input.milestones);
      await appendUpdate(tx, j, u.current.id, actor, now, {
        type: 'import-update',
        progress: Math.abs(progress - u.current.progress) >= 0.005 ? progress : null,
        note: u.changes.includes('progress_note') ? u.input.progress_note : '',
        payload: { line: u.line, changes: u.changes },
      });
      if (++done % WRITE_CHUNK === 0) opts.progress?.update(done, { stage: '写入' });
    }
    opts.progress?.update(done, { stage: '写入' });
  });
  opts.progress?.stop();
  report.imported = true;
  return report;
}

function changedFields(before: ProjectInput, after: ProjectInput): string[] {
  const keys = [...PARTICULARS, 'progress_note', 'milestones'] as const;
  const canon = (p: ProjectInput, k: (typeof keys)[number]) =>
    JSON.stringify(
      k === 'milestones'
        ? p.milestones.map((m) => [m.title, m.due_date, m.done_date, m.evidence, m.weight])
        : p[k],
    );
  const out: string[] = keys.filter((k) => canon(before, k) !== canon(after, k));
  if (Math.abs(storedProgress(before) - storedProgress(after)) >= 0.005) out.push('progress');
  return out;
}

/** `banshi projects export FILE`: the ledger (optionally one year's) as xlsx, statuses as of today. */
export async function exportProjects(
  ctx: AppContext,
  opts: { actor: Actor; year?: number | undefined },
): Promise<{ file: Buffer; count: number }> {
  const j = opts.actor.jurisdictionId;
  if (!mayReadProjects(opts.actor)) throw new AppError('forbidden');
  const [names, today] = await namesAndToday(ctx, j);
  const projects = await loadProjects(ctx.db, j, { year: opts.year });
  return { file: await (await xlsx()).writeLedger(projects, names, today), count: projects.length };
}
