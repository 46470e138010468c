/**
 * 意见建议: a need raised at a session becomes a request of channel `lecture` linked to the session, registered
 * as every request is (the row, its `register` event and outbox message through the write path), then triaged,
 * dispatched and answered like any other. Its place is the session's area unless the organiser gives another.
 */
import type { AppContext } from '../../context.js';
import type { RequestRow } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { prepareRegistration, writeRegistrations } from '../../requests/commands/register.js';
import type { NeedInput } from '../schemas.js';
import { ensureNotCancelled, sessionToRun } from './common.js';

export async function raiseNeed(
  ctx: AppContext,
  opts: { actor: Actor; sessionId: number; input: NeedInput },
): Promise<RequestRow> {
  const { actor, input } = opts;
  const s = await sessionToRun(ctx, actor, opts.sessionId);
  ensureNotCancelled(s);
  const located = input.area_code !== undefined || input.lat !== undefined;
  const item = await prepareRegistration(ctx, {
    actor,
    channel: 'lecture',
    activitySessionId: s.id,
    input: {
      body: input.description,
      title: input.title,
      type: input.type,
      category_code: input.category_code,
      area_code: located ? input.area_code : s.area_code,
      address: input.address,
      lat: input.lat,
      lon: input.lon,
      reporter: input.caller_phone ? { phone: input.caller_phone, name: input.caller_name } : undefined,
    },
  });
  const [request] = await ctx.db.transaction().execute((tx) => writeRegistrations(tx, [item]));
  ctx.triage.enqueue(ctx, [request!]);
  return request!;
}
