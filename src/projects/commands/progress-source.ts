import type { AppContext } from '../../context.js';
import type { ProgressSource } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { mayManageProject } from '../../http/policies.js';
import { refusedField } from '../../http/validate.js';
import { isWeighted } from '../status.js';
import { appendUpdate } from '../store.js';
import { inLockedProject } from './common.js';

/**
 * 进度来源: a project's progress counted by another module (the parking module's shared spaces against a
 * target), or set by hand again (null). Not for a project whose weighted milestones drive its progress.
 */
export async function setProgressSource(
  ctx: AppContext,
  opts: { actor: Actor; id: number; source: ProgressSource | null; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  await inLockedProject(ctx, opts, mayManageProject, async (tx, p) => {
    if (opts.source && isWeighted(p.milestones))
      throw refusedField('source', {
        zh: '该项目按节点权重计算进度，不能再指定进度来源',
        en: 'weighted milestones drive this project’s progress',
      });
    await tx
      .updateTable('projects')
      .set({
        progress_source: JSON.stringify(opts.source),
        // Back to a hand: the count as it stood is where the hand takes over.
        ...(opts.source ? {} : { progress: p.progress }),
        version: p.version + 1,
        updated_at: now,
      })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', p.id)
      .execute();
    await appendUpdate(tx, j, p.id, actor, now, {
      type: 'progress-source',
      progress: opts.source ? null : p.progress,
      payload: { from: p.progress_source ?? null, to: opts.source },
    });
  });
}
