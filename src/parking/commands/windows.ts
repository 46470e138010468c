/**
 * 错时共享 windows: a site offers spaces to an audience in recurring hours. The site's operating department (or
 * an admin) opens and edits them; a department answering a community order (社区点单) links its window to the
 * order, whose timeline then tells the community what was opened.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayAnswerOrderWithWindow, mayManageShareWindows, requestVisibility } from '../../http/policies.js';
import { loadRequest } from '../../requests/queries.js';
import { appendToTimeline } from '../../requests/write/apply-change.js';
import { referenceCache } from '../../routing/reference-cache.js';
import type { WindowInput } from '../schemas.js';
import { isHoursError, shareHours } from '../share-hours.js';
import { siteIndex } from '../site-index.js';
import { lockSite } from './common.js';

function checkHours(hours: string) {
  const parsed = shareHours(hours);
  if (isHoursError(parsed))
    throw new AppError(
      'validation_failed',
      { issues: [{ path: 'hours', message: parsed.message_en }] },
      {
        zh: parsed.message,
        en: parsed.message_en,
      },
    );
}

function checkSpaces(spaces: number, capacity: number) {
  if (spaces > capacity)
    throw new AppError(
      'validation_failed',
      { issues: [{ path: 'spaces', message: `more than the site's ${capacity} spaces` }] },
      { zh: `共享泊位数不能超过停车场的 ${capacity} 个泊位`, en: `More spaces than the site's ${capacity}` },
    );
}

export async function createWindow(
  ctx: AppContext,
  opts: { actor: Actor; siteId: number; input: WindowInput },
): Promise<number> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  checkHours(input.hours);
  const ref = await referenceCache(ctx.db).get(j);
  for (const code of input.communities)
    if (!ref.areas.has(code)) throw new AppError('unknown_reference', { communities: code });
  const now = ctx.now();
  let sharesNow = false;
  const id = await ctx.db.transaction().execute(async (tx) => {
    const site = await lockSite(tx, j, opts.siteId);
    if (!mayManageShareWindows(actor, site.operator_department_code)) throw new AppError('forbidden');
    if (!site.active)
      throw new AppError(
        'validation_failed',
        { issues: [{ path: 'site', message: 'the site is closed' }] },
        {
          zh: '停车场已停用',
          en: 'The site is closed',
        },
      );
    checkSpaces(input.spaces, site.capacity);
    const order =
      input.order_request_id === undefined
        ? null
        : await loadRequest(tx, j, input.order_request_id, requestVisibility(actor), { forUpdate: true });
    if (input.order_request_id !== undefined) {
      if (!order || order.channel !== 'community')
        throw new AppError('unknown_reference', { order_request_id: input.order_request_id });
      if (!mayAnswerOrderWithWindow(actor, order)) throw new AppError('forbidden');
    }
    const { order_request_id: _order, communities, ...fields } = input;
    const w = await tx
      .insertInto('parking_windows')
      .values({
        jurisdiction_id: j,
        site_id: site.id,
        ...fields,
        communities: JSON.stringify(communities),
        order_request_id: order?.id ?? null,
        created_by_user_id: actor.kind === 'user' ? actor.userId : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    sharesNow = !site.shares;
    if (sharesNow)
      await tx
        .updateTable('parking_sites')
        .set({ shares: true, version: site.version + 1, updated_at: now })
        .where('jurisdiction_id', '=', j)
        .where('id', '=', site.id)
        .execute();
    if (order)
      await appendToTimeline(tx, {
        row: order,
        actor,
        at: now,
        event: {
          type: 'parking-window',
          payload: {
            window_id: w.id,
            site_id: site.id,
            site_name: site.name,
            audience: input.audience,
            spaces: input.spaces,
            hours: input.hours,
            valid_from: input.valid_from,
          },
        },
      });
    return w.id;
  });
  // The site now shares: the nearby query's filter on sharing must see it.
  if (sharesNow) siteIndex(ctx.db).invalidate(j);
  return id;
}

export type WindowPatch = {
  name?: string | undefined;
  spaces?: number | undefined;
  hours?: string | undefined;
  valid_to?: string | null | undefined;
  has_fee?: boolean | undefined;
  fee_description?: string | undefined;
  max_stay_minutes?: number | null | undefined;
  active?: boolean | undefined;
};

/**
 * Edits a window. Bookings already made keep their place: fewer spaces than bookings already overlapping is
 * refused by the database only for bookings made after.
 */
export async function updateWindow(
  ctx: AppContext,
  opts: { actor: Actor; id: number; patch: WindowPatch; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor, patch } = opts;
  const j = actor.jurisdictionId;
  if (patch.hours !== undefined) checkHours(patch.hours);
  await ctx.db.transaction().execute(async (tx) => {
    const w = await tx
      .selectFrom('parking_windows')
      .select([
        'id',
        'site_id',
        'version',
        sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'),
        sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to'),
      ])
      .where('jurisdiction_id', '=', j)
      .where('id', '=', opts.id)
      .forUpdate()
      .executeTakeFirst();
    if (!w) throw new AppError('not_found');
    const site = await lockSite(tx, j, w.site_id);
    if (!mayManageShareWindows(actor, site.operator_department_code)) throw new AppError('forbidden');
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== w.version)
      throw new AppError('version_conflict', {
        current_version: w.version,
        expected_version: opts.expectedVersion,
      });
    if (patch.spaces !== undefined) checkSpaces(patch.spaces, site.capacity);
    const validTo = patch.valid_to === undefined ? w.valid_to : patch.valid_to;
    if (validTo !== null && validTo < w.valid_from)
      throw new AppError('validation_failed', {
        issues: [{ path: 'valid_to', message: 'before valid_from' }],
      });
    await tx
      .updateTable('parking_windows')
      .set({ ...patch, version: w.version + 1, updated_at: ctx.now() })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', w.id)
      .execute();
  });
}
