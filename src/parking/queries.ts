/** Reading the parking tables: sites with their live figures, windows, histories, bookings, passes. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { dbOf, type Db, type DbSource } from '../db/source.js';
import { inAreaTree } from '../routing/areas.js';
import type { SitesFilter } from './schemas.js';

const SITE_COLUMNS = [
  's.jurisdiction_id',
  's.id',
  's.code',
  's.name',
  's.kind',
  's.operator_name',
  's.operator_department_code',
  's.address',
  's.lat',
  's.lon',
  's.area_code',
  's.capacity',
  's.capacity_disabled',
  's.capacity_charging',
  's.has_fee',
  's.fee_description',
  's.opening_hours',
  's.shares',
  's.osm_id',
  's.realtime_interval_seconds',
  's.active',
  's.version',
  's.updated_at',
  'l.observed_at as live_observed_at',
  'l.free as live_free',
  'l.capacity as live_capacity',
] as const;

/** Sites joined with their live figure. */
function sitesWithLive(db: Db, j: string) {
  return db
    .selectFrom('parking_sites as s')
    .leftJoin('parking_live as l', (join) =>
      join.onRef('l.jurisdiction_id', '=', 's.jurisdiction_id').onRef('l.site_id', '=', 's.id'),
    )
    .where('s.jurisdiction_id', '=', j);
}

export type SiteRow = Awaited<ReturnType<typeof loadSite>> & {};

export function loadSite(source: DbSource | Db, j: string, id: number) {
  return sitesWithLive('db' in source ? source.db : source, j)
    .select(SITE_COLUMNS)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function listSites(source: DbSource, j: string, f: SitesFilter) {
  let q = sitesWithLive(dbOf(source), j);
  if (!f.include_inactive) q = q.where('s.active', '=', true);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.shares !== undefined) q = q.where('s.shares', '=', f.shares);
  if (f.area) q = q.where(inAreaTree('s.area_code', f.area));
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('s.name', 'like', like), eb('s.code', '=', f.text!), eb('s.address', 'like', like)]),
    );
  }
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(SITE_COLUMNS)
      .orderBy('s.code')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every site of a jurisdiction with its live figure and stored forecast: what ./site-index.ts holds. */
export function sitesForIndex(source: DbSource, j: string) {
  return sitesWithLive(dbOf(source), j)
    .leftJoin('parking_forecasts as f', (join) =>
      join.onRef('f.jurisdiction_id', '=', 's.jurisdiction_id').onRef('f.site_id', '=', 's.id'),
    )
    .select([
      ...SITE_COLUMNS,
      'f.starts_at as forecast_starts_at',
      'f.step_minutes as forecast_step_minutes',
      'f.rates as forecast_rates',
    ])
    .execute();
}

/** The live figures of a jurisdiction's sites. */
export function liveFigures(source: DbSource, j: string) {
  return dbOf(source)
    .selectFrom('parking_live')
    .select(['site_id', 'observed_at', 'free', 'capacity'])
    .where('jurisdiction_id', '=', j)
    .execute();
}

const WINDOW_COLUMNS = [
  'w.id',
  'w.site_id',
  's.name as site_name',
  's.operator_department_code',
  'w.name',
  'w.audience',
  'w.communities',
  'w.spaces',
  'w.hours',
  sql<string>`to_char(w.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
  sql<string | null>`to_char(w.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
  'w.has_fee',
  'w.fee_description',
  'w.max_stay_minutes',
  'w.order_request_id',
  'w.active',
  'w.version',
  'w.created_at',
] as const;

function windows(db: Db, j: string) {
  return db
    .selectFrom('parking_windows as w')
    .innerJoin('parking_sites as s', (join) =>
      join.onRef('s.jurisdiction_id', '=', 'w.jurisdiction_id').onRef('s.id', '=', 'w.site_id'),
    )
    .where('w.jurisdiction_id', '=', j);
}

export type WindowRow = Awaited<ReturnType<typeof windowsOfSites>>[number];

/** The windows of some sites (all of them, or the active ones), by site and then id. */
export function windowsOfSites(
  source: DbSource | Db,
  j: string,
  siteIds: number[],
  opts: { activeOnly: boolean },
) {
  if (siteIds.length === 0) return Promise.resolve([]);
  let q = windows('db' in source ? source.db : source, j).where('w.site_id', 'in', siteIds);
  if (opts.activeOnly) q = q.where('w.active', '=', true);
  return q.select(WINDOW_COLUMNS).orderBy('w.site_id').orderBy('w.id').execute();
}

export function loadWindow(source: DbSource | Db, j: string, id: number, opts: { forUpdate?: boolean } = {}) {
  let q = windows('db' in source ? source.db : source, j)
    .where('w.id', '=', id)
    .select(WINDOW_COLUMNS);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Windows answering a community order. */
export function windowsOfOrder(source: DbSource, j: string, orderRequestId: number) {
  return windows(dbOf(source), j)
    .where('w.order_request_id', '=', orderRequestId)
    .select(WINDOW_COLUMNS)
    .orderBy('w.id')
    .execute();
}

/**
 * The free spaces at each observation in [from, to); beyond a week, the half-hour means (of the site's
 * capacity as it is now).
 */
export async function timespan(
  source: DbSource,
  j: string,
  site: { id: number; capacity: number },
  from: Date,
  to: Date,
) {
  const db = dbOf(source);
  if (to.getTime() - from.getTime() <= 7 * 86_400_000)
    return db
      .selectFrom('parking_observations')
      .select(['observed_at as at', 'free'])
      .where('jurisdiction_id', '=', j)
      .where('site_id', '=', site.id)
      .where('observed_at', '>=', from)
      .where('observed_at', '<', to)
      .orderBy('observed_at')
      .limit(20_000)
      .execute();
  const rows = await db
    .selectFrom('parking_occupancy_slots')
    .select(['slot_start as at', 'rate_sum', 'n'])
    .where('jurisdiction_id', '=', j)
    .where('site_id', '=', site.id)
    .where('slot_start', '>=', from)
    .where('slot_start', '<', to)
    .orderBy('slot_start')
    .limit(20_000)
    .execute();
  return rows.map((r) => ({ at: r.at, free: Math.round(site.capacity * (1 - r.rate_sum / r.n)) }));
}

/** Mean occupancy rates by half hour since `since`, for some sites (the forecast's history). */
export function slotHistory(source: DbSource | Db, j: string, siteIds: number[], since: Date) {
  if (siteIds.length === 0) return Promise.resolve([]);
  return ('db' in source ? source.db : source)
    .selectFrom('parking_occupancy_slots')
    .select(['site_id', 'slot_start', sql<number>`rate_sum / n`.as('rate')])
    .where('jurisdiction_id', '=', j)
    .where('site_id', 'in', siteIds)
    .where('slot_start', '>=', since)
    .orderBy('site_id')
    .orderBy('slot_start')
    .execute();
}

/** The sites with the most half hours of history since `since` (the forecast model learns from them). */
export async function sitesWithHistory(source: DbSource, j: string, since: Date, limit: number) {
  const rows = await dbOf(source)
    .selectFrom('parking_occupancy_slots')
    .select(['site_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('jurisdiction_id', '=', j)
    .where('slot_start', '>=', since)
    .groupBy('site_id')
    .orderBy('n', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.site_id);
}

/** Active sites whose stored forecast is older than `staleBefore` (or missing), oldest first. */
export async function sitesDueForForecast(
  source: DbSource,
  j: string,
  p: { staleBefore: Date; historySince: Date; limit: number },
) {
  const rows = await dbOf(source)
    .selectFrom('parking_sites as s')
    .leftJoin('parking_forecasts as f', (join) =>
      join.onRef('f.jurisdiction_id', '=', 's.jurisdiction_id').onRef('f.site_id', '=', 's.id'),
    )
    .select(['s.id'])
    .where('s.jurisdiction_id', '=', j)
    .where('s.active', '=', true)
    // A site without history has nothing to forecast from: never due, so that it cannot starve the others.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('parking_occupancy_slots as o')
          .select(sql`1`.as('one'))
          .whereRef('o.jurisdiction_id', '=', 's.jurisdiction_id')
          .whereRef('o.site_id', '=', 's.id')
          .where('o.slot_start', '>=', p.historySince),
      ),
    )
    .where((eb) => eb.or([eb('f.computed_at', 'is', null), eb('f.computed_at', '<', p.staleBefore)]))
    .orderBy(sql`f.computed_at nulls first`)
    .limit(p.limit)
    .execute();
  return rows.map((r) => r.id);
}

export function storedForecast(source: DbSource, j: string, siteId: number) {
  return dbOf(source)
    .selectFrom('parking_forecasts')
    .select(['computed_at', 'starts_at', 'step_minutes', 'rates'])
    .where('jurisdiction_id', '=', j)
    .where('site_id', '=', siteId)
    .executeTakeFirst();
}

const BOOKING_COLUMNS = [
  'b.id',
  'b.status',
  'b.starts_at',
  'b.ends_at',
  'b.created_at',
  'b.checked_in_at',
  'b.finished_at',
  'b.plate_enc',
  'b.plate_mask',
  'b.window_id',
  'w.name as window_name',
  'w.audience',
  'b.site_id',
  's.code as site_code',
  's.name as site_name',
  's.address as site_address',
  's.lat as site_lat',
  's.lon as site_lon',
  's.operator_department_code',
] as const;

function bookings(db: Db, j: string) {
  return db
    .selectFrom('parking_bookings as b')
    .innerJoin('parking_windows as w', (join) =>
      join.onRef('w.jurisdiction_id', '=', 'b.jurisdiction_id').onRef('w.id', '=', 'b.window_id'),
    )
    .innerJoin('parking_sites as s', (join) =>
      join.onRef('s.jurisdiction_id', '=', 'b.jurisdiction_id').onRef('s.id', '=', 'b.site_id'),
    )
    .where('b.jurisdiction_id', '=', j);
}

export type BookingRow = Awaited<ReturnType<typeof loadBooking>> & {};

export function loadBooking(
  source: DbSource | Db,
  j: string,
  id: number,
  opts: { forUpdate?: boolean } = {},
) {
  let q = bookings('db' in source ? source.db : source, j)
    .select([...BOOKING_COLUMNS, 'b.resident_phone_hash'])
    .where('b.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate('b');
  return q.executeTakeFirst();
}

/** A resident's bookings, the latest first (the last 90 days and every one to come). */
export function residentBookings(source: DbSource, j: string, phoneHash: string, since: Date) {
  return bookings(dbOf(source), j)
    .select([...BOOKING_COLUMNS, 'b.resident_phone_hash'])
    .where('b.resident_phone_hash', '=', phoneHash)
    .where('b.ends_at', '>=', since)
    .orderBy('b.starts_at', 'desc')
    .limit(200)
    .execute();
}

/** A site's bookings meeting [from, to), in order of start. */
export function siteBookings(
  source: DbSource,
  j: string,
  siteId: number,
  p: { from: Date; to: Date; status?: string | undefined },
) {
  let q = bookings(dbOf(source), j)
    .select([...BOOKING_COLUMNS, 'b.resident_phone_hash'])
    .where('b.site_id', '=', siteId)
    .where('b.starts_at', '<', p.to)
    .where('b.ends_at', '>', p.from);
  if (p.status) q = q.where('b.status', '=', p.status as never);
  return q.orderBy('b.starts_at').limit(2000).execute();
}

/** The live bookings (confirmed or checked in, not yet over) a resident holds. */
export async function liveBookingCount(db: Db, j: string, phoneHash: string, now: Date): Promise<number> {
  const r = await db
    .selectFrom('parking_bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction_id', '=', j)
    .where('resident_phone_hash', '=', phoneHash)
    .where('status', 'in', ['confirmed', 'checked_in'])
    .where('ends_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A resident's live passes: the audiences they belong to. */
export function passesOf(source: DbSource | Db, j: string, phoneHash: string) {
  return ('db' in source ? source.db : source)
    .selectFrom('parking_passes')
    .select(['audience', 'site_id', 'area_code'])
    .where('jurisdiction_id', '=', j)
    .where('phone_hash', '=', phoneHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Passes with the name and operating department of their site (none for a community's residents' pass). */
const passesWithSite = (db: Kysely<DB>, j: string) =>
  db
    .selectFrom('parking_passes as p')
    .leftJoin('parking_sites as s', (join) =>
      join.onRef('s.jurisdiction_id', '=', 'p.jurisdiction_id').onRef('s.id', '=', 'p.site_id'),
    )
    .select([
      'p.id',
      'p.audience',
      'p.site_id',
      's.name as site_name',
      's.operator_department_code',
      'p.area_code',
      'p.phone_mask',
      'p.note',
      'p.granted_at',
      'p.revoked_at',
    ])
    .where('p.jurisdiction_id', '=', j);

export function listPasses(
  source: DbSource,
  j: string,
  f: { siteId?: number | undefined; areaCode?: string | undefined },
) {
  let q = passesWithSite(dbOf(source), j);
  if (f.siteId !== undefined) q = q.where('p.site_id', '=', f.siteId);
  if (f.areaCode !== undefined) q = q.where('p.area_code', '=', f.areaCode);
  return q.orderBy('p.id').limit(5000).execute();
}

export type PassRow = Awaited<ReturnType<typeof listPasses>>[number];

export function loadPass(source: DbSource, j: string, id: number) {
  return passesWithSite(dbOf(source), j).where('p.id', '=', id).executeTakeFirst();
}

/**
 * 错时共享泊位 opened in a year: the spaces of the active share windows whose validity began that year and has
 * begun by today (in the jurisdiction's time zone). A ledger project counts its progress from it.
 */
export async function sharedSpacesOpened(source: DbSource | Db, j: string, year: number) {
  const r = await ('db' in source ? source.db : source)
    .selectFrom('parking_windows as w')
    .innerJoin('jurisdictions as j', 'j.jurisdiction_id', 'w.jurisdiction_id')
    .select(sql<number>`coalesce(sum(w.spaces), 0)`.as('spaces'))
    .where('w.jurisdiction_id', '=', j)
    .where('w.active', '=', true)
    .where(sql<boolean>`extract(year from w.valid_from) = ${year}`)
    .where(sql<boolean>`w.valid_from <= (now() at time zone j.timezone)::date`)
    .executeTakeFirstOrThrow();
  return Number(r.spaces);
}

/** The active sites inside a box, or all of them (the public availability map), by id: at most `limit`, and how many. */
export async function sitesInBox(
  source: DbSource,
  j: string,
  box: { west: number; south: number; east: number; north: number } | undefined,
  limit: number,
) {
  let q = sitesWithLive(dbOf(source), j).where('s.active', '=', true);
  if (box)
    q = q
      .where('s.lat', '>=', box.south)
      .where('s.lat', '<=', box.north)
      .where('s.lon', '>=', box.west)
      .where('s.lon', '<=', box.east);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.select(SITE_COLUMNS).orderBy('s.id').limit(limit).execute(),
  ]);
  return { rows, total: Number(total.n) };
}
