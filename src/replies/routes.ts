/**
 * 答复模板 and 回复审核 routes: templates (managed by the centre and department heads, offered filled in for a
 * request), the replies that are only a template, the review settings, the replies under review, and the
 * disputed ratings (差评复核, decided by the action decide-dispute). Approving
 * or sending back a reply is a lifecycle action (POST /api/v1/requests/:id/actions/approve-reply …).
 */
import type { AppContext } from '../context.js';
import type { RequestRow } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { IdParams } from '../http/inputs.js';
import {
  mayManageReplyReview,
  mayReadRatingDisputes,
  mayReadReplyReviews,
  mayReadReplyTemplates,
  mayReadTemplateOnlyReplies,
  requestVisibility,
} from '../http/policies.js';
import { itemsOf, pageOf, presentPage } from '../http/responses.js';
import { actsOn, creates, type ApiRegistry } from '../http/route.js';
import { requestPage } from '../requests/answers.js';
import { loadRequest } from '../requests/queries.js';
import { reviewSettings, templatesFor } from '../requests/review/load.js';
import { PLACEHOLDERS } from '../requests/review/templates.js';
import { referenceCache } from '../routing/reference-cache.js';
import { createTemplate, updateTemplate } from './commands/save-template.js';
import { saveReviewSettings } from './commands/save-review-settings.js';
import { presentTemplate, templateOnlyReply } from './presenter.js';
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

export function replyRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('replies');

  const oneTemplate = async (actor: Actor, id: number) => {
    const t = await loadTemplate(ctx.db, actor.jurisdictionId, id);
    if (!t) throw new AppError('not_found');
    return presentTemplate(t, actor);
  };

  /** What writing a template reads and may refuse (the command checks the department). */
  const templateWrite = { body: TemplateBody, errors: [409, 422], allow: mayReadReplyTemplates } as const;

  const settingsOf = async (jurisdictionId: string) => {
    const { settings, rules } = await reviewSettings(ctx.db, jurisdictionId);
    return { ...settings, rules };
  };

  /** A reviewer's queue (./queries.ts): its page of requests as the actor sees them, with the counts by state. */
  const queue =
    <Q extends { page: number; page_size: number }, C>(
      list: (
        db: AppContext['db'],
        jurisdictionId: string,
        query: Q,
      ) => Promise<{ rows: RequestRow[]; total: number; counts: C }>,
    ) =>
    async ({ actor, query }: { actor: Actor; query: Q }) => {
      const { rows, total, counts } = await list(ctx.db, actor.jurisdictionId, query);
      return { ...requestPage(rows, total, actor, query), counts };
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
    { ...templateWrite, response: { 201: ReplyTemplate } },
    creates(ctx, createTemplate, oneTemplate),
  );

  route.put(
    '/api/v1/reply-templates/:id',
    '修改答复模板 Change a reply template (or deactivate it with active: false)',
    { ...templateWrite, params: IdParams, response: { 200: ReplyTemplate } },
    actsOn(ctx, updateTemplate, oneTemplate),
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
      const found = await templateOnlyReplies(ctx.db, actor.jurisdictionId, query);
      return presentPage(found, query, templateOnlyReply);
    },
  );

  route.get(
    '/api/v1/reply-review/settings',
    '回复审核设置 Which replies are reviewed: the sample rate, reopened requests, the score floor, rules',
    { response: { 200: ReviewSettingsAnswer }, allow: mayReadReplyReviews },
    async ({ actor }) => settingsOf(actor.jurisdictionId),
  );

  route.put(
    '/api/v1/reply-review/settings',
    '保存回复审核设置 Replace the settings and every rule at once (admins and supervisors)',
    {
      body: ReviewSettingsBody,
      response: { 200: ReviewSettingsAnswer },
      errors: [422],
      allow: mayManageReplyReview,
    },
    async ({ actor, body }) => {
      await saveReviewSettings(ctx, { actor, body });
      return settingsOf(actor.jurisdictionId);
    },
  );

  route.get(
    '/api/v1/reply-reviews',
    '回复审核 Replies waiting for a reviewer (the oldest first), or sent back and not yet replied again',
    { query: ReviewsQuery, response: { 200: ReviewPage }, allow: mayReadReplyReviews },
    queue(listReviews),
  );

  route.get(
    '/api/v1/rating-disputes',
    '差评复核 Disputed ratings waiting for a decision (the oldest first), or decided (the latest first)',
    { query: DisputesQuery, response: { 200: DisputePage }, allow: mayReadRatingDisputes },
    queue(listDisputes),
  );
}
