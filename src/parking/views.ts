/** What the parking API reads for its answers: a site with its windows, nearby sites, forecasts, bookings. */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { isStaff, mayManageParkingSites, mayOperateSite, requestVisibility } from '../http/policies.js';
import { loadRequest } from '../requests/queries.js';
import { referenceCache } from '../routing/reference-cache.js';
import { holdsPass } from './commands/book.js';
import { sceneOf } from './commands/common.js';
import { freshForecast } from './commands/forecasts.js';
import { liveFigure } from './liveness.js';
import { siteIndex } from './site-index.js';
import {
  forecastSeries,
  presentCheckedIn,
  presentMyBooking,
  presentNearby,
  presentPass,
  presentSite,
  presentSiteBooking,
  presentWindow,
  storedOf,
  type Scene,
} from './presenter.js';
import {
  listPasses,
  listSites,
  loadBooking,
  loadPass,
  loadSite,
  loadWindow,
  passesOf,
  residentBookings,
  siteBookings,
  timespan,
  windowsOfOrder,
  windowsOfSites,
  type WindowRow,
} from './queries.js';
import type { SitesFilter } from './schemas.js';
import { localDate, nextDate, startOfLocalDay } from '../requests/deadlines.js';

/** Whether the actor (a resident) is of each window's audience; undefined for anyone else. */
async function eligibility(ctx: AppContext, actor: Actor | null) {
  if (!actor || actor.kind !== 'user' || actor.role !== 'resident' || !actor.phoneHash)
    return () => undefined;
  const passes = await passesOf(ctx, actor.jurisdictionId, actor.phoneHash);
  return (w: WindowRow) => w.audience === 'public' || holdsPass(passes, w);
}

async function presentWindows(ctx: AppContext, actor: Actor | null, rows: WindowRow[], scene: Scene) {
  const eligible = await eligibility(ctx, actor);
  const staff = actor !== null && isStaff(actor);
  return rows.map((w) => presentWindow(w, scene, { staff, eligible: eligible(w) }));
}

export async function sitesPage(ctx: AppContext, j: string, actor: Actor | null, f: SitesFilter) {
  if (f.include_inactive && !(actor && mayManageParkingSites(actor))) throw new AppError('forbidden');
  const [scene, { rows, total }] = await Promise.all([sceneOf(ctx, j), listSites(ctx, j, f)]);
  return { items: rows.map((s) => presentSite(s, scene)), total, page: f.page, page_size: f.page_size };
}

/** A site with its windows (closed ones too for those who manage them); inactive sites only for them. */
export async function siteView(ctx: AppContext, j: string, actor: Actor | null, id: number) {
  const site = await loadSite(ctx, j, id);
  const manager = actor !== null && mayManageParkingSites(actor);
  if (!site || (!site.active && !manager)) throw new AppError('not_found');
  const scene = await sceneOf(ctx, j);
  const windows = await windowsOfSites(ctx, j, [id], {
    activeOnly: !(manager || (actor !== null && mayOperateSite(actor, site.operator_department_code))),
  });
  return { ...presentSite(site, scene), windows: await presentWindows(ctx, actor, windows, scene) };
}

export async function nearbyView(
  ctx: AppContext,
  j: string,
  q: { lat: number; lon: number; radius: number; limit: number; shares?: boolean | undefined },
) {
  const [scene, city] = await Promise.all([sceneOf(ctx, j), siteIndex(ctx.db).get(j)]);
  const rows = city.nearby(q);
  return { items: rows.map((s) => presentNearby(s, scene)) };
}

export async function windowsView(ctx: AppContext, j: string, actor: Actor | null, siteId: number) {
  const site = await loadSite(ctx, j, siteId);
  if (!site || !site.active) throw new AppError('not_found');
  const scene = await sceneOf(ctx, j);
  const rows = await windowsOfSites(ctx, j, [siteId], { activeOnly: true });
  return { items: await presentWindows(ctx, actor, rows, scene) };
}

export async function windowView(ctx: AppContext, j: string, actor: Actor | null, id: number) {
  const w = await loadWindow(ctx, j, id);
  if (!w) throw new AppError('not_found');
  const scene = await sceneOf(ctx, j);
  return (await presentWindows(ctx, actor, [w], scene))[0]!;
}

/** The windows that answer a community order, for whoever sees the order. */
export async function orderWindowsView(ctx: AppContext, actor: Actor, orderRequestId: number) {
  const j = actor.jurisdictionId;
  if (!(await loadRequest(ctx.db, j, orderRequestId, requestVisibility(actor))))
    throw new AppError('not_found');
  const scene = await sceneOf(ctx, j);
  return { items: await presentWindows(ctx, actor, await windowsOfOrder(ctx, j, orderRequestId), scene) };
}

export async function timespanView(ctx: AppContext, j: string, siteId: number, from: Date, to: Date) {
  const site = await loadSite(ctx, j, siteId);
  if (!site || !site.active) throw new AppError('not_found');
  if (to <= from || to.getTime() - from.getTime() > 92 * 86_400_000)
    throw new AppError('validation_failed', {
      issues: [{ path: 'from', message: 'from before to, at most 92 days apart' }],
    });
  const rows = await timespan(ctx, j, site, from, to);
  return { version: 1.1 as const, data: rows.map((r) => ({ timestamp: r.at, free: r.free })) };
}

/** The coming hours of a site's forecast, pulled toward its live figure at first. */
export async function forecastView(ctx: AppContext, j: string, siteId: number, hours: number) {
  const site = await loadSite(ctx, j, siteId);
  if (!site || !site.active) throw new AppError('not_found');
  const [scene, stored] = await Promise.all([sceneOf(ctx, j), freshForecast(ctx, j, siteId)]);
  if (!stored) return { version: 1.1 as const, source: 'none' as const, computed_at: null, data: [] };
  const figure = liveFigure(
    site.live_observed_at === null
      ? null
      : { observed_at: site.live_observed_at, free: site.live_free!, capacity: site.live_capacity! },
    site.realtime_interval_seconds,
    scene.now,
  );
  const live = figure.live && figure.capacity > 0 ? 1 - figure.free / figure.capacity : null;
  const forecast = storedOf({
    forecast_starts_at: stored.starts_at,
    forecast_step_minutes: stored.step_minutes,
    forecast_rates: stored.rates,
  })!;
  return {
    version: 1.1 as const,
    source: 'model' as const,
    computed_at: stored.computed_at,
    data: forecastSeries(forecast, site.capacity, live, scene, hours),
  };
}

export async function myBookingsView(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'user' || !actor.phoneHash) return { items: [] };
  const since = new Date(ctx.now().getTime() - 90 * 86_400_000);
  const rows = await residentBookings(ctx, actor.jurisdictionId, actor.phoneHash, since);
  return { items: rows.map((b) => presentMyBooking(b, ctx.vault, ctx.config.parkingNoShowMinutes)) };
}

/** A resident's own booking. */
export async function myBookingView(ctx: AppContext, actor: Actor, id: number) {
  const b = await loadBooking(ctx, actor.jurisdictionId, id);
  if (!b || actor.kind !== 'user' || !actor.phoneHash || b.resident_phone_hash !== actor.phoneHash)
    throw new AppError('not_found');
  return presentMyBooking(b, ctx.vault, ctx.config.parkingNoShowMinutes);
}

/** A site's bookings of a local day (default today), plates masked, for its operator. */
export async function siteBookingsView(
  ctx: AppContext,
  actor: Actor,
  siteId: number,
  q: { date?: string | undefined; status?: string | undefined },
) {
  const j = actor.jurisdictionId;
  const site = await loadSite(ctx, j, siteId);
  if (!site) throw new AppError('not_found');
  if (!mayOperateSite(actor, site.operator_department_code)) throw new AppError('forbidden');
  const scene = await sceneOf(ctx, j);
  const day = q.date ?? localDate(scene.now, scene.tz);
  const rows = await siteBookings(ctx, j, siteId, {
    from: startOfLocalDay(day, scene.tz),
    to: startOfLocalDay(nextDate(day), scene.tz),
    status: q.status,
  });
  return { items: rows.map((b) => presentSiteBooking(b, ctx.config.parkingNoShowMinutes)) };
}

export async function siteBookingView(ctx: AppContext, actor: Actor, id: number) {
  const b = await loadBooking(ctx, actor.jurisdictionId, id);
  if (!b || !mayOperateSite(actor, b.operator_department_code)) throw new AppError('not_found');
  return presentSiteBooking(b, ctx.config.parkingNoShowMinutes);
}

export async function checkedInView(ctx: AppContext, actor: Actor, id: number) {
  const b = await loadBooking(ctx, actor.jurisdictionId, id);
  if (!b) throw new AppError('not_found');
  return presentCheckedIn(b, ctx.vault, ctx.config.parkingNoShowMinutes);
}

export async function passesView(
  ctx: AppContext,
  actor: Actor,
  q: { siteId?: number | undefined; areaCode?: string | undefined },
) {
  const j = actor.jurisdictionId;
  const manager = mayManageParkingSites(actor);
  if (!manager && q.siteId !== undefined) {
    const site = await loadSite(ctx, j, q.siteId);
    if (!site || !mayOperateSite(actor, site.operator_department_code)) throw new AppError('forbidden');
  } else if (!manager && (q.areaCode === undefined || actor.kind !== 'user' || !actor.departmentCode))
    throw new AppError('forbidden');
  else if (!manager) {
    const dept = await ctx.db
      .selectFrom('departments')
      .select(['kind', 'area_code'])
      .where('jurisdiction_id', '=', j)
      .where('code', '=', actor.kind === 'user' ? actor.departmentCode! : '')
      .executeTakeFirst();
    if (dept?.kind !== 'community' || dept.area_code !== q.areaCode) throw new AppError('forbidden');
  }
  const scene = await sceneOf(ctx, j);
  return { items: (await listPasses(ctx, j, q)).map((p) => presentPass(p, scene.areas)) };
}

export async function passView(ctx: AppContext, actor: Actor, id: number) {
  const pass = await loadPass(ctx, actor.jurisdictionId, id);
  if (!pass) throw new AppError('not_found');
  const scene = await sceneOf(ctx, actor.jurisdictionId);
  return presentPass(pass, scene.areas);
}

/** Parking words in a request's text or category: 停车, 车位, 泊位, 停车场, 占道停车 … */
const PARKING_WORDS = /停车|车位|泊位|停放|占道|乱停/;

/**
 * The sites near a request's place (its point, else its area's sites) with their windows, for the dispatcher
 * deciding where a parking complaint goes; and whether the request is about parking at all.
 */
export async function requestParkingView(ctx: AppContext, actor: Actor, requestId: number, radius: number) {
  const j = actor.jurisdictionId;
  const r = await loadRequest(ctx.db, j, requestId, requestVisibility(actor));
  if (!r) throw new AppError('not_found');
  const [scene, ref] = await Promise.all([sceneOf(ctx, j), referenceCache(ctx.db).get(j)]);
  const category = r.category_code ? (ref.names.categories.get(r.category_code) ?? '') : '';
  const about = PARKING_WORDS.test(`${r.title} ${r.body} ${category}`);
  let sites: { site: NonNullable<Awaited<ReturnType<typeof loadSite>>>; distance: number | null }[] = [];
  if (r.lat !== null && r.lon !== null) {
    const rows = (await siteIndex(ctx.db).get(j)).nearby({ lat: r.lat, lon: r.lon, radius, limit: 20 });
    sites = rows.map((s) => ({ site: s, distance: Math.round(s.distance_m) }));
  } else if (r.area_code) {
    const { rows } = await listSites(ctx, j, { area: r.area_code, page: 1, page_size: 20 });
    sites = rows.map((s) => ({ site: s, distance: null }));
  }
  const windows = await windowsOfSites(
    ctx,
    j,
    sites.map((s) => s.site.id),
    { activeOnly: true },
  );
  const presented = await presentWindows(ctx, actor, windows, scene);
  return {
    request_id: r.id,
    about_parking: about,
    radius_m: radius,
    sites: sites.map(({ site, distance }) => ({
      ...presentSite(site, scene),
      distance_m: distance,
      windows: presented.filter((w) => w.site_id === site.id),
    })),
  };
}
