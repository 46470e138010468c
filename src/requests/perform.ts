import type { AppContext } from '../context.js';
import { performAction } from './commands/perform-action.js';
import { loadCoHandlers } from './co-handlers.js';
import { loadTimeline } from './queries.js';

/** Performs a lifecycle action and reads the request's timeline and co-handlers after it, for the answer. */
export async function performAndRead(ctx: AppContext, opts: Parameters<typeof performAction>[1]) {
  const result = await performAction(ctx, opts);
  const j = opts.actor.jurisdictionId;
  const [timeline, coHandlers] = await Promise.all([
    loadTimeline(ctx.db, j, result.request.id),
    loadCoHandlers(ctx.db, j, result.request.id),
  ]);
  return { request: result.request, timeline, coHandlers, contact: result.reveal };
}
