/**
 * A jurisdiction's parking sites held in memory with their live figures and stored forecasts: the nearby
 * query and the check of every batch of observations read them here, not from the database, so that neither
 * waits behind the observations being written (on PGlite every statement takes the one thread in turn).
 *
 * What this process writes it applies at once: a live figure the moment its statement returns; an edit of a
 * site, an import or new forecasts drop the jurisdiction, and the next read loads it again. What other
 * processes write is read again in the background: live figures every LIVE_TTL_MS, sites and forecasts every
 * SITES_TTL_MS; a read meanwhile answers from what is held (it never waits on the refresh).
 */
import type { Kysely } from 'kysely';
import { perDatabase } from '../db/per-database.js';
import type { DB } from '../db/schema.js';
import { distanceMetres } from '../routing/geo.js';
import { liveFigures, sitesForIndex } from './queries.js';

const LIVE_TTL_MS = 2_000;
const SITES_TTL_MS = 60_000;
/** Grid cells of this many degrees: a 1 km circle touches a handful of them. */
const CELL_DEG = 0.01;

export type IndexedSite = Awaited<ReturnType<typeof sitesForIndex>>[number];
export type NearbySite = IndexedSite & { distance_m: number };
export type LiveUpdate = { site_id: number; observed_at: Date; free: number; capacity: number };

/** Degrees of latitude and longitude around a point that hold a circle of `radius` metres. */
export function boxAround(lat: number, lon: number, radius: number) {
  const dLat = radius / 111_320;
  const dLon = radius / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

const cell = (lat: number, lon: number) => `${Math.floor(lat / CELL_DEG)}:${Math.floor(lon / CELL_DEG)}`;

/** One jurisdiction's sites by id, by code and by grid cell. */
export class CitySites {
  readonly byId = new Map<number, IndexedSite>();
  readonly byCode = new Map<string, IndexedSite>();
  private readonly grid = new Map<string, IndexedSite[]>();

  constructor(rows: readonly IndexedSite[]) {
    for (const s of rows) {
      this.byId.set(s.id, s);
      this.byCode.set(s.code, s);
      const key = cell(s.lat, s.lon);
      const list = this.grid.get(key);
      if (list) list.push(s);
      else this.grid.set(key, [s]);
    }
  }

  /** Moves a site's live figure to an observation, unless it already shows a newer one. */
  applyLive(u: LiveUpdate): void {
    const s = this.byId.get(u.site_id);
    if (!s || (s.live_observed_at !== null && s.live_observed_at >= u.observed_at)) return;
    s.live_observed_at = u.observed_at;
    s.live_free = u.free;
    s.live_capacity = u.capacity;
  }

  /** Active sites within `radius` metres of a point, nearest first. */
  nearby(p: { lat: number; lon: number; radius: number; limit: number; shares?: boolean | undefined }) {
    const box = boxAround(p.lat, p.lon, p.radius);
    const found: NearbySite[] = [];
    for (let a = Math.floor(box.minLat / CELL_DEG); a <= Math.floor(box.maxLat / CELL_DEG); a++)
      for (let o = Math.floor(box.minLon / CELL_DEG); o <= Math.floor(box.maxLon / CELL_DEG); o++)
        for (const s of this.grid.get(`${a}:${o}`) ?? []) {
          if (!s.active || (p.shares !== undefined && s.shares !== p.shares)) continue;
          const d = distanceMetres(p.lat, p.lon, s.lat, s.lon);
          if (d <= p.radius) found.push({ ...s, distance_m: d });
        }
    return found.sort((x, y) => x.distance_m - y.distance_m || x.id - y.id).slice(0, p.limit);
  }
}

type Held = {
  city: CitySites;
  sitesAt: number;
  liveAt: number;
  refreshing: Promise<void> | null;
};

class SiteIndex {
  private held = new Map<string, Held>();
  private loading = new Map<string, Promise<Held>>();
  /** Bumped by every invalidation, so that a load begun before an edit does not keep what it read. */
  private generation = 0;
  constructor(private readonly db: Kysely<DB>) {}

  /** The sites of a jurisdiction: loaded on first use, refreshed in the background when old. */
  async get(j: string): Promise<CitySites> {
    const held = this.held.get(j);
    if (!held) return (await this.load(j)).city;
    const now = performance.now();
    if (!held.refreshing && now - held.liveAt > LIVE_TTL_MS) {
      const whole = now - held.sitesAt > SITES_TTL_MS;
      held.refreshing = (whole ? this.load(j).then(() => undefined) : this.refreshLive(j, held))
        .catch(() => undefined)
        .finally(() => (held.refreshing = null));
    }
    return held.city;
  }

  /** The live figures this process just wrote. */
  applyLive(j: string, updates: readonly LiveUpdate[]): void {
    const city = this.held.get(j)?.city;
    if (city) for (const u of updates) city.applyLive(u);
  }

  /** The forecasts this process just stored. */
  applyForecasts(
    j: string,
    forecasts: readonly {
      site_id: number;
      starts_at: Date;
      step_minutes: number;
      rates: (number | null)[];
    }[],
  ): void {
    const city = this.held.get(j)?.city;
    if (!city) return;
    for (const f of forecasts) {
      const s = city.byId.get(f.site_id);
      if (!s) continue;
      s.forecast_starts_at = f.starts_at;
      s.forecast_step_minutes = f.step_minutes;
      s.forecast_rates = f.rates;
    }
  }

  /** Forgets a jurisdiction after an edit of its sites or forecasts: the next read loads it again. */
  invalidate(j: string): void {
    this.generation++;
    this.held.delete(j);
    this.loading.delete(j);
  }

  private load(j: string): Promise<Held> {
    const pending = this.loading.get(j);
    if (pending) return pending;
    const started = performance.now();
    const generation = this.generation;
    const load: Promise<Held> = sitesForIndex(this.db, j)
      .then((rows) => {
        const previous = this.held.get(j)?.city;
        const city = new CitySites(rows);
        // What this process applied while the rows were read may be newer than they are.
        if (previous)
          for (const s of previous.byId.values())
            if (s.live_observed_at !== null)
              city.applyLive({
                site_id: s.id,
                observed_at: s.live_observed_at,
                free: s.live_free!,
                capacity: s.live_capacity!,
              });
        const held: Held = { city, sitesAt: started, liveAt: started, refreshing: null };
        if (generation !== this.generation) return held;
        this.held.set(j, held);
        return held;
      })
      .finally(() => {
        if (this.loading.get(j) === load) this.loading.delete(j);
      });
    this.loading.set(j, load);
    return load;
  }

  private async refreshLive(j: string, held: Held): Promise<void> {
    const started = performance.now();
    for (const r of await liveFigures(this.db, j)) held.city.applyLive(r);
    held.liveAt = started;
  }
}

export const siteIndex = perDatabase((db) => new SiteIndex(db));
