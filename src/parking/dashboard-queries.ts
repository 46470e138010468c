/** What the dashboard's parking figures read: share windows in force, bookings of a period, sites' live figures. */
import { sql } from 'kysely';
import { dbOf, type DbSource } from '../db/source.js';

/** Bookings that take a space: held, parked or done (not cancelled, not released as a no-show). */
const TAKING = ['confirmed', 'checked_in', 'completed'] as const;

/** The active windows of active sites whose validity meets the local dates [firstDay, lastDay]. */
export function windowsInForce(source: DbSource, j: string, firstDay: string, lastDay: string) {
  return dbOf(source)
    .selectFrom('parking_windows as w')
    .innerJoin('parking_sites as s', (join) =>
      join.onRef('s.jurisdiction_id', '=', 'w.jurisdiction_id').onRef('s.id', '=', 'w.site_id'),
    )
    .select([
      'w.id',
      'w.site_id',
      'w.spaces',
      'w.hours',
      sql<string>`to_char(w.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
      sql<string | null>`to_char(w.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
    ])
    .where('w.jurisdiction_id', '=', j)
    .where('w.active', '=', true)
    .where('s.active', '=', true)
    .where('w.valid_from', '<=', lastDay)
    .where((eb) => eb.or([eb('w.valid_to', 'is', null), eb('w.valid_to', '>=', firstDay)]))
    .orderBy('w.id')
    .execute();
}

/** The bookings taking a space of the given windows at some time of [from, to): when each starts and ends. */
export function bookingsTakingSpaces(source: DbSource, j: string, windowIds: number[], from: Date, to: Date) {
  if (windowIds.length === 0) return Promise.resolve([]);
  return dbOf(source)
    .selectFrom('parking_bookings')
    .select(['starts_at', 'ends_at'])
    .where('jurisdiction_id', '=', j)
    .where('window_id', 'in', windowIds)
    .where('status', 'in', TAKING)
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .execute();
}

/** The bookings starting in [from, to), counted by status. */
export async function bookingsByStatus(source: DbSource, j: string, from: Date, to: Date) {
  const rows = await dbOf(source)
    .selectFrom('parking_bookings')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('jurisdiction_id', '=', j)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** The active sites with their latest observation (none when never observed), by name. */
export function sitesWithLatest(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('parking_sites as s')
    .leftJoin('parking_live as l', (join) =>
      join.onRef('l.jurisdiction_id', '=', 's.jurisdiction_id').onRef('l.site_id', '=', 's.id'),
    )
    .select([
      's.id',
      's.code',
      's.name',
      's.realtime_interval_seconds',
      'l.observed_at',
      'l.free',
      'l.capacity',
    ])
    .where('s.jurisdiction_id', '=', j)
    .where('s.active', '=', true)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}
