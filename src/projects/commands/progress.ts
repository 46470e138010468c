import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { mayReportProjectProgress } from '../../http/policies.js';
import { refusedField } from '../../http/validate.js';
import { appendUpdate } from '../store.js';
import { isWeighted, round2 } from '../status.js';
import { inLockedProject } from './common.js';

/**
 * 进展情况: sets the progress by hand, with a note saying what was done. Refused when the milestones carry
 * weights: then progress follows the milestones (mark one done instead). Every figure joins the history.
 */
export async function setProgress(
  ctx: AppContext,
  opts: { actor: Actor; id: number; progress: number; note: string; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  await inLockedProject(ctx, opts, mayReportProjectProgress, async (tx, p) => {
    if (p.progress_source)
      throw refusedField('progress', {
        zh: '该项目进度由停车模块按已开放的共享泊位自动统计',
        en: 'progress is counted by the parking module: its share windows open the spaces',
      });
    if (isWeighted(p.milestones))
      throw refusedField('progress', {
        zh: '该项目按节点权重计算进度，请更新节点完成情况',
        en: 'progress is derived from the weighted milestones: mark a milestone done instead',
      });
    const progress = round2(opts.progress);
    await tx
      .updateTable('projects')
      .set({ progress, progress_note: opts.note, version: p.version + 1, updated_at: now })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', p.id)
      .execute();
    await appendUpdate(tx, j, p.id, actor, now, {
      type: 'progress',
      progress,
      note: opts.note,
      payload: { from: p.progress },
    });
  });
}
