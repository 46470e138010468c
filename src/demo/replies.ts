/**
 * The demo city's 答复模板 and 回复审核 (data/demo/knowledge.json's templates): templates written by the centre
 * and the departments' heads, review settings (20 % of replies, every reply of 住建局 as a department new to the
 * hotline, none sampled of 城管 whose replies passed review for months, every reply to a reopened request, any
 * scoring below 40), and requests in each state of the review:
 * a reply waiting for a reviewer, one sent back, one sent back, replied again and approved.
 */
import type { AppContext } from '../context.js';
import { performAction } from '../requests/commands/perform-action.js';
import type { Action } from '../requests/workflow.js';
import { createTemplate } from '../replies/commands/save-template.js';
import { saveReviewSettings } from '../replies/commands/save-review-settings.js';
import { categoryByNames, readKnowledge } from './knowledge.js';
import { demoActors } from './users.js';

/** The department whose every reply is reviewed in the demo (a rule at 100 %). */
export const DEMO_REVIEWED_DEPARTMENT = 'housing';

const REPLIES = [
  '您好，您反映的问题已收悉，我局已约谈小区物业服务企业，要求其于本周五前完成整改，并将整改结果书面报送我局。',
  '您好，经现场核查，您反映的小区公共设施问题已由物业服务企业安排维修，后续我局将加强对该物业的日常监管。',
  '您好，您反映的问题我们会尽快处理。',
];
const APPROVED =
  '您好，经现场核查，您反映的小区公共设施已于12月3日由物业服务企业维修完毕，我局将于每月例行检查中复查该小区。';

export async function loadDemoReplies(ctx: AppContext, j: string): Promise<void> {
  const user = await demoActors(ctx.db, j);
  const category = await categoryByNames(ctx.db, j);
  for (const t of readKnowledge().templates) {
    const author = t.department_code ? user(`head.${t.department_code}`) : user('supervisor');
    await createTemplate(ctx, {
      actor: author,
      input: {
        title: t.title,
        body: t.body,
        department_code: t.department_code,
        category_code: category(t.level1, t.level2),
        active: true,
      },
    });
  }
  await saveReviewSettings(ctx, {
    actor: user('supervisor'),
    body: {
      enabled: true,
      sample_percent: 20,
      reopened_all: true,
      min_score: 40,
      rules: [
        {
          department_code: DEMO_REVIEWED_DEPARTMENT,
          category_code: null,
          sample_percent: 100,
          note: '新接入热线的部门：答复全部审核',
        },
        {
          department_code: 'urban-mgmt',
          category_code: null,
          sample_percent: 0,
          note: '连续三个月审核全部通过：免于抽审（重办、低分答复仍审核）',
        },
      ],
    },
  });

  // Requests of the reviewed department being handled, without a pending extension: replied now, so held.
  const handling = await ctx.db
    .selectFrom('requests')
    .select('id')
    .where('jurisdiction_id', '=', j)
    .where('department_code', '=', DEMO_REVIEWED_DEPARTMENT)
    .where('status', 'in', ['signed', 'in_progress'])
    .where('extension_pending', 'is', null)
    .orderBy('id')
    .limit(REPLIES.length)
    .execute();
  const handler = user(`handler.${DEMO_REVIEWED_DEPARTMENT}`);
  const reviewer = user('supervisor');
  const act = (actor: typeof handler, requestId: number, action: Action, input: object) =>
    performAction(ctx, { actor, requestId, action, input });
  for (const [i, { id }] of handling.entries()) {
    await act(handler, id, 'reply', { text: REPLIES[i]! });
    if (i === 0) continue; // waiting for a reviewer
    await act(reviewer, id, 'send-back-reply', {
      reasons: i === 1 ? ['promise_without_date'] : ['promise_without_date', 'boilerplate'],
      note: i === 1 ? '请写明维修完成的具体日期。' : '答复过于笼统，请写明处理措施和完成时限。',
    });
    if (i === 2) continue; // sent back, the handler to reply again
    await act(handler, id, 'reply', { text: APPROVED });
    await act(reviewer, id, 'approve-reply', { note: '答复已写明完成日期，同意。' });
  }
}
