/**
 * Live occupancy pushed by gate and sensor systems (with an integration key), one observation or a batch of up
 * to a thousand. The batch is checked whole first — every site known and open, no time in the future, no free
 * or occupied count above capacity — and refused whole (400) if any observation is bad; then written in
 * statements of CHUNK observations (writeChunk).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayPushObservations } from '../../http/policies.js';
import type { ObservationInput } from '../schemas.js';
import { BackgroundLane } from '../../db/background-lane.js';
import { siteIndex, type LiveUpdate } from '../site-index.js';

/** A gate's clock may run this far ahead of ours. */
const CLOCK_SKEW_MS = 2 * 60_000;
/** Older observations are too late to be history worth keeping. */
export const OBSERVATION_RETENTION_DAYS = 35;

export type ObservationsResult = {
  received: number;
  applied: number;
  duplicates: number;
  live_updated: number;
};

type Checked = { site_id: number; observed_at: Date; free: number; capacity: number };

export async function recordObservations(
  ctx: AppContext,
  opts: { actor: Actor; observations: readonly ObservationInput[] },
): Promise<ObservationsResult> {
  const { actor } = opts;
  if (!mayPushObservations(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const sites = (await siteIndex(ctx.db).get(j)).byCode;
  const now = ctx.now();
  const issues: { path: string; message: string }[] = [];
  const checked = new Map<string, Checked>();
  opts.observations.forEach((o, i) => {
    const path = opts.observations.length > 1 ? `observations.${i}` : '';
    const bad = (message: string) => issues.push({ path, message });
    const site = sites.get(o.site);
    if (!site || !site.active) return bad(`unknown or closed site ${o.site}`);
    if (o.observed_at.getTime() > now.getTime() + CLOCK_SKEW_MS) return bad('observed_at is in the future');
    if (o.observed_at.getTime() < now.getTime() - OBSERVATION_RETENTION_DAYS * 86_400_000)
      return bad(`observed_at is more than ${OBSERVATION_RETENTION_DAYS} days ago`);
    const capacity = o.capacity ?? site.capacity;
    if (o.free !== undefined && o.free > capacity)
      return bad(`free ${o.free} is more than capacity ${capacity}`);
    if (o.occupied !== undefined && o.occupied > capacity)
      return bad(`occupied ${o.occupied} is more than capacity ${capacity}`);
    const free = o.free ?? capacity - o.occupied!;
    if (o.free !== undefined && o.occupied !== undefined && o.free + o.occupied !== capacity)
      return bad('free and occupied do not add up to capacity');
    checked.set(`${site.id}|${o.observed_at.getTime()}`, {
      site_id: site.id,
      observed_at: o.observed_at,
      free,
      capacity,
    });
  });
  if (issues.length)
    throw new AppError(
      'validation_failed',
      { issues },
      {
        zh: `观测数据有误：${issues[0]!.path ? `${issues[0]!.path}：` : ''}${issues[0]!.message}`,
        en: `Bad observation: ${issues[0]!.path ? `${issues[0]!.path}: ` : ''}${issues[0]!.message}`,
      },
    );
  const rows = [...checked.values()];
  const apiKeyId = actor.kind === 'api_key' ? actor.apiKeyId : null;
  let inserted = 0;
  const liveUpdated = new Set<number>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const written = await ingestLane(ctx).run(() =>
      writeChunk(ctx, { j, now, apiKeyId, rows: rows.slice(i, i + CHUNK) }),
    );
    inserted += written.inserted;
    for (const l of written.live) liveUpdated.add(l.site_id);
    siteIndex(ctx.db).applyLive(j, written.live);
  }
  return {
    received: opts.observations.length,
    applied: inserted,
    duplicates: opts.observations.length - inserted,
    live_updated: liveUpdated.size,
  };
}

/** Observations written per statement: one statement holds PGlite's thread for a few milliseconds at most. */
const CHUNK = 100;

/** Bulk ingest takes turns with the interactive requests (see ../../db/background-lane.ts). */
const lanes = new WeakMap<AppContext['db'], BackgroundLane>();
function ingestLane(ctx: AppContext): BackgroundLane {
  let lane = lanes.get(ctx.db);
  if (!lane) lanes.set(ctx.db, (lane = new BackgroundLane(ctx.dbKind === 'pglite' ? 1 : 4)));
  return lane;
}

/**
 * One statement: each (site, observed_at) is kept once (a repeat changes nothing), the live figure of each site
 * moves to its newest observation only when that is newer than what it shows (a late one is history only), and
 * the half-hour means the forecast learns from take every new observation. A batch is written in several such
 * statements, each whole: a batch cut short by a crash is not acknowledged, its gate sends it again, and the
 * part already written is then repeats.
 */
async function writeChunk(
  ctx: AppContext,
  { j, now, apiKeyId, rows }: { j: string; now: Date; apiKeyId: number | null; rows: Checked[] },
): Promise<{ inserted: number; live: LiveUpdate[] }> {
  const result = await sql<{
    inserted: number;
    live: { site_id: number; observed_at: string; free: number; capacity: number }[];
  }>`
    with input as (
      select * from unnest(${rows.map((r) => r.site_id)}::bigint[], ${rows.map((r) => r.observed_at.toISOString())}::timestamptz[],
        ${rows.map((r) => r.free)}::int[], ${rows.map((r) => r.capacity)}::int[]) as t(site_id, observed_at, free, capacity)
    ),
    kept as (
      insert into parking_observations (jurisdiction_id, site_id, observed_at, free, capacity, received_at, api_key_id)
      select ${j}, site_id, observed_at, free, capacity, ${now}, ${apiKeyId}::bigint from input
      on conflict do nothing
      returning site_id, observed_at, free, capacity
    ),
    newest as (
      select distinct on (site_id) site_id, observed_at, free, capacity from kept order by site_id, observed_at desc
    ),
    live as (
      insert into parking_live (jurisdiction_id, site_id, observed_at, free, capacity, received_at)
      select ${j}, site_id, observed_at, free, capacity, ${now} from newest
      on conflict (jurisdiction_id, site_id) do update
        set observed_at = excluded.observed_at, free = excluded.free, capacity = excluded.capacity,
            received_at = excluded.received_at
        where parking_live.observed_at < excluded.observed_at
      returning site_id, observed_at, free, capacity
    ),
    slots as (
      insert into parking_occupancy_slots (jurisdiction_id, site_id, slot_start, rate_sum, n)
      select ${j}, site_id, to_timestamp(floor(extract(epoch from observed_at) / 1800) * 1800),
        sum(case when capacity > 0 then (capacity - free)::float8 / capacity else 0 end), count(*)
      from kept group by 2, 3
      on conflict (jurisdiction_id, site_id, slot_start) do update
        set rate_sum = parking_occupancy_slots.rate_sum + excluded.rate_sum,
            n = parking_occupancy_slots.n + excluded.n
      returning 1
    )
    select (select count(*) from kept)::int as inserted,
      coalesce((select json_agg(live) from live), '[]'::json) as live
  `.execute(ctx.db);
  const { inserted, live } = result.rows[0]!;
  return {
    inserted,
    live: live.map((l) => ({ ...l, observed_at: new Date(l.observed_at) })),
  };
}
