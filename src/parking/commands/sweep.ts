/** Parking's part of the periodic sweep (src/jobs/scheduler.ts), for one jurisdiction. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { settleBookings } from './bookings.js';
import { refreshForecasts } from './forecasts.js';
import { OBSERVATION_RETENTION_DAYS } from './observations.js';

export type ParkingSweepResult = { released: number; completed: number; pruned: number; forecasts: number };

/**
 * No-shows released and finished stays completed; observations past their retention deleted (their half-hour
 * means stay); the stalest forecasts refreshed. Each step capped, so a run stays short.
 */
export async function sweepParking(
  ctx: AppContext,
  j: string,
  cap = ctx.config.sweepCap,
): Promise<ParkingSweepResult> {
  const { released, completed } = await settleBookings(ctx, j, cap);
  const before = new Date(ctx.now().getTime() - OBSERVATION_RETENTION_DAYS * 86_400_000);
  const pruned =
    await sql`delete from parking_observations where jurisdiction_id = ${j} and (site_id, observed_at) in (
      select site_id, observed_at from parking_observations
      where jurisdiction_id = ${j} and observed_at < ${before} limit ${cap * 20})`.execute(ctx.db);
  const forecasts = await refreshForecasts(ctx, j, cap);
  return { released, completed, pruned: Number(pruned.numAffectedRows ?? 0), forecasts };
}
