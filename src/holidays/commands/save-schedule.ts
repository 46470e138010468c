/**
 * Enters (or removes) a year's holiday schedule for a jurisdiction, or nationally: the schedule's days are
 * written, every affected jurisdiction's open requests whose pending deadlines span a changed day are counted
 * again with an event, and the alert for that year is resolved, all in one transaction. A preview runs the same
 * steps and rolls them back, so what it shows is what saving does.
 */
import type { AppContext } from '../../context.js';
import { resolveAlert } from '../../alerts/store.js';
import { applyChange, calendarOf, NATIONAL, type ScheduleChange } from '../../calendar/layers.js';
import { jurisdictionsOf, loadCalendarRows, loadSchedule, writeSchedule } from '../../calendar/store.js';
import { lockJurisdiction } from '../../db/jurisdiction-lock.js';
import { datesOfYear, type DayEntry, type DayVerdict } from '../../calendar/working-calendar.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { recountDeadlines } from '../../requests/commands/recount-deadlines.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { parseScheduleInput, type InputFormat } from '../parse-input.js';
import type { ScheduleIssue } from '../schedule-input.js';
import { missingYearKey } from '../alerts.js';

export type ScheduleInput = { format: InputFormat; text: string; source: string; complete: boolean };

export type SaveResult = {
  year: number;
  days: DayEntry[];
  issues: ScheduleIssue[];
  /** Dates whose working status the change flips (for the jurisdiction that asked). */
  changed: string[];
  /** Open requests whose deadlines were (or, in a preview, would be) counted again. */
  recounted: number;
  /** The year as the calendar will read it, day by day. */
  calendar: DayVerdict[];
  saved: boolean;
};

class Rollback extends Error {
  constructor(readonly result: SaveResult) {
    super('preview');
  }
}

export async function saveSchedule(
  ctx: AppContext,
  opts: {
    actor: Actor;
    scope: 'jurisdiction' | 'national';
    year: number;
    input: ScheduleInput | null;
    preview: boolean;
  },
): Promise<SaveResult> {
  const { actor, year, input } = opts;
  const scope = opts.scope === 'national' ? NATIONAL : actor.jurisdictionId;
  const parsed = input ? parseScheduleInput(input.format, input.text, year) : { days: [], issues: [] };
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !opts.preview) throw new AppError('validation_failed', { issues: parsed.issues });
  const change: ScheduleChange = {
    scope,
    year,
    days: input ? parsed.days : null,
    complete: input?.complete ?? false,
    source: input?.source ?? '',
  };
  if (!input && !opts.preview && !(await loadSchedule(ctx.db, scope, year))) throw new AppError('not_found');
  const now = ctx.now();
  const label = actor.label;
  const run = async (): Promise<SaveResult> =>
    ctx.db.transaction().execute(async (tx) => {
      // Two admins saving at once: one waits for the other, so each diff is taken against what is stored.
      await lockJurisdiction(tx, actor.jurisdictionId);
      const jurisdictions = await jurisdictionsOf(tx, scope);
      const diffs = [];
      for (const j of jurisdictions) {
        const rows = await loadCalendarRows(tx, j);
        diffs.push({ j, before: calendarOf(rows), after: calendarOf(applyChange(rows, change)) });
      }
      if (errors.length === 0)
        await writeSchedule(tx, change, {
          input_format: input?.format ?? 'notice',
          input_text: input?.text ?? '',
          entered_by: label,
          entered_at: now,
        });
      // The days the change can flip: those it had and those it gives, in and next to the year.
      const span = [
        ...datesOfYear(year - 1).slice(-31),
        ...datesOfYear(year),
        ...datesOfYear(year + 1).slice(0, 31),
      ];
      let recounted = 0;
      let mine: SaveResult | null = null;
      for (const { j, before, after } of diffs) {
        const changed = span.filter((d) => before.isWorkingDay(d) !== after.isWorkingDay(d));
        const { timezone } = await tx
          .selectFrom('jurisdictions')
          .select('timezone')
          .where('jurisdiction_id', '=', j)
          .executeTakeFirstOrThrow();
        const n =
          errors.length === 0
            ? await recountDeadlines(tx, {
                jurisdictionId: j,
                tz: timezone,
                before,
                after,
                changed,
                reason: { scope, year, source: change.source },
                actor: j === actor.jurisdictionId ? actor : { kind: 'system', jurisdictionId: j, label },
                now,
              })
            : 0;
        recounted += n;
        if (after.knows(year)) await resolveAlert(tx, j, missingYearKey(year), now);
        if (j === actor.jurisdictionId)
          mine = {
            year,
            days: parsed.days,
            issues: parsed.issues,
            changed,
            recounted: n,
            calendar: datesOfYear(year).map((d) => after.day(d)),
            saved: false,
          };
      }
      const result: SaveResult = mine ?? {
        year,
        days: parsed.days,
        issues: parsed.issues,
        changed: [],
        recounted,
        calendar: [],
        saved: false,
      };
      if (opts.preview || errors.length > 0) throw new Rollback(result);
      return { ...result, saved: true };
    });
  try {
    const result = await run();
    for (const j of await jurisdictionsOf(ctx.db, scope)) referenceCache(ctx.db).invalidate(j);
    return result;
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    throw err;
  }
}
