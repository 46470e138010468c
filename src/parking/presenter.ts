/**
 * What leaves the server about parking. Sites carry ParkAPI v3's names; a live figure older than three push
 * intervals is shown as none. Residents see their own plate; a site's operator sees plates masked, except in
 * the answer to a check-in; nobody outside sees who booked.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { BookingStatus, ParkingAudience, ParkingSiteKind } from '../db/schema.js';
import type { Vault } from '../privacy/crypto.js';
import { localDate } from '../requests/deadlines.js';
import { nowcast, type StoredForecast } from './forecast/nowcast.js';
import { availability, liveFigure } from './liveness.js';
import type { BookingRow, PassRow, SiteRow, WindowRow } from './queries.js';
import { isHoursError, shareHours } from './share-hours.js';

export const KIND_LABELS: Record<ParkingSiteKind, string> = {
  public: '公共停车场',
  on_street: '路内泊位',
  unit: '机关企事业单位',
  school: '学校',
  residential: '居住小区',
  commercial: '商业综合体',
};

const PARKAPI_TYPES: Record<ParkingSiteKind, 'CAR_PARK' | 'ON_STREET' | 'OFF_STREET_PARKING_GROUND'> = {
  public: 'CAR_PARK',
  on_street: 'ON_STREET',
  unit: 'OFF_STREET_PARKING_GROUND',
  school: 'OFF_STREET_PARKING_GROUND',
  residential: 'OFF_STREET_PARKING_GROUND',
  commercial: 'CAR_PARK',
};

export const AUDIENCE_LABELS: Record<ParkingAudience, string> = {
  public: '社会公众',
  residents: '周边小区居民',
  parents: '接送学生家长',
  staff: '本单位职工',
};

const STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: '已预约',
  checked_in: '已入场',
  completed: '已完成',
  cancelled: '已取消',
  no_show: '超时未入场，已释放',
};

/** The time, place and calendar a presenter reads windows and live figures against. */
export type Scene = { now: Date; tz: string; calendar: WorkingCalendar; areas: Map<string, string> };

const named = (names: Map<string, string>, code: string | null) =>
  code === null ? null : { code, name: names.get(code) ?? code };

/** Whether hours are open, remembered per calendar for the rest of the minute (hours open on whole minutes). */
const openThisMinute = new WeakMap<WorkingCalendar, { key: string; open: Map<string, boolean | null> }>();

function openAt(hours: string, scene: Scene): boolean | null {
  const key = `${scene.tz}|${Math.floor(scene.now.getTime() / 60_000)}`;
  let memo = openThisMinute.get(scene.calendar);
  if (memo?.key !== key) openThisMinute.set(scene.calendar, (memo = { key, open: new Map() }));
  let open = memo.open.get(hours);
  if (open === undefined) {
    const parsed = shareHours(hours);
    open = isHoursError(parsed) ? null : parsed.isOpen(scene.now, scene.tz, scene.calendar);
    memo.open.set(hours, open);
  }
  return open;
}

type LiveColumns = { live_observed_at: Date | null; live_free: number | null; live_capacity: number | null };

function figureOf(row: LiveColumns & { realtime_interval_seconds: number }, now: Date) {
  return liveFigure(
    row.live_observed_at === null
      ? null
      : { observed_at: row.live_observed_at, free: row.live_free!, capacity: row.live_capacity! },
    row.realtime_interval_seconds,
    now,
  );
}

export function presentSite(s: SiteRow, scene: Scene) {
  const figure = figureOf(s, scene.now);
  const open = openAt(s.opening_hours, scene);
  return {
    id: s.id,
    original_uid: s.code,
    name: s.name,
    purpose: 'CAR' as const,
    type: PARKAPI_TYPES[s.kind],
    operator_name: s.operator_name,
    address: s.address,
    lat: s.lat,
    lon: s.lon,
    capacity: s.capacity,
    capacity_disabled: s.capacity_disabled,
    capacity_charging: s.capacity_charging,
    has_fee: s.has_fee,
    fee_description: s.fee_description,
    opening_hours: s.opening_hours,
    external_identifiers: s.osm_id ? [{ type: 'OSM' as const, value: s.osm_id }] : [],
    has_realtime_data: figure.live,
    realtime_data_updated_at: figure.live ? figure.observedAt : null,
    realtime_opening_status:
      figure.live && open !== null ? (open ? ('OPEN' as const) : ('CLOSED' as const)) : ('UNKNOWN' as const),
    realtime_capacity: figure.live ? figure.capacity : null,
    realtime_free_capacity: figure.live ? figure.free : null,
    kind: s.kind,
    kind_label: KIND_LABELS[s.kind],
    area: named(scene.areas, s.area_code),
    shares: s.shares,
    availability: availability(figure),
    open_now: open ?? false,
    operator_department_code: s.operator_department_code,
    realtime_interval_seconds: s.realtime_interval_seconds,
    active: s.active,
    version: s.version,
    updated_at: s.updated_at,
  };
}

type ForecastColumns = {
  forecast_starts_at: Date | null;
  forecast_step_minutes: number | null;
  forecast_rates: (number | null)[] | null;
};

/** A stored forecast as read (a half hour the history said nothing of is NaN). */
export function storedOf(row: ForecastColumns): StoredForecast | null {
  return row.forecast_starts_at && row.forecast_rates && row.forecast_step_minutes
    ? {
        starts_at: row.forecast_starts_at,
        step_minutes: row.forecast_step_minutes,
        rates: row.forecast_rates.map((r) => r ?? NaN),
      }
    : null;
}

/** A forecast point: the rate and the free spaces it means for a capacity. */
export const forecastPoint = (at: Date, rate: number, capacity: number) => ({
  timestamp: at,
  free: Math.max(0, Math.round(capacity * (1 - rate))),
  occupancy_rate: Math.round(rate * 1000) / 1000,
});

export function presentNearby(s: SiteRow & ForecastColumns & { distance_m: number }, scene: Scene) {
  const site = presentSite(s, scene);
  const stored = storedOf(s);
  const figure = figureOf(s, scene.now);
  const live = figure.live && figure.capacity > 0 ? 1 - figure.free / figure.capacity : null;
  const at = new Date(scene.now.getTime() + 3_600_000);
  const rate = stored ? nowcast(stored, live, at, scene.now) : NaN;
  return {
    ...site,
    distance_m: Math.round(s.distance_m),
    forecast_next_hour: Number.isFinite(rate) ? forecastPoint(at, rate, s.capacity) : null,
  };
}

/** The stored forecast from now on, step by step, pulled toward the live figure at first. */
export function forecastSeries(
  stored: StoredForecast,
  capacity: number,
  live: number | null,
  scene: Scene,
  hours: number,
) {
  const step = stored.step_minutes * 60_000;
  const first = Math.ceil(scene.now.getTime() / step) * step;
  const out = [];
  for (let t = first; t <= scene.now.getTime() + hours * 3_600_000; t += step) {
    const at = new Date(t);
    const rate = nowcast(stored, live, at, scene.now);
    if (Number.isFinite(rate)) out.push(forecastPoint(at, rate, capacity));
  }
  return out;
}

export function presentWindow(
  w: WindowRow,
  scene: Scene,
  opts: { staff: boolean; eligible?: boolean | undefined },
) {
  const parsed = shareHours(w.hours);
  const valid = (at: Date) => {
    const day = localDate(at, scene.tz);
    return day >= w.valid_from && (w.valid_to === null || day <= w.valid_to);
  };
  let next: { from: Date; to: Date } | null = null;
  let open = false;
  if (!isHoursError(parsed) && w.active) {
    const week = parsed.intervals(
      scene.now,
      new Date(scene.now.getTime() + 7 * 86_400_000),
      scene.tz,
      scene.calendar,
    );
    next = week.find((i) => valid(i.from) || valid(i.to)) ?? null;
    open = !!next && next.from <= scene.now && scene.now < next.to;
  }
  return {
    id: w.id,
    site_id: w.site_id,
    site_name: w.site_name,
    name: w.name,
    audience: w.audience,
    audience_label: AUDIENCE_LABELS[w.audience],
    communities: w.communities.map((c) => named(scene.areas, c)!),
    spaces: w.spaces,
    hours: w.hours,
    valid_from: w.valid_from,
    valid_to: w.valid_to,
    has_fee: w.has_fee,
    fee_description: w.fee_description,
    max_stay_minutes: w.max_stay_minutes,
    active: w.active,
    open_now: open,
    next_open: next,
    ...(opts.eligible === undefined ? {} : { eligible: opts.eligible }),
    ...(opts.staff ? { order_request_id: w.order_request_id } : {}),
    version: w.version,
  };
}

function bookingFields(b: BookingRow, noShowMinutes: number) {
  return {
    id: b.id,
    status: b.status,
    status_label: STATUS_LABELS[b.status],
    site: {
      id: b.site_id,
      code: b.site_code,
      name: b.site_name,
      address: b.site_address,
      lat: b.site_lat,
      lon: b.site_lon,
    },
    window: { id: b.window_id, name: b.window_name, audience: b.audience },
    starts_at: b.starts_at,
    ends_at: b.ends_at,
    created_at: b.created_at,
    checked_in_at: b.checked_in_at,
    finished_at: b.finished_at,
    release_at: b.status === 'confirmed' ? new Date(b.starts_at.getTime() + noShowMinutes * 60_000) : null,
  };
}

/** A map app's link to the site (高德: works in a phone's browser and opens the app when installed). */
export function navigationUrl(site: { lat: number; lon: number; name: string }): string {
  return `https://uri.amap.com/marker?position=${site.lon},${site.lat}&name=${encodeURIComponent(site.name)}&coordinate=wgs84&callnative=1`;
}

export function presentMyBooking(b: BookingRow, vault: Vault, noShowMinutes: number) {
  return {
    ...bookingFields(b, noShowMinutes),
    plate: vault.decrypt(b.plate_enc),
    navigation_url: navigationUrl({ lat: b.site_lat, lon: b.site_lon, name: b.site_name }),
  };
}

export function presentSiteBooking(b: BookingRow, noShowMinutes: number) {
  return { ...bookingFields(b, noShowMinutes), plate_mask: b.plate_mask };
}

export function presentCheckedIn(b: BookingRow, vault: Vault, noShowMinutes: number) {
  return { ...presentSiteBooking(b, noShowMinutes), plate: vault.decrypt(b.plate_enc) };
}

export function presentPass(p: PassRow, areas: Map<string, string>) {
  return {
    id: p.id,
    audience: p.audience,
    site: p.site_id === null ? null : { id: p.site_id, name: p.site_name ?? '' },
    area: named(areas, p.area_code),
    phone_mask: p.phone_mask,
    note: p.note,
    granted_at: p.granted_at,
    revoked_at: p.revoked_at,
  };
}
