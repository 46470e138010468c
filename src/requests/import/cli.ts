/**
 * `banshi requests import FILE [--format jsonl|csv|xlsx] [--dry-run]`: past requests from another 12345 system
 * (see ../commands/import-history.ts), with a progress bar on stderr, each bad row on stderr with its line and
 * reasons, and on the last line how many were imported, skipped as already present, and rejected.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { AppContext } from '../../context.js';
import { systemActor } from '../../http/actor.js';
import { importHistory, type ImportFormat, type ProgressSink } from '../commands/import-history.js';

export const REQUESTS_USAGE = `banshi requests import FILE [--format jsonl|csv|xlsx] [--dry-run]
    past requests from another 12345 system (JSON lines, or CSV/xlsx with the same column names); every row
    checked; a re-run imports nothing twice (the source's ticket number)`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => console.log(s), err: (s) => console.error(s) };

function progressBar(): ProgressSink {
  const bar = new cliProgress.SingleBar(
    { format: '导入工单 [{bar}] {percentage}% | {value}/{total}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}

const FORMATS = ['jsonl', 'csv', 'xlsx'] as const;

export async function requestsCli(args: string[], ctx: AppContext, io: Io = stdio): Promise<void> {
  const [sub, file] = args;
  if (sub !== 'import' || !file) throw new Error(REQUESTS_USAGE);
  const { values } = parseArgs({
    args: args.slice(2),
    options: { 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
  });
  const format = values.format as ImportFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new Error('--format is jsonl, csv or xlsx');
  const dryRun = values['dry-run'] ?? false;
  const report = await importHistory(ctx, {
    actor: systemActor(ctx.config.defaultJurisdiction, '历史工单导入 banshi requests import'),
    file: fs.readFileSync(file),
    format,
    dryRun,
    progress: progressBar(),
  });
  for (const e of report.errors)
    io.err(
      `第 ${e.line} 行${e.source_ticket_no ? `（${e.source_ticket_no}）` : ''}：${e.reasons.join('；')}`,
    );
  if (report.rejected > report.errors.length)
    io.err(`……另有 ${report.rejected - report.errors.length} 行有误`);
  io.out(
    `${report.rows} 行：导入 ${report.imported}，已存在跳过 ${report.skipped}，有误未导入 ${report.rejected}` +
      (dryRun ? '（试运行，未写入）' : ''),
  );
}
