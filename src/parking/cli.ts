/**
 * `banshi parking …`:
 *
 *   banshi parking import FILE [--dry-run] [--format xlsx|csv]
 *       every row of a site list checked, then imported in one transaction (nothing if any row is bad), with a
 *       progress bar on stderr; as the system (the deployment's operator), for the default jurisdiction
 *   banshi parking forecast …: ./forecast-cli.ts (no database)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { AppContext } from '../context.js';
import { systemActor } from '../http/actor.js';
import { importSites, type ProgressSink } from './commands/import-sites.js';

export const PARKING_USAGE = `banshi parking — 锡慧停

  banshi parking import FILE [--dry-run] [--format xlsx|csv]
      check every row of a site list (xlsx or CSV), then import it (nothing if any row is bad)
  banshi parking forecast --history FILE.csv < TARGETS.csv > FORECAST.csv
      history: SystemCodeNumber,Capacity,Occupancy,LastUpdated; targets: SystemCodeNumber,Capacity,LastUpdated;
      out: SystemCodeNumber,LastUpdated,Occupancy (predicted vehicles), one row per target in their order`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => console.log(s), err: (s) => console.error(s) };

function progressBar(): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      format: '导入停车场 [{bar}] {percentage}% | {value}/{total}',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}

export async function parkingCli(args: string[], ctx: AppContext, io: Io = stdio): Promise<void> {
  const [sub, file] = args;
  if (sub !== 'import' || !file) throw new Error(PARKING_USAGE);
  const { values } = parseArgs({
    args: args.slice(2),
    options: { 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
  });
  if (values.format !== undefined && values.format !== 'xlsx' && values.format !== 'csv')
    throw new Error('--format is xlsx or csv');
  const report = await importSites(ctx, {
    actor: systemActor(ctx.config.defaultJurisdiction, '停车场导入 banshi parking import'),
    file: fs.readFileSync(file),
    format: values.format,
    dryRun: values['dry-run'] ?? false,
    progress: progressBar(),
  });
  for (const e of report.errors)
    io.err(`第 ${e.line} 行${e.code ? `（${e.code}）` : ''}：${e.reasons.join('；')}`);
  io.out(
    `${report.rows} 行：新增 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}` +
      (report.errors.length
        ? `；${report.errors.length} 行有误，未导入`
        : report.imported
          ? ''
          : '（试运行，未写入）'),
  );
  if (report.errors.length) throw new Error('the site list has errors: nothing was imported');
}
