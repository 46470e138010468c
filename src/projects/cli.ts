/**
 * `banshi projects …`: the ledger from the command line, as the system (the local operator of the deployment).
 *
 *   banshi projects import FILE [--skip-bad] [--dry-run]
 *   banshi projects export FILE [--year YEAR]
 *   banshi projects bulletin [--as-of YYYY-MM-DD] [--scope all|department:CODE|area:CODE] [--year YEAR]
 *                            [--kind project|key_task] [--internal] [--json]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { AppContext } from '../context.js';
import { systemActor } from '../http/actor.js';
import { projectBulletin, parseScope } from './commands/bulletin.js';
import { exportProjects, importProjects, type ImportReport } from './commands/import.js';
import { LEVEL_LABELS, LEVELS, isIsoDate } from './status.js';
import type { ProgressSink } from './xlsx.js';

export const PROJECTS_USAGE = `banshi projects — 实事项目台账

  banshi projects import FILE [--skip-bad] [--dry-run]
      check every row of an xlsx ledger, then import it (nothing if any row is bad, unless --skip-bad)
  banshi projects export FILE [--year YEAR]
      write the ledger as xlsx (the layout of data/templates/projects-template.xlsx)
  banshi projects bulletin [--as-of YYYY-MM-DD] [--scope all|department:CODE|area:CODE] [--year YEAR]
                           [--kind project|key_task] [--internal] [--json]
      the progress bulletin: its numbers and paragraph (public projects only unless --internal)`;

/** Rows from which an import shows a progress bar. */
export const PROGRESS_BAR_ROWS = 200;

type Io = { out: (s: string) => void; err: (s: string) => void; stream?: NodeJS.WritableStream };

/**
 * A cli-progress bar that appears only for large files (≥ PROGRESS_BAR_ROWS rows), on stderr when it is a
 * terminal (or on the stream given, rendered even when it is not).
 */
export function progressBar(stream?: NodeJS.WritableStream, minRows = PROGRESS_BAR_ROWS): ProgressSink {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(total, startValue, payload) {
      if (total < minRows) return;
      bar ??= new cliProgress.SingleBar(
        {
          format: '{stage} [{bar}] {percentage}% | {value}/{total} 行',
          stream: stream ?? process.stderr,
          noTTYOutput: stream !== undefined,
          notTTYSchedule: 250,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, startValue, payload);
    },
    update(value, payload) {
      bar?.update(value, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}

export function formatReport(r: ImportReport): string[] {
  const lines = r.errors.map(
    (e) =>
      `  ${e.sheet}${e.line ? ` 第${e.line}行` : ''}${e.title ? `「${e.title}」` : ''}：${e.reasons.join('；')}`,
  );
  const head = r.imported
    ? `已导入：新增 ${r.created} 项，更新 ${r.updated} 项，未变 ${r.unchanged} 项${r.skipped ? `，跳过错误行 ${r.skipped} 行` : ''}`
    : r.dry_run
      ? `校验完成（未写入）：可新增 ${r.created} 项，更新 ${r.updated} 项，未变 ${r.unchanged} 项，错误 ${r.errors.length} 处`
      : `导入被拒绝：${r.errors.length} 处错误，未导入任何项目（可用 --skip-bad 跳过错误行）`;
  return [head, ...(lines.length ? ['错误行：', ...lines] : []), ...r.warnings.map((w) => `注意：${w}`)];
}

export async function projectsCli(
  args: string[],
  ctx: AppContext,
  io: Io = { out: (s) => console.log(s), err: (s) => console.error(s) },
): Promise<void> {
  const [sub, ...rest] = args;
  const actor = systemActor(ctx.config.defaultJurisdiction, 'banshi projects（命令行）');
  switch (sub) {
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'skip-bad': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
      });
      const file = positionals[0];
      if (!file) throw new Error(PROJECTS_USAGE);
      const started = Date.now();
      const report = await importProjects(ctx, {
        actor,
        file: fs.readFileSync(file),
        skipBad: values['skip-bad'] ?? false,
        dryRun: values['dry-run'] ?? false,
        progress: progressBar(io.stream),
      });
      const lines = formatReport(report);
      if (!report.imported && !report.dry_run) {
        lines.forEach((l) => io.err(l));
        throw new Error(`${file}: ${report.errors.length} 处错误，未导入`);
      }
      lines.forEach((l) => io.out(l));
      io.out(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
      return;
    }
    case 'export': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { year: { type: 'string' } },
      });
      const file = positionals[0];
      if (!file) throw new Error(PROJECTS_USAGE);
      const year = values.year === undefined ? undefined : Number(values.year);
      if (year !== undefined && !Number.isInteger(year)) throw new Error(`--year ${values.year}: not a year`);
      const { file: xlsx, count } = await exportProjects(ctx, { actor, year });
      fs.writeFileSync(file, xlsx);
      io.out(`已导出 ${count} 个项目到 ${file}`);
      return;
    }
    case 'bulletin': {
      const { values } = parseArgs({
        args: rest,
        options: {
          'as-of': { type: 'string' },
          scope: { type: 'string' },
          year: { type: 'string' },
          kind: { type: 'string' },
          internal: { type: 'boolean' },
          json: { type: 'boolean' },
        },
      });
      const asOf = values['as-of'];
      if (asOf !== undefined && !isIsoDate(asOf)) throw new Error(`--as-of ${asOf}: expected YYYY-MM-DD`);
      const scope = parseScope(values.scope);
      if (!scope) throw new Error(`--scope ${values.scope}: expected all, department:CODE or area:CODE`);
      const kind = values.kind ?? 'project';
      if (kind !== 'project' && kind !== 'key_task') throw new Error(`--kind ${kind}: project or key_task`);
      const year = values.year === undefined ? undefined : Number(values.year);
      if (year !== undefined && !Number.isInteger(year)) throw new Error(`--year ${values.year}: not a year`);
      const b = await projectBulletin(ctx, {
        jurisdictionId: actor.jurisdictionId,
        asOf,
        scope,
        year,
        kind,
        includeInternal: values.internal ?? false,
      });
      if (values.json) {
        io.out(JSON.stringify(b, null, 2));
        return;
      }
      io.out(b.paragraph);
      io.out('');
      io.out(
        `截至 ${b.as_of}（${b.period}），${b.year} 年，${b.audience === 'public' ? '公开项目' : '全部项目'}`,
      );
      const c = b.counts;
      io.out(
        `合计 ${c.total}  已完成 ${c.completed}  进展过半 ${c.past_halfway}  按时序推进 ${c.on_schedule}  滞后 ${c.delayed}  未开工 ${c.not_started}`,
      );
      for (const l of LEVELS) {
        const t = b.by_level[l];
        if (t.total)
          io.out(
            `  ${LEVEL_LABELS[l]}：${t.total} 项，已完成 ${t.completed}，进展过半 ${t.past_halfway}，按时序推进 ${t.on_schedule}，滞后 ${t.delayed}`,
          );
      }
      const delayed = b.projects.filter((p) => p.status === 'delayed');
      if (delayed.length) {
        io.out('滞后项目：');
        for (const p of delayed)
          io.out(
            `  ${p.code} ${p.title}（${p.owner_department.name}，完成时限 ${p.due_date}，${p.progress}%）`,
          );
      }
      return;
    }
    default:
      io.out(PROJECTS_USAGE);
      if (sub && sub !== 'help' && sub !== '--help') throw new Error(`unknown command: projects ${sub}`);
  }
}
