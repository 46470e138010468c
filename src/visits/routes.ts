import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { answerCreation, idempotencyKey } from '../http/idempotency.js';
import { pageWindow } from '../http/inputs.js';
import {
  ensureAllowed,
  mayListVisits,
  mayReadCampaignProgress,
  visitVisibility,
  type VisitVisibility,
} from '../http/policies.js';
import { answerPage } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { createCampaign, replaceTargets } from './commands/campaigns.js';
import { recordVisit } from './commands/record-visit.js';
import { presentCampaign, presentVisit } from './presenter.js';
import { findCampaignProgress, findVisit, listCampaigns, loadCampaign, visitsPage } from './queries.js';
import {
  Campaign,
  CampaignBody,
  CampaignList,
  CampaignProgress,
  IdParams,
  RecordedVisit,
  TargetsBody,
  Visit,
  VisitBody,
  VisitPage,
  VisitsQuery,
} from './schemas.js';

export function visitRoutes(api: ApiRegistry, ctx: AppContext) {
  const visit = async (j: string, id: number, v: VisitVisibility) => {
    const found = await findVisit(ctx, j, id, v);
    if (!found) throw new AppError('not_found');
    return presentVisit(found.visit, found.names);
  };
  const campaignProgress = async (j: string, id: number) => {
    const found = await findCampaignProgress(ctx, j, id);
    if (!found) throw new AppError('not_found');
    return { campaign: presentCampaign(found.campaign), ...found.progress };
  };

  api.route({
    method: 'POST',
    url: '/api/v1/visits',
    tag: 'visits',
    summary:
      '走访记录 Record a field visit; each need becomes a linked request (channel visit). Send an Idempotency-Key: a resubmission creates nothing',
    auth: 'actor',
    idempotent: true,
    body: VisitBody,
    response: { 201: RecordedVisit, 200: RecordedVisit },
    errors: [403, 409, 422],
    handler: async ({ actor, body, req, reply }) => {
      const result = await recordVisit(ctx, { actor, input: body, idempotencyKey: idempotencyKey(req) });
      answerCreation(reply, result);
      return {
        ...(await visit(actor.jurisdictionId, result.visitId, { kind: 'all' })),
        request_ids: result.requestIds,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/visits',
    tag: 'visits',
    summary: '走访列表 Visits (field workers see their own; the centre sees all)',
    auth: 'actor',
    query: VisitsQuery,
    response: { 200: VisitPage },
    errors: [403],
    handler: async ({ actor, query }) => {
      ensureAllowed(mayListVisits(actor));
      const { rows, total, names } = await visitsPage(
        ctx,
        actor.jurisdictionId,
        visitVisibility(actor),
        {
          campaignId: query.campaign_id,
          visitorUserId: query.visitor_user_id,
          area: query.area,
          from: query.from,
          to: query.to,
        },
        pageWindow(query),
      );
      return answerPage(
        rows.map((r) => presentVisit(r, names)),
        total,
        query,
      );
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/visits/:id',
    tag: 'visits',
    summary: '走访详情 A visit with the requests of its needs',
    auth: 'actor',
    params: IdParams,
    response: { 200: Visit },
    handler: async ({ actor, params }) => visit(actor.jurisdictionId, params.id, visitVisibility(actor)),
  });

  api.route({
    method: 'POST',
    url: '/api/v1/campaigns',
    tag: 'visits',
    summary: '走访活动 Create a campaign (两进两问, 三联三解, custom) with its plan per visitor and area',
    auth: 'actor',
    body: CampaignBody,
    response: { 201: Campaign },
    errors: [403, 422],
    handler: async ({ actor, body, reply }) => {
      const id = await createCampaign(ctx, { actor, input: body });
      reply.code(201);
      return presentCampaign((await loadCampaign(ctx, actor.jurisdictionId, id))!);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/campaigns',
    tag: 'visits',
    summary: '走访活动列表 Campaigns',
    auth: 'actor',
    response: { 200: CampaignList },
    errors: [403],
    handler: async ({ actor }) => {
      ensureAllowed(mayListVisits(actor));
      return { items: (await listCampaigns(ctx, actor.jurisdictionId)).map(presentCampaign) };
    },
  });

  api.route({
    method: 'PUT',
    url: '/api/v1/campaigns/:id/targets',
    tag: 'visits',
    summary: '走访计划 Replace a campaign plan (visits per visitor and/or area)',
    auth: 'actor',
    params: IdParams,
    body: TargetsBody,
    response: { 200: CampaignProgress },
    errors: [403, 422],
    handler: async ({ actor, params, body }) => {
      await replaceTargets(ctx, { actor, campaignId: params.id, targets: body.targets });
      return campaignProgress(actor.jurisdictionId, params.id);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/progress',
    tag: 'visits',
    summary: '走访进度 Visits done against the plan, per target, visitor and area',
    auth: 'actor',
    params: IdParams,
    response: { 200: CampaignProgress },
    errors: [403],
    handler: async ({ actor, params }) => {
      ensureAllowed(mayReadCampaignProgress(actor));
      return campaignProgress(actor.jurisdictionId, params.id);
    },
  });
}
