/** 每月一题 (problems, their volumes and key tasks) and 未诉先办 (early warnings and their answers). */
import { jurisdictionOf, type Actor } from '../http/actor.js';
import type { AppContext } from '../context.js';
import { IdParams } from '../http/inputs.js';
import {
  mayHandleWarning,
  mayManageMonthlyProblems,
  mayReadMonthlyProblems,
  mayReadWarnings,
  warningsDepartmentScope,
} from '../http/policies.js';
import { actsOn, creates, type ApiRegistry } from '../http/route.js';
import { handleWarning } from './commands/handle-warning.js';
import { createProblem, linkTasks } from './commands/problems.js';
import { listProblems } from './problem-queries.js';
import { presentPublicProblems, presentWarning } from './presenter.js';
import {
  CreatedProblem,
  HandledWarning,
  LinkTasks,
  NewProblem,
  ProblemsAnswer,
  ProblemsQuery,
  PublicProblemsAnswer,
  WarningAction,
  WarningsAnswer,
  WarningsQuery,
} from './schemas.js';
import { listWarnings } from './warning-queries.js';

export function focusRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('focus');
  const publicRoute = api.feature('public', 'public');
  /** The problems chosen up to a month (by default this one), or only what the public may see of them. */
  const problems = (jurisdictionId: string, month: string | undefined, publicOnly = false) =>
    listProblems(ctx.db, { jurisdictionId, now: ctx.now(), month, publicOnly });
  /** What a change to a problem answers: the problem's id. */
  const problemId = (_actor: Actor, id: number) => ({ id });

  route.get(
    '/api/v1/monthly-problems',
    '每月一题 The problems chosen up to a month: volume by month, change against the month before, key tasks',
    { query: ProblemsQuery, response: { 200: ProblemsAnswer }, allow: mayReadMonthlyProblems },
    async ({ actor, query }) => problems(actor.jurisdictionId, query.month),
  );

  route.post(
    '/api/v1/monthly-problems',
    '选定每月一题 Choose a problem for a month: its definition, lead and co-departments, target and key tasks',
    {
      body: NewProblem,
      response: { 201: CreatedProblem },
      errors: [409, 422],
      allow: mayManageMonthlyProblems,
    },
    creates(ctx, createProblem, problemId),
  );

  route.post(
    '/api/v1/monthly-problems/:id/tasks',
    '关联重点任务 Link key tasks of the ledger to a problem',
    {
      params: IdParams,
      body: LinkTasks,
      response: { 200: CreatedProblem },
      errors: [422],
      allow: mayManageMonthlyProblems,
    },
    actsOn(ctx, linkTasks, problemId),
  );

  publicRoute.get(
    '/api/v1/public/monthly-problems',
    '每月一题（公开） The problems, their volume month on month and their public key tasks, for the public bulletin',
    { query: ProblemsQuery, response: { 200: PublicProblemsAnswer } },
    async ({ actor, query }) =>
      presentPublicProblems(
        await problems(jurisdictionOf(actor, ctx.config.defaultJurisdiction), query.month, true),
      ),
  );

  route.get(
    '/api/v1/early-warnings',
    '未诉先办预警 Early warnings of the period (a department’s staff: their own), each judged on what followed, with precision and lead time',
    { query: WarningsQuery, response: { 200: WarningsAnswer }, allow: mayReadWarnings },
    async ({ actor, query }) => {
      const answer = await listWarnings(ctx.db, {
        jurisdictionId: actor.jurisdictionId,
        now: ctx.now(),
        days: query.days,
        status: query.status,
        departmentCode: warningsDepartmentScope(actor) ?? undefined,
      });
      return {
        ...answer,
        warnings: answer.warnings.map((w) => presentWarning(w, mayHandleWarning(actor, w.department_code))),
      };
    },
  );

  route.post(
    '/api/v1/early-warnings/:id/answer',
    '响应预警 Acknowledge a warning (optionally opening a key task: 未诉先办) or dismiss it with a reason',
    {
      params: IdParams,
      body: WarningAction,
      response: { 200: HandledWarning },
      errors: [409, 422],
      allow: mayReadWarnings,
    },
    async ({ actor, params, body }) => handleWarning(ctx, { actor, id: params.id, answer: body }),
  );
}
