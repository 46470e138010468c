import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayReportProjectProgress, requestVisibility } from '../../http/policies.js';
import { applyChange } from '../../requests/write/apply-change.js';
import { loadRequest } from '../../requests/queries.js';
import { appendUpdate } from '../store.js';
import { lockProject } from './common.js';

/**
 * A project absorbs a request it resolves (e.g. the lift a resident asked for is now a 实事项目): the request
 * points at the project, its timeline says so (its reporter sees it) and the resident is told through the
 * outbox. Linking again to the same project changes nothing; a request belongs to one project at most.
 */
export async function linkRequest(
  ctx: AppContext,
  opts: { actor: Actor; id: number; requestId: number; note?: string | undefined },
): Promise<{ changed: boolean }> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const p = await lockProject(tx, actor, opts.id, undefined, mayReportProjectProgress);
    const r = await loadRequest(tx, j, opts.requestId, requestVisibility(actor), { forUpdate: true });
    if (!r) throw new AppError('unknown_reference', { request_id: opts.requestId });
    if (r.project_id === p.id) return { changed: false };
    if (r.project_id !== null)
      throw new AppError('conflict', {
        reason: 'the request is linked to another project',
        project_id: r.project_id,
      });
    await applyChange(tx, {
      row: r,
      actor,
      at: now,
      patch: { project_id: p.id },
      event: {
        type: 'link-project',
        payload: { project_id: p.id, project_code: p.code, project_title: p.title, note: opts.note ?? null },
      },
      outbox: [{ topic: 'request.linked_project', payload: { project_id: p.id, project_title: p.title } }],
    });
    await appendUpdate(tx, j, p.id, actor, now, {
      type: 'link-request',
      note: opts.note ?? '',
      payload: { request_id: r.id, ticket_no: r.ticket_no },
    });
    return { changed: true };
  });
}
