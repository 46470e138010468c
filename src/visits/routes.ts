import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { createsOnce, creation } from '../http/idempotency.js';
import { pageWindow } from '../http/inputs.js';
import {
  mayListVisits,
  mayReadCampaignProgress,
  visitVisibility,
  type VisitVisibility,
} from '../http/policies.js';
import { presentPage } from '../http/responses.js';
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

  const route = api.feature('visits');

  route.post(
    '/api/v1/visits',
    '走访记录 Record a field visit; each need becomes a linked request (channel visit). Send an Idempotency-Key: a resubmission creates nothing',
    creation(VisitBody, RecordedVisit),
    createsOnce(
      ({ actor, body, idempotencyKey }) => recordVisit(ctx, { actor, input: body, idempotencyKey }),
      async (recorded, actor) => ({
        ...(await visit(actor.jurisdictionId, recorded.visitId, { kind: 'all' })),
        request_ids: recorded.requestIds,
      }),
    ),
  );

  route.get(
    '/api/v1/visits',
    '走访列表 Visits (field workers see their own; the centre sees all)',
    { query: VisitsQuery, response: { 200: VisitPage }, allow: mayListVisits },
    async ({ actor, query }) => {
      const { names, ...found } = await visitsPage(
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
      return presentPage(found, query, (r) => presentVisit(r, names));
    },
  );

  route.get(
    '/api/v1/visits/:id',
    '走访详情 A visit with the requests of its needs',
    { params: IdParams, response: { 200: Visit } },
    async ({ actor, params }) => visit(actor.jurisdictionId, params.id, visitVisibility(actor)),
  );

  route.post(
    '/api/v1/campaigns',
    '走访活动 Create a campaign (两进两问, 三联三解, custom) with its plan per visitor and area',
    { body: CampaignBody, response: { 201: Campaign }, errors: [403, 422] },
    async ({ actor, body, reply }) => {
      const id = await createCampaign(ctx, { actor, input: body });
      reply.code(201);
      return presentCampaign((await loadCampaign(ctx, actor.jurisdictionId, id))!);
    },
  );

  route.get(
    '/api/v1/campaigns',
    '走访活动列表 Campaigns',
    { response: { 200: CampaignList }, allow: mayListVisits },
    async ({ actor }) => ({ items: (await listCampaigns(ctx, actor.jurisdictionId)).map(presentCampaign) }),
  );

  route.put(
    '/api/v1/campaigns/:id/targets',
    '走访计划 Replace a campaign plan (visits per visitor and/or area)',
    { params: IdParams, body: TargetsBody, response: { 200: CampaignProgress }, errors: [403, 422] },
    async ({ actor, params, body }) => {
      await replaceTargets(ctx, { actor, campaignId: params.id, targets: body.targets });
      return campaignProgress(actor.jurisdictionId, params.id);
    },
  );

  route.get(
    '/api/v1/campaigns/:id/progress',
    '走访进度 Visits done against the plan, per target, visitor and area',
    { params: IdParams, response: { 200: CampaignProgress }, allow: mayReadCampaignProgress },
    async ({ actor, params }) => campaignProgress(actor.jurisdictionId, params.id),
  );
}
