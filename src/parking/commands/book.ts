/**
 * 预约: a resident (logged in by phone) books a shared space in a window for a time, for a plate. The plate is
 * checked (Chinese plates, new-energy plates included), stored encrypted and found by its keyed hash; the
 * resident must be of the window's audience (the public, or a pass); the rules of ../booking-rules.ts hold;
 * and the database admits the booking only while the window has a space free at every instant of it (a
 * trigger counting under a lock of the window) and while neither the resident nor the plate holds another
 * booking overlapping it (exclusion constraints). The resident's limit is counted under a lock of the resident.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayBookParking, mayBookWindow } from '../../http/policies.js';
import { bookingRefusal } from '../booking-rules.js';
import { AUDIENCE_LABELS } from '../presenter.js';
import { liveBookingCount, loadWindow, passesOf, type WindowRow } from '../queries.js';
import { maskPlate, parsePlate } from '../plates.js';
import { isHoursError, shareHours } from '../share-hours.js';
import { sceneOf } from './common.js';

export type BookingInput = { window_id: number; starts_at: Date; ends_at: Date; plate: string };

/** A plate's keyed hash: plates are found like phones, never stored in the clear. */
export const plateHash = (ctx: AppContext, plate: string) => ctx.vault.hash(`plate:${plate}`);

/** Whether a resident's passes admit them to a window's audience. */
export function holdsPass(
  passes: readonly { audience: string; site_id: number | null; area_code: string | null }[],
  w: Pick<WindowRow, 'audience' | 'site_id' | 'communities'>,
): boolean {
  return passes.some((p) =>
    p.audience !== w.audience
      ? false
      : p.audience === 'residents'
        ? w.communities.some((c) => p.area_code === c || p.area_code!.startsWith(`${c}-`))
        : p.site_id === w.site_id,
  );
}

const sqlState = (err: unknown) => err as { code?: string; constraint?: string; message?: string };

/** A plate as typed, read as a Chinese plate; anything else is refused (400) with an example of one. */
export function plateOrRefuse(text: string): string {
  const plate = parsePlate(text);
  if (!plate)
    throw new AppError(
      'validation_failed',
      { issues: [{ path: 'plate', message: 'not a Chinese plate' }] },
      {
        zh: '车牌号格式不正确（如 苏E12345，新能源 苏ED12345）',
        en: 'Not a Chinese plate (e.g. 苏E12345, new-energy 苏ED12345)',
      },
    );
  return plate;
}

export async function bookSpace(
  ctx: AppContext,
  opts: { actor: Actor; input: BookingInput },
): Promise<number> {
  const { actor, input } = opts;
  if (!mayBookParking(actor) || actor.kind !== 'user' || !actor.phoneHash) throw new AppError('forbidden');
  const phoneHash = actor.phoneHash;
  const j = actor.jurisdictionId;
  const plate = plateOrRefuse(input.plate);
  const w = await loadWindow(ctx, j, input.window_id);
  if (!w) throw new AppError('not_found');
  const eligible = w.audience === 'public' || holdsPass(await passesOf(ctx, j, phoneHash), w);
  if (!mayBookWindow(actor, w.audience, eligible))
    throw new AppError(
      'forbidden',
      { reason: 'audience', audience: w.audience },
      {
        zh: `该共享时段仅对${AUDIENCE_LABELS[w.audience]}开放`,
        en: `This window is for ${w.audience} only`,
      },
    );
  const hours = shareHours(w.hours);
  if (isHoursError(hours)) throw new AppError('conflict', { reason: 'the window hours cannot be read' });
  const scene = await sceneOf(ctx, j);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`banshi.parking.${j}.${phoneHash}`}))`.execute(tx);
      const refusal = bookingRefusal({
        window: w,
        hours,
        startsAt: input.starts_at,
        endsAt: input.ends_at,
        now: scene.now,
        tz: scene.tz,
        calendar: scene.calendar,
        liveBookings: await liveBookingCount(tx, j, phoneHash, scene.now),
      });
      if (refusal)
        throw new AppError('booking_refused', refusal, { zh: refusal.message, en: refusal.message_en });
      const row = await tx
        .insertInto('parking_bookings')
        .values({
          jurisdiction_id: j,
          window_id: w.id,
          site_id: w.site_id,
          resident_user_id: actor.userId,
          resident_phone_hash: phoneHash,
          plate_enc: ctx.vault.encrypt(plate),
          plate_hash: plateHash(ctx, plate),
          plate_mask: maskPlate(plate),
          starts_at: input.starts_at,
          ends_at: input.ends_at,
          status: 'confirmed',
          created_at: scene.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  } catch (err) {
    const e = sqlState(err);
    if (e.code === '23514' && /parking_bookings_allotment/.test(`${e.constraint} ${e.message}`))
      throw new AppError('parking_full', { window_id: w.id, spaces: w.spaces });
    if (e.code === '23P01')
      throw new AppError('booking_overlap', {
        reason: /plate/.test(`${e.constraint} ${e.message}`) ? 'plate' : 'resident',
      });
    throw err;
  }
}
