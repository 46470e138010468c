import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayReportProjectProgress } from '../../http/policies.js';
import type { MilestoneInput } from '../model.js';
import { appendUpdate, storedProgress } from '../store.js';
import { changeProject } from './common.js';
import { asInput } from './update.js';

export type MilestonePatch = Partial<MilestoneInput>;

/**
 * Adds a milestone (seq = null) or changes one: its dates, its evidence (佐证材料), its weight; marking it done
 * is setting its done date. When the milestones carry weights the project's progress follows, and the new
 * figure joins the progress history.
 */
export async function saveMilestone(
  ctx: AppContext,
  opts: {
    actor: Actor;
    id: number;
    seq: number | null;
    patch: MilestonePatch;
    expectedVersion?: number | undefined;
  },
): Promise<number> {
  const { actor, patch } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  return changeProject(ctx, opts, mayReportProjectProgress, async (tx, p, check) => {
    const input = asInput(p);
    let seq: number;
    let before: MilestoneInput | null = null;
    if (opts.seq === null) {
      if (patch.title === undefined || patch.due_date === undefined)
        throw new AppError('validation_failed', {
          issues: [{ path: 'title', message: 'title and due_date are required for a new milestone' }],
        });
      input.milestones.push({
        title: patch.title,
        due_date: patch.due_date,
        done_date: patch.done_date ?? null,
        evidence: patch.evidence ?? '',
        weight: patch.weight ?? null,
      });
      seq = input.milestones.length;
    } else {
      const index = p.milestones.findIndex((m) => m.seq === opts.seq);
      if (index < 0) throw new AppError('not_found', { seq: opts.seq });
      before = input.milestones[index]!;
      input.milestones[index] = { ...before, ...patch };
      seq = opts.seq;
    }
    check(input);
    const m = input.milestones[seq - 1]!;
    if (before === null) {
      await tx
        .insertInto('project_milestones')
        .values({ jurisdiction_id: j, project_id: p.id, seq, ...m })
        .execute();
    } else {
      await tx
        .updateTable('project_milestones')
        .set(m)
        .where('jurisdiction_id', '=', j)
        .where('project_id', '=', p.id)
        .where('seq', '=', seq)
        .execute();
    }
    const progress = storedProgress(input);
    await tx
      .updateTable('projects')
      .set({ progress, version: p.version + 1, updated_at: now })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', p.id)
      .execute();
    const changes = before
      ? Object.fromEntries(
          (Object.keys(m) as (keyof MilestoneInput)[])
            .filter((k) => before![k] !== m[k])
            .map((k) => [k, { from: before![k], to: m[k] }]),
        )
      : m;
    const type =
      before === null
        ? 'milestone-add'
        : before.done_date === null && m.done_date !== null
          ? 'milestone-done'
          : 'milestone-update';
    await appendUpdate(tx, j, p.id, actor, now, {
      type,
      progress: progress !== p.progress ? progress : null,
      note: m.evidence && type === 'milestone-done' ? m.evidence : '',
      payload: { seq, title: m.title, changes },
    });
    return seq;
  });
}
