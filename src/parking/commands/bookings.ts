/**
 * A booking after it is made: the resident cancels it; the site's operator checks the car in by its plate
 * (the answer shows the plate in full, to match the car at the gate) and marks it gone; the sweep releases a
 * booking nobody checked in (no-show) and completes one whose time is over.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayOperateSite } from '../../http/policies.js';
import { loadBooking } from '../queries.js';
import { plateHash, plateOrRefuse } from './book.js';
import { siteOrNotFound } from './common.js';

/** A car may check in this long before its booking starts. */
const EARLY_MINUTES = 30;

const illegal = (status: string, zh: string, en: string) =>
  new AppError('illegal_transition', { status }, { zh, en });

/** A booking ended by a person: cancelled by its resident, or completed by the site's operator. */
async function finish(
  tx: Transaction<DB>,
  j: string,
  id: number,
  status: 'cancelled' | 'completed',
  at: Date,
) {
  await tx
    .updateTable('parking_bookings')
    .set({ status, finished_at: at })
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .execute();
}

/** The resident cancels their own booking, while it is confirmed (before the car came in). */
export async function cancelBooking(ctx: AppContext, opts: { actor: Actor; id: number }): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  await ctx.db.transaction().execute(async (tx) => {
    const b = await loadBooking(tx, j, opts.id, { forUpdate: true });
    if (!b || actor.kind !== 'user' || !actor.phoneHash || b.resident_phone_hash !== actor.phoneHash)
      throw new AppError('not_found');
    if (b.status !== 'confirmed')
      throw illegal(
        b.status,
        '只有尚未入场的预约可以取消',
        'Only a booking not yet checked in can be cancelled',
      );
    await finish(tx, j, b.id, 'cancelled', ctx.now());
  });
}

/** The site's operator checks a car in by its plate: the confirmed booking of that plate at this site, now. */
export async function checkIn(
  ctx: AppContext,
  opts: { actor: Actor; siteId: number; plate: string },
): Promise<number> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const site = await siteOrNotFound(ctx, j, opts.siteId);
  if (!mayOperateSite(actor, site.operator_department_code)) throw new AppError('forbidden');
  const plate = plateOrRefuse(opts.plate);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const b = await tx
      .selectFrom('parking_bookings')
      .select(['id'])
      .where('jurisdiction_id', '=', j)
      .where('site_id', '=', site.id)
      .where('plate_hash', '=', plateHash(ctx, plate))
      .where('status', '=', 'confirmed')
      .where('starts_at', '<=', new Date(now.getTime() + EARLY_MINUTES * 60_000))
      .where('ends_at', '>', now)
      .orderBy('starts_at')
      .forUpdate()
      .executeTakeFirst();
    if (!b)
      throw new AppError(
        'not_found',
        { plate: 'no booking now' },
        {
          zh: '该车牌在本停车场没有当前可入场的预约',
          en: 'That plate has no booking to check in here now',
        },
      );
    await tx
      .updateTable('parking_bookings')
      .set({
        status: 'checked_in',
        checked_in_at: now,
        checked_in_by_user_id: actor.kind === 'user' ? actor.userId : null,
      })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', b.id)
      .execute();
    return b.id;
  });
}

/** The operator marks a checked-in car gone. */
export async function completeBooking(ctx: AppContext, opts: { actor: Actor; id: number }): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  await ctx.db.transaction().execute(async (tx) => {
    const b = await loadBooking(tx, j, opts.id, { forUpdate: true });
    if (!b || !mayOperateSite(actor, b.operator_department_code)) throw new AppError('not_found');
    if (b.status !== 'checked_in')
      throw illegal(b.status, '只有已入场的预约可以标记离场', 'Only a checked-in booking can be completed');
    await finish(tx, j, b.id, 'completed', ctx.now());
  });
}

/**
 * The sweep's part: confirmed bookings nobody checked in within the no-show delay are released (no_show), and
 * checked-in bookings whose time ended an hour ago are completed. At most `cap` of each.
 */
export async function settleBookings(
  ctx: AppContext,
  j: string,
  cap: number,
): Promise<{ released: number; completed: number }> {
  const now = ctx.now();
  /** At most `cap` bookings of status `from` whose `time` is before `cutoff` end as `to`. */
  const settle = async (
    from: 'confirmed' | 'checked_in',
    time: 'starts_at' | 'ends_at',
    cutoff: Date,
    to: 'no_show' | 'completed',
  ) => {
    const r = await ctx.db
      .updateTable('parking_bookings')
      .set({ status: to, finished_at: now })
      .where('jurisdiction_id', '=', j)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('parking_bookings')
          .select('id')
          .where('jurisdiction_id', '=', j)
          .where('status', '=', from)
          .where(time, '<', cutoff)
          .limit(cap),
      )
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  };
  const noShowBefore = new Date(now.getTime() - ctx.config.parkingNoShowMinutes * 60_000);
  const released = await settle('confirmed', 'starts_at', noShowBefore, 'no_show');
  const completed = await settle('checked_in', 'ends_at', new Date(now.getTime() - 3_600_000), 'completed');
  return { released, completed };
}
