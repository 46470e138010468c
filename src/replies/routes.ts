/**
 * 答复模板 and 回复审核 routes: templates (managed by the centre and department heads, offered filled in for a
 * request), the replies that are only a template, the review settings, the replies under review, and the
 * disputed ratings (差评复核, decided by the action decide-dispute). Approving
 * or sending back a reply is a lifecycle action (POST /api/v1/requests/:id/actions/approve-reply …).
 */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { IdParams } from '../http/inputs.js';
import {
  mayManageReplyReview,
  mayManageReplyTemplates,
  mayReadRatingDisputes,
  mayReadReplyReviews,
  mayReadReplyTemplates,
  mayReadTemplateOnlyReplies,
  requestVisibility,
} from '../http/policies.js';
import { answerPage, itemsOf, pageOf } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { requestPage } from '../requests/answers.js';
import { loadRequest } from '../requests/queries.js';
import { reviewSettings, templatesFor } from '../requests/review/load.js';
import { PLACEHOLDERS } from '../requests/review/templates.js';
import { referenceCache } from '../routing/reference-cache.js';
import { createTemplate, updateTemplate } from './commands/save-template.js';
import { saveReviewSettings } from './commands/save-review-settings.js';
import { listDisputes, listReviews, listTemplates, loadTemplate, templateOnlyReplies } from './queries.js';
import {
  DisputePage,
  DisputesQuery,
  OfferedTemplate,
  ReplyTemplate,
  ReviewPage,
  ReviewSettingsAnswer,
  ReviewSettingsBody,
  ReviewsQuery,
  TemplateBody,
  TemplateList,
  TemplateOnlyQuery,
  TemplateOnlyReply,
  TemplatesQuery,
} from './schemas.js';

type TemplateRow = NonNullable<Awaited<ReturnType<typeof loadTemplate>>>;

const presentTemplate = (t: TemplateRow, actor: Actor) => ({
  id: t.id,
  title: t.title,
  body: t.body,
  department_code: t.department_code,
  category_code: t.category_code,
  active: t.active,
  updated_at: t.updated_at.toISOString(),
  editable: mayManageReplyTemplates(actor, t.department_code),
});

export function replyRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('replies');

  const oneTemplate = async (actor: Actor, id: number) => {
    const t = await loadTemplate(ctx.db, actor.jurisdictionId, id);
    if (!t) throw new AppError('not_found');
    return presentTemplate(t, actor);
  };

  route.get(
    '/api/v1/reply-templates',
    '答复模板 The reply templates of every department (and those all departments share), with the placeholders',
    { query: TemplatesQuery, response: { 200: TemplateList }, allow: mayReadReplyTemplates },
    async ({ actor, query }) => {
      const rows = await listTemplates(ctx.db, actor.jurisdictionId, query);
      return { items: rows.map((t) => presentTemplate(t, actor)), placeholders: [...PLACEHOLDERS] };
    },
  );

  route.post(
    '/api/v1/reply-templates',
    '新增答复模板 Add a reply template: the centre for any department, a head for their own',
    {
      body: TemplateBody,
      response: { 201: ReplyTemplate },
      errors: [403, 409, 422],
      allow: mayReadReplyTemplates,
    },
    async ({ actor, body, reply }) => {
      const id = await createTemplate(ctx, { actor, body });
      reply.code(201);
      return oneTemplate(actor, id);
    },
  );

  route.put(
    '/api/v1/reply-templates/:id',
    '修改答复模板 Change a reply template (or deactivate it with active: false)',
    {
      params: IdParams,
      body: TemplateBody,
      response: { 200: ReplyTemplate },
      errors: [403, 409, 422],
      allow: mayReadReplyTemplates,
    },
    async ({ actor, params, body }) => {
      await updateTemplate(ctx, { actor, id: params.id, body });
      return oneTemplate(actor, params.id);
    },
  );

  route.get(
    '/api/v1/requests/:id/reply-templates',
    '可用答复模板 The templates the reply dialog offers for a request, filled in (the most specific first)',
    { params: IdParams, response: { 200: itemsOf(OfferedTemplate) }, allow: mayReadReplyTemplates },
    async ({ actor, params }) => {
      const j = actor.jurisdictionId;
      const row = await loadRequest(ctx.db, j, params.id, requestVisibility(actor));
      if (!row) throw new AppError('not_found');
      const { timezone } = await referenceCache(ctx.db).get(j);
      return { items: await templatesFor(ctx.db, row, { now: ctx.now(), tz: timezone }) };
    },
  );

  route.get(
    '/api/v1/reply-templates/template-only-replies',
    '套用模板答复 Replies that were only a template with nothing added, the newest first',
    {
      query: TemplateOnlyQuery,
      response: { 200: pageOf(TemplateOnlyReply) },
      allow: mayReadTemplateOnlyReplies,
    },
    async ({ actor, query }) => {
      const { rows, total } = await templateOnlyReplies(ctx.db, actor.jurisdictionId, query);
      return answerPage(
        rows.map((r) => {
          const p = r.payload as { text?: string; template_id?: number };
          return {
            request_id: r.request_id,
            ticket_no: r.ticket_no,
            department_code: r.department_code,
            template_id: p.template_id ?? null,
            text: p.text ?? '',
            actor: r.actor_label,
            at: r.at.toISOString(),
          };
        }),
        total,
        query,
      );
    },
  );

  route.get(
    '/api/v1/reply-review/settings',
    '回复审核设置 Which replies are reviewed: the sample rate, reopened requests, the score floor, rules',
    { response: { 200: ReviewSettingsAnswer }, allow: mayReadReplyReviews },
    async ({ actor }) => {
      const { settings, rules } = await reviewSettings(ctx.db, actor.jurisdictionId);
      return { ...settings, rules };
    },
  );

  route.put(
    '/api/v1/reply-review/settings',
    '保存回复审核设置 Replace the settings and every rule at once (admins and supervisors)',
    {
      body: ReviewSettingsBody,
      response: { 200: ReviewSettingsAnswer },
      errors: [403, 422],
      allow: mayManageReplyReview,
    },
    async ({ actor, body }) => {
      await saveReviewSettings(ctx, { actor, body });
      const { settings, rules } = await reviewSettings(ctx.db, actor.jurisdictionId);
      return { ...settings, rules };
    },
  );

  route.get(
    '/api/v1/reply-reviews',
    '回复审核 Replies waiting for a reviewer (the oldest first), or sent back and not yet replied again',
    { query: ReviewsQuery, response: { 200: ReviewPage }, allow: mayReadReplyReviews },
    async ({ actor, query }) => {
      const { rows, total, counts } = await listReviews(ctx.db, actor.jurisdictionId, query);
      return { ...requestPage(rows, total, actor, query), counts };
    },
  );

  route.get(
    '/api/v1/rating-disputes',
    '差评复核 Disputed ratings waiting for a decision (the oldest first), or decided (the latest first)',
    { query: DisputesQuery, response: { 200: DisputePage }, allow: mayReadRatingDisputes },
    async ({ actor, query }) => {
      const { rows, total, counts } = await listDisputes(ctx.db, actor.jurisdictionId, query);
      return { ...requestPage(rows, total, actor, query), counts };
    },
  );
}
