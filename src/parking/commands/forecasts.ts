/**
 * The forecasts of a jurisdiction's sites for the next 48 hours, from their half-hour history. The model is
 * learnt once a day from the sites with the most history (the same for all: see ./forecast/model.ts) and kept
 * in the process; each site's forecast is stored, refreshed by the sweep every half hour (a site asked for
 * whose forecast is missing or stale is computed on the spot), so that the nearby query only reads it.
 */
import type { AppContext } from '../../context.js';
import { perDatabase } from '../../db/per-database.js';
import { localDate, startOfLocalDay } from '../../requests/deadlines.js';
import { type FEATURE_NAMES } from '../forecast/features.js';
import { DEFAULT_FEATURES, SiteForecaster, trainModel, type ForecastModel } from '../forecast/model.js';
import { dayNumber, seriesOf, type Reading, type SiteSeries } from '../forecast/series.js';
import { shareDay } from '../share-hours.js';
import { sitesDueForForecast, sitesWithHistory, slotHistory, storedForecast } from '../queries.js';
import { sceneOf } from './common.js';
import type { Scene } from '../presenter.js';
import { siteIndex } from '../site-index.js';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 42;
const MODEL_TTL_MS = DAY_MS;
const TRAINING_SITES = 60;
const TRAINING_ROWS = 30_000;
const STEP_MINUTES = 30;
const STEPS = 96;
export const FORECAST_STALE_MS = 30 * 60_000;

/** The server's model also sees public holidays (the Birmingham evaluation has none to learn from). */
const FEATURES = [
  ...DEFAULT_FEATURES,
  'holiday',
] as const satisfies readonly (typeof FEATURE_NAMES)[number][];

type Cached = { at: number; model: ForecastModel | null };
const models = perDatabase(() => new Map<string, Cached>());

const kindOf = (scene: Scene) => (day: number) =>
  shareDay(scene.calendar, new Date(day * DAY_MS).toISOString().slice(0, 10)).holiday ? 'holiday' : 'normal';

/** Half-hour rates as readings on the local clock, by site. */
function seriesBySite(
  rows: readonly { site_id: number; slot_start: Date; rate: number }[],
  tz: string,
): Map<number, SiteSeries> {
  const midnights = new Map<string, number>();
  const readings = new Map<number, Reading[]>();
  for (const r of rows) {
    const day = localDate(r.slot_start, tz);
    let midnight = midnights.get(day);
    if (midnight === undefined) midnights.set(day, (midnight = startOfLocalDay(day, tz).getTime()));
    let list = readings.get(r.site_id);
    if (!list) readings.set(r.site_id, (list = []));
    list.push({ day, minute: (r.slot_start.getTime() - midnight) / 60_000, rate: Number(r.rate) });
  }
  return new Map([...readings].map(([id, list]) => [id, seriesOf(list)]));
}

/** The jurisdiction's model, learnt again when a day old; null while no site has history. */
export async function modelFor(ctx: AppContext, j: string, scene: Scene): Promise<ForecastModel | null> {
  const cache = models(ctx.db);
  const hit = cache.get(j);
  const now = scene.now.getTime();
  if (hit && now - hit.at < MODEL_TTL_MS) return hit.model;
  const since = new Date(now - HISTORY_DAYS * DAY_MS);
  const ids = await sitesWithHistory(ctx, j, since, TRAINING_SITES);
  const series = [...seriesBySite(await slotHistory(ctx, j, ids, since), scene.tz).values()];
  const model = series.length
    ? trainModel(series, { kind: kindOf(scene), features: FEATURES, maxRows: TRAINING_ROWS })
    : null;
  cache.set(j, { at: now, model });
  return model;
}

/** Forgets the jurisdiction's model (tests, and the demo city once its history is loaded). */
export function forgetModel(ctx: AppContext, j: string): void {
  models(ctx.db).delete(j);
}

/** Computes and stores the forecasts of some sites; the number stored. */
export async function computeForecasts(ctx: AppContext, j: string, siteIds: number[]): Promise<number> {
  if (siteIds.length === 0) return 0;
  const scene = await sceneOf(ctx, j);
  const model = await modelFor(ctx, j, scene);
  if (!model) return 0;
  const history = seriesBySite(
    await slotHistory(ctx, j, siteIds, new Date(scene.now.getTime() - HISTORY_DAYS * DAY_MS)),
    scene.tz,
  );
  const step = STEP_MINUTES * 60_000;
  const start = new Date(Math.floor(scene.now.getTime() / step) * step);
  const origin = dayNumber(localDate(scene.now, scene.tz)) - 1;
  const rows = [];
  for (const id of siteIds) {
    const series = history.get(id);
    if (!series) continue;
    const f = new SiteForecaster(model, series, origin, kindOf(scene), origin + 3);
    const rates: (number | null)[] = [];
    for (let k = 0; k < STEPS; k++) {
      const at = new Date(start.getTime() + k * step);
      const day = localDate(at, scene.tz);
      const minute = (at.getTime() - startOfLocalDay(day, scene.tz).getTime()) / 60_000;
      const rate = f.rate(dayNumber(day), minute);
      rates.push(Number.isFinite(rate) ? Math.round(rate * 1000) / 1000 : null);
    }
    if (rates.some((r) => r !== null))
      rows.push({
        jurisdiction_id: j,
        site_id: id,
        computed_at: scene.now,
        starts_at: start,
        step_minutes: STEP_MINUTES,
        rates: JSON.stringify(rates),
      });
  }
  if (rows.length)
    await ctx.db
      .insertInto('parking_forecasts')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'site_id']).doUpdateSet((eb) => ({
          computed_at: eb.ref('excluded.computed_at'),
          starts_at: eb.ref('excluded.starts_at'),
          step_minutes: eb.ref('excluded.step_minutes'),
          rates: eb.ref('excluded.rates'),
        })),
      )
      .execute();
  siteIndex(ctx.db).applyForecasts(
    j,
    rows.map((r) => ({ ...r, rates: JSON.parse(r.rates) as (number | null)[] })),
  );
  return rows.length;
}

/** The sweep's part: the stalest forecasts refreshed, at most `cap` sites a run. */
export async function refreshForecasts(ctx: AppContext, j: string, cap: number): Promise<number> {
  const now = ctx.now().getTime();
  const due = await sitesDueForForecast(ctx, j, {
    staleBefore: new Date(now - FORECAST_STALE_MS),
    historySince: new Date(now - HISTORY_DAYS * DAY_MS),
    limit: cap,
  });
  return computeForecasts(ctx, j, due);
}

/** A site's stored forecast, computed first when missing or stale. */
export async function freshForecast(ctx: AppContext, j: string, siteId: number) {
  const stored = await storedForecast(ctx, j, siteId);
  if (stored && ctx.now().getTime() - stored.computed_at.getTime() < FORECAST_STALE_MS) return stored;
  await computeForecasts(ctx, j, [siteId]);
  return (await storedForecast(ctx, j, siteId)) ?? null;
}
