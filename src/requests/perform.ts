import type { AppContext } from '../context.js';
import { performAction } from './commands/perform-action.js';
import { loadTimeline } from './queries.js';

/** Performs a lifecycle action and reads the request's timeline after it, for the answer. */
export async function performAndRead(ctx: AppContext, opts: Parameters<typeof performAction>[1]) {
  const result = await performAction(ctx, opts);
  const timeline = await loadTimeline(ctx.db, opts.actor.jurisdictionId, result.request.id);
  return { request: result.request, timeline, contact: result.reveal };
}
