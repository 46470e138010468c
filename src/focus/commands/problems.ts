/**
 * 每月一题: a supervisor chooses a recurring problem for a month (from a hot topic, a warning, or by hand), defines
 * which requests are its (keywords, categories, areas), names the lead and co-departments, states a target and
 * links the ledger's key tasks that work on it. Written in one transaction; unknown codes are 422 with the codes,
 * a second problem of the same title in a month is 409.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { inJurisdiction } from '../../db/source.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageMonthlyProblems } from '../../http/policies.js';
import { refusedField } from '../../http/validate.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { isEmptyDefinition, normaliseDefinition, type ProblemDefinition } from '../definition.js';
import { focusDb } from '../schema.js';

export type ProblemInput = {
  month: string;
  title: string;
  description: string;
  definition: ProblemDefinition;
  lead_department_code: string;
  co_department_codes: string[];
  target: string;
  target_reduction: number | null;
  source: 'hot_topic' | 'manual' | 'warning';
  task_ids: number[];
};

export async function createProblem(
  ctx: AppContext,
  opts: { actor: Actor; input: ProblemInput },
): Promise<number> {
  const { actor } = opts;
  if (!mayManageMonthlyProblems(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const input = { ...opts.input, definition: normaliseDefinition(opts.input.definition) };
  if (isEmptyDefinition(input.definition))
    throw refusedField(
      'definition',
      {
        zh: '请至少给出一个关键词、分类或区域，以确定哪些诉求属于该问题',
        en: 'Give at least one keyword, category or area, so that the problem’s requests can be found',
      },
      'empty_definition',
    );
  const ref = await referenceCache(ctx.db).get(j);
  const unknown = [
    ...[input.lead_department_code, ...input.co_department_codes].filter((c) => !ref.departments.has(c)),
    ...input.definition.category_codes.filter((c) => !ref.categories.has(c)),
    ...input.definition.area_codes.filter((c) => !ref.areas.has(c)),
  ];
  if (unknown.length) throw new AppError('unknown_reference', { codes: unknown });
  const co = input.co_department_codes.filter((c) => c !== input.lead_department_code);
  return ctx.db.transaction().execute(async (tx) => {
    const clash = await problemIds(tx, j)
      .where('month', '=', input.month)
      .where('title', '=', input.title)
      .executeTakeFirst();
    if (clash) throw new AppError('conflict', { id: clash.id });
    const { id } = await focusDb(tx)
      .insertInto('monthly_problems')
      .values({
        jurisdiction_id: j,
        month: input.month,
        title: input.title,
        description: input.description,
        definition: JSON.stringify(input.definition),
        lead_department_code: input.lead_department_code,
        co_department_codes: co,
        target: input.target,
        target_reduction: input.target_reduction,
        source: input.source,
        created_by: actor.kind === 'user' ? actor.userId : null,
        created_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkTasksIn(tx, j, Number(id), input.task_ids);
    return Number(id);
  });
}

/** The ids of a jurisdiction's problems, to narrow. */
const problemIds = (tx: Transaction<DB>, j: string) =>
  focusDb(tx).selectFrom('monthly_problems').select('id').where('jurisdiction_id', '=', j);

/** Links more key tasks to a problem (already linked ones are kept once). */
export async function linkTasks(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: { task_ids: number[] } },
): Promise<void> {
  if (!mayManageMonthlyProblems(opts.actor)) throw new AppError('forbidden');
  const j = opts.actor.jurisdictionId;
  await ctx.db.transaction().execute(async (tx) => {
    const problem = await problemIds(tx, j).where('id', '=', opts.id).executeTakeFirst();
    if (!problem) throw new AppError('not_found');
    await linkTasksIn(tx, j, opts.id, opts.input.task_ids);
  });
}

async function linkTasksIn(tx: Transaction<DB>, j: string, problemId: number, taskIds: number[]) {
  const ids = [...new Set(taskIds)];
  if (!ids.length) return;
  const found = await inJurisdiction(tx, 'projects', j).select('id').where('id', 'in', ids).execute();
  const known = new Set(found.map((p) => Number(p.id)));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new AppError('unknown_reference', { projects: missing });
  await focusDb(tx)
    .insertInto('monthly_problem_tasks')
    .values(ids.map((project_id) => ({ jurisdiction_id: j, problem_id: problemId, project_id })))
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'problem_id', 'project_id']).doNothing())
    .execute();
}
