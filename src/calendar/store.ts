/** The calendar's overrides in the database (0010_calendar.sql). */
import type { Selectable, Transaction } from 'kysely';
import type { CalendarSchedulesTable, DB } from '../db/schema.js';
import type { Db } from '../db/source.js';
import { dateText } from '../db/date-text.js';
import { NATIONAL, type CalendarRows, type ScheduleChange } from './layers.js';

/** The national and the jurisdiction's override rows. */
export async function loadCalendarRows(db: Db, jurisdictionId: string): Promise<CalendarRows> {
  const scopes = [NATIONAL, jurisdictionId];
  const [days, schedules] = await Promise.all([
    db
      .selectFrom('calendar_days')
      .select(['scope', dateText('day'), 'year', 'working', 'name'])
      .where('scope', 'in', scopes)
      .execute(),
    db
      .selectFrom('calendar_schedules')
      .select(['scope', 'year', 'complete', 'source'])
      .where('scope', 'in', scopes)
      .execute(),
  ]);
  return { jurisdictionId, days, schedules };
}

export type ScheduleRecord = Selectable<CalendarSchedulesTable>;

export async function loadSchedule(db: Db, scope: string, year: number): Promise<ScheduleRecord | undefined> {
  return db
    .selectFrom('calendar_schedules')
    .selectAll()
    .where('scope', '=', scope)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes a scope's schedule of a year (replacing what it had), or removes it, inside the caller's transaction. */
export async function writeSchedule(
  tx: Transaction<DB>,
  change: ScheduleChange,
  record: Pick<ScheduleRecord, 'input_format' | 'input_text' | 'entered_by' | 'entered_at'>,
): Promise<void> {
  const { scope, year } = change;
  await tx.deleteFrom('calendar_schedules').where('scope', '=', scope).where('year', '=', year).execute();
  if (!change.days) return;
  await tx
    .insertInto('calendar_schedules')
    .values({ scope, year, complete: change.complete, source: change.source, ...record })
    .execute();
  if (change.days.length === 0) return;
  await tx
    .insertInto('calendar_days')
    .values(change.days.map((d) => ({ scope, day: d.date, year, working: d.working, name: d.name })))
    .onConflict((oc) =>
      oc.columns(['scope', 'day']).doUpdateSet((eb) => ({
        year: eb.ref('excluded.year'),
        working: eb.ref('excluded.working'),
        name: eb.ref('excluded.name'),
      })),
    )
    .execute();
}

/** Jurisdictions whose calendar includes a scope: all of them for the national one. */
export async function jurisdictionsOf(db: Db, scope: string): Promise<string[]> {
  if (scope !== NATIONAL) return [scope];
  return (await db.selectFrom('jurisdictions').select('jurisdiction_id').execute()).map(
    (r) => r.jurisdiction_id,
  );
}
