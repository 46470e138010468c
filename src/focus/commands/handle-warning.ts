/**
 * A department answers an early warning: acknowledges it (可选: opening a key task in the ledger to act before
 * the complaints arrive, 未诉先办) or dismisses it with a reason. An answered warning is not answered again
 * (409). The key task and the answer are written in one transaction.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayHandleWarning, mayManageProject } from '../../http/policies.js';
import { createProject } from '../../projects/commands/create.js';
import type { ProjectInput } from '../../projects/model.js';
import { localDate } from '../../requests/deadlines.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { focusDb, warningColumns } from '../schema.js';

export type WarningAnswer =
  | {
      action: 'acknowledge';
      note: string;
      task?: { title: string; due_date: string; target: string } | undefined;
    }
  | { action: 'dismiss'; note: string };

export async function handleWarning(
  ctx: AppContext,
  opts: { actor: Actor; id: number; answer: WarningAnswer },
): Promise<{ id: number; project_id: number | null }> {
  const { actor, answer } = opts;
  const j = actor.jurisdictionId;
  const fdb = focusDb(ctx.db);
  const warning = await fdb
    .selectFrom('early_warnings')
    .select(warningColumns())
    .where('jurisdiction_id', '=', j)
    .where('id', '=', opts.id)
    .executeTakeFirst();
  if (!warning) throw new AppError('not_found');
  if (!mayHandleWarning(actor, warning.department_code)) throw new AppError('forbidden');
  if (warning.status !== 'open') throw new AppError('conflict', { status: warning.status });
  const now = ctx.now();
  const userId = actor.kind === 'user' ? actor.userId : null;
  const settle = async (tx: Transaction<DB>, projectId: number | null) => {
    const done = await focusDb(tx)
      .updateTable('early_warnings')
      .set({
        status: answer.action === 'acknowledge' ? 'acknowledged' : 'dismissed',
        note: answer.note,
        handled_by: userId,
        handled_at: now,
        project_id: projectId,
      })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', opts.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    // Answered by someone else meanwhile: the task (if any) is rolled back with this transaction.
    if (!done.numUpdatedRows) throw new AppError('conflict', { status: 'answered' });
  };

  if (answer.action === 'dismiss' || !answer.task) {
    await ctx.db.transaction().execute((tx) => settle(tx, null));
    return { id: opts.id, project_id: null };
  }
  const owner = warning.department_code;
  if (!owner || !mayManageProject(actor, owner)) throw new AppError('forbidden');
  const ref = await referenceCache(ctx.db).get(j);
  const today = localDate(now, ref.timezone);
  const input: ProjectInput = {
    year: Number(today.slice(0, 4)),
    kind: 'key_task',
    title: answer.task.title,
    description: `未诉先办：${ref.names.areas.get(warning.area_code) ?? warning.area_code} ${
      ref.names.categories.get(warning.category_code) ?? warning.category_code
    }（预警 ${warning.day}，近期 ${warning.observed} 件）`,
    level: 'district',
    owner_department_code: owner,
    co_department_codes: [],
    area_codes: [warning.area_code],
    target: answer.task.target,
    start_date: today,
    due_date: answer.task.due_date,
    public: false,
    progress: 0,
    progress_note: answer.note,
    milestones: [],
  };
  let projectId: number | null = null;
  await createProject(ctx, {
    actor,
    input,
    progressStated: false,
    within: async (tx, id) => {
      projectId = id;
      await settle(tx, id);
    },
  });
  return { id: opts.id, project_id: projectId };
}
