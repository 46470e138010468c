/**
 * `banshi calendar …`: the working-day calendar from the command line, as the system (the deployment's operator).
 * The national layer, shared by every jurisdiction of the deployment, is entered here; a jurisdiction's own
 * schedule also in the admin pages.
 *
 *   banshi calendar show YEAR
 *   banshi calendar import FILE --year YEAR --source TEXT [--format notice|ical|csv] [--national] [--local-only] [--dry-run]
 *   banshi calendar remove YEAR [--national]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { systemActor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { saveSchedule, type SaveResult } from './commands/save-schedule.js';
import { INPUT_FORMATS, type InputFormat } from './parse-input.js';
import { yearView } from './queries.js';

export const CALENDAR_USAGE = `banshi calendar — 工作日历 (statutory holidays and 调休 working days)

  banshi calendar show YEAR
      every holiday and make-up working day of the year, with the layer that decided it
  banshi calendar import FILE --year YEAR --source "国办发明电〔…〕X号 YYYY-MM-DD" [--format notice|ical|csv]
                         [--national] [--local-only] [--dry-run]
      enter a year's schedule from the notice's text (default), an iCalendar or a CSV file, for the default
      jurisdiction or, with --national, for every jurisdiction; open requests' deadlines are counted again
  banshi calendar remove YEAR [--national]`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => console.log(s), err: (s) => console.error(s) };

function report(r: SaveResult, io: Io) {
  for (const i of r.issues) io.err(`${i.severity}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  io.out(
    `${r.year}: ${r.days.length} days, ${r.changed.length} change between working and rest, ` +
      `${r.recounted} open requests ${r.saved ? 'counted again' : 'would be counted again'}${r.saved ? '' : ' (nothing saved)'}`,
  );
}

export async function calendarCli(args: string[], ctx: AppContext, io: Io = stdio): Promise<void> {
  const [sub, arg] = args;
  const { values } = parseArgs({
    args: args.slice(2),
    options: {
      year: { type: 'string' },
      source: { type: 'string' },
      format: { type: 'string' },
      national: { type: 'boolean' },
      'local-only': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const actor = systemActor(ctx.config.defaultJurisdiction, '工作日历 banshi calendar');
  const scope = values.national ? 'national' : 'jurisdiction';
  const yearOf = (s: string | undefined) => {
    const y = Number(s);
    if (!Number.isInteger(y) || y < 2000 || y > 2100)
      throw new Error(`a year from 2000 to 2100, not ${s}\n\n${CALENDAR_USAGE}`);
    return y;
  };
  if (sub === 'show') {
    const view = await yearView(ctx, actor.jurisdictionId, yearOf(arg));
    io.out(
      `${view.year}: ${view.known ? `known (${view.year_source})` : 'not known: Monday–Friday assumed'}`,
    );
    for (const d of view.days)
      if (d.name || d.source === 'local' || d.source === 'national')
        io.out(
          `${d.date}\t${d.working ? '班' : '休'}\t${d.name ?? ''}\t${d.source}${d.notice ? `\t${d.notice}` : ''}`,
        );
    return;
  }
  if (sub === 'import' && arg) {
    const format = (values.format ?? 'notice') as InputFormat;
    if (!INPUT_FORMATS.includes(format)) throw new Error(`--format is one of ${INPUT_FORMATS.join(', ')}`);
    if (!values.source)
      throw new Error(`--source is required (the notice's number and date)\n\n${CALENDAR_USAGE}`);
    const input = {
      format,
      text: fs.readFileSync(arg, 'utf8'),
      source: values.source,
      complete: !values['local-only'],
    };
    try {
      report(
        await saveSchedule(ctx, {
          actor,
          scope,
          year: yearOf(values.year),
          input,
          preview: values['dry-run'] ?? false,
        }),
        io,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') {
        report(
          {
            ...(err.details as SaveResult),
            year: yearOf(values.year),
            days: [],
            changed: [],
            recounted: 0,
            calendar: [],
            saved: false,
          },
          io,
        );
        throw new Error('the schedule has errors: nothing was saved');
      }
      throw err;
    }
    return;
  }
  if (sub === 'remove' && arg) {
    report(await saveSchedule(ctx, { actor, scope, year: yearOf(arg), input: null, preview: false }), io);
    return;
  }
  throw new Error(CALENDAR_USAGE);
}
