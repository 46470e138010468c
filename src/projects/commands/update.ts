import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageProject } from '../../http/policies.js';
import { PARTICULARS, particularsOf, type ProjectInput, type ProjectParticulars } from '../model.js';
import type { ProjectRow } from '../queries.js';
import { appendUpdate } from '../store.js';
import { changeProject } from './common.js';

export type ProjectPatch = Partial<ProjectParticulars>;

export function asInput(p: ProjectRow): ProjectInput {
  return {
    ...particularsOf(p),
    code: p.code,
    progress: p.progress,
    progress_note: p.progress_note,
    milestones: p.milestones.map(({ seq: _seq, ...m }) => m),
  };
}

/**
 * Edits a project's particulars (not its progress: see ./progress.ts and ./milestones.ts). Handing a project
 * to another department takes the right to manage it in both. Each change is logged with the old and new value.
 */
export async function updateProject(
  ctx: AppContext,
  opts: { actor: Actor; id: number; patch: ProjectPatch; expectedVersion?: number | undefined },
): Promise<void> {
  const { actor, patch } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  await changeProject(ctx, opts, mayManageProject, async (tx, current, check) => {
    if (patch.owner_department_code !== undefined && !mayManageProject(actor, patch.owner_department_code))
      throw new AppError('forbidden', { reason: 'the new owner department is not yours' });
    const merged: ProjectInput = { ...asInput(current), ...patch };
    check(merged);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const f of PARTICULARS) {
      if (patch[f] === undefined) continue;
      if (JSON.stringify(patch[f]) !== JSON.stringify(current[f]))
        changes[f] = { from: current[f], to: patch[f] };
    }
    if (Object.keys(changes).length === 0) return;
    const { co_department_codes, area_codes, ...rest } = patch;
    await tx
      .updateTable('projects')
      .set({
        ...rest,
        ...(co_department_codes ? { co_department_codes: JSON.stringify(co_department_codes) } : {}),
        ...(area_codes ? { area_codes: JSON.stringify(area_codes) } : {}),
        version: current.version + 1,
        updated_at: now,
      })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', current.id)
      .execute();
    await appendUpdate(tx, j, current.id, actor, now, { type: 'update', payload: { changes } });
  });
}
