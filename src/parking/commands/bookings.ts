/**
 * A booking after it is made: the resident cancels it; the site's operator checks the car in by its plate
 * (the answer shows the plate in full, to match the car at the gate) and marks it gone; the sweep releases a
 * booking nobody checked in (no-show) and completes one whose time is over.
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayOperateSite } from '../../http/policies.js';
import { parsePlate } from '../plates.js';
import { loadBooking } from '../queries.js';
import { plateHash } from './book.js';
import { siteOrNotFound } from './common.js';

/** A car may check in this long before its booking starts. */
const EARLY_MINUTES = 30;

const illegal = (status: string, zh: string, en: string) =>
  new AppError('illegal_transition', { status }, { zh, en });

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
    await tx
      .updateTable('parking_bookings')
      .set({ status: 'cancelled', finished_at: ctx.now() })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', b.id)
      .execute();
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
  const plate = parsePlate(opts.plate);
  if (!plate)
    throw new AppError(
      'validation_failed',
      { issues: [{ path: 'plate', message: 'not a Chinese plate' }] },
      {
        zh: '车牌号格式不正确',
        en: 'Not a Chinese plate',
      },
    );
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
    await tx
      .updateTable('parking_bookings')
      .set({ status: 'completed', finished_at: ctx.now() })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', b.id)
      .execute();
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
  const released = await ctx.db
    .updateTable('parking_bookings')
    .set({ status: 'no_show', finished_at: now })
    .where('jurisdiction_id', '=', j)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('parking_bookings')
        .select('id')
        .where('jurisdiction_id', '=', j)
        .where('status', '=', 'confirmed')
        .where('starts_at', '<', new Date(now.getTime() - ctx.config.parkingNoShowMinutes * 60_000))
        .limit(cap),
    )
    .where('status', '=', 'confirmed')
    .executeTakeFirst();
  const completed = await ctx.db
    .updateTable('parking_bookings')
    .set({ status: 'completed', finished_at: now })
    .where('jurisdiction_id', '=', j)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('parking_bookings')
        .select('id')
        .where('jurisdiction_id', '=', j)
        .where('status', '=', 'checked_in')
        .where('ends_at', '<', new Date(now.getTime() - 3_600_000))
        .limit(cap),
    )
    .where('status', '=', 'checked_in')
    .executeTakeFirst();
  return { released: Number(released.numUpdatedRows), completed: Number(completed.numUpdatedRows) };
}
