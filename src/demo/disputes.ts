/**
 * The demo city's 差评复核: unsatisfied or unresolved follow-ups disputed by the handling department's head
 * within the window (each at its own time, a few hours after the follow-up), one waiting for a reviewer, one
 * judged 合理 (the rating stands), and the others 不合理 (out of the reviewed 满意率 and 解决率).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { performAction } from '../requests/commands/perform-action.js';
import type { Action, DisputeDecision } from '../requests/workflow.js';
import { demoActors } from './users.js';

const HOUR = 3_600_000;

/** What each disputed rating becomes, in the order of the requests found: pending first. */
const STORIES: { reason: string; decision?: { decision: DisputeDecision; reason: string } }[] = [
  { reason: '已按规定完成整改并现场复核，市民不满意系因诉求涉及的费用减免超出政策范围。' },
  {
    reason: '已于约定时间完成维修，市民评价为不满意。',
    decision: { decision: 'reasonable', reason: '回访核实：维修后问题复发，市民评价属实，评价合理。' },
  },
  {
    reason: '市民诉求为要求拆除合法审批的设施，已依法依规答复并解释政策，不满意与办理质量无关。',
    decision: {
      decision: 'unreasonable',
      reason: '部门已依法答复并提供审批材料，诉求超出政策范围，差评不合理，不计入满意率和解决率。',
    },
  },
  {
    reason: '回访时市民反映的是另一处问题，与本工单无关，已另行登记。',
    decision: { decision: 'unreasonable', reason: '录音核实：评价针对的是其他事项，差评不合理。' },
  },
];

export async function loadDemoDisputes(ctx: AppContext, j: string): Promise<void> {
  const user = await demoActors(ctx.db, j);
  const rated = await ctx.db
    .selectFrom('requests')
    .select(['id', 'department_code', 'followed_up_at'])
    .where('jurisdiction_id', '=', j)
    .where('status', 'in', ['followed_up', 'closed'])
    .where('department_code', 'is not', null)
    .where('rating_dispute_by', 'is not', null)
    .where(sql<boolean>`(followup_satisfaction = 'unsatisfied' or followup_resolved = false)`)
    .orderBy('id')
    .limit(STORIES.length)
    .execute();
  for (const [i, r] of rated.entries()) {
    const story = STORIES[i]!;
    const at = (hours: number) => ({
      ...ctx,
      now: () => new Date(r.followed_up_at!.getTime() + hours * HOUR),
    });
    const act = (hours: number, username: string, action: Action, input: object) =>
      performAction(at(hours), { actor: user(username), requestId: r.id, action, input });
    await act(2, `head.${r.department_code}`, 'dispute-rating', { reason: story.reason });
    if (story.decision) await act(26, 'supervisor', 'decide-dispute', story.decision);
  }
}
