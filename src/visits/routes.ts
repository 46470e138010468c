import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { mayManageCampaigns, visitVisibility } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { referenceNames } from '../projects/queries.js';
import { isIsoDate } from '../projects/status.js';
import { MAX_BODY_CHARS } from '../requests/schemas.js';
import { createCampaign, replaceTargets } from './commands/campaigns.js';
import { recordVisit } from './commands/record-visit.js';
import { CAMPAIGN_LABELS, presentVisit } from './presenter.js';
import { listCampaigns, listVisits, loadCampaign, loadCampaignProgress } from './queries.js';

const Need = z
  .object({
    body: z.string().trim().min(1).max(MAX_BODY_CHARS),
    title: z.string().trim().max(200).optional(),
    type: z.enum(['咨询', '求助', '投诉', '举报', '建议']).optional(),
    category_code: z.string().min(1).max(100).optional(),
    urgent: z.boolean().optional(),
  })
  .strict();

const VisitBody = z
  .object({
    campaign_id: z.number().int().positive().optional(),
    visitor_kind: z.enum(['official', 'deputy', 'grid_worker']).optional(),
    visitee: z
      .object({
        kind: z.enum(['household', 'enterprise', 'community']),
        name: z.string().trim().min(1).max(100).optional(),
        phone: z
          .string()
          .regex(/^\+?[\d\s-]{5,20}$/)
          .optional(),
      })
      .strict(),
    visited_at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    area_code: z.string().min(1).max(100).optional(),
    address: z.string().trim().max(300).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    notes: z.string().trim().max(MAX_BODY_CHARS).optional(),
    needs: z.array(Need).max(20).default([]),
  })
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  });

const IsoDate = z.string().refine(isIsoDate, { message: 'a date YYYY-MM-DD' });
const Target = z
  .object({
    visitor_user_id: z.number().int().positive().optional(),
    area_code: z.string().min(1).max(100).optional(),
    planned_visits: z.number().int().min(1).max(1_000_000),
  })
  .strict()
  .refine((t) => t.visitor_user_id !== undefined || t.area_code !== undefined, {
    message: 'a visitor, an area, or both',
  });
const Targets = z.array(Target).max(5000);
const CampaignBody = z
  .object({
    kind: z.enum(['liangjin_liangwen', 'sanlian_sanjie', 'custom']),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).default(''),
    starts_on: IsoDate.nullable().default(null),
    ends_on: IsoDate.nullable().default(null),
    targets: Targets.default([]),
  })
  .strict()
  .refine((c) => !c.starts_on || !c.ends_on || c.starts_on <= c.ends_on, {
    message: 'starts_on after ends_on',
    path: ['ends_on'],
  });

const ListQuery = z
  .object({
    campaign_id: z.coerce.number().int().positive().optional(),
    visitor_user_id: z.coerce.number().int().positive().optional(),
    area: z.string().min(1).max(100).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export function visitRoutes(api: ApiRegistry, ctx: AppContext) {
  const visitById = async (j: string, id: number, v: ReturnType<typeof visitVisibility>) => {
    const { rows } = await listVisits(ctx.db, j, v, { ids: [id] }, { limit: 1, offset: 0 });
    if (!rows[0]) throw new AppError('not_found');
    return presentVisit(rows[0], await referenceNames(ctx.db, j));
  };

  api.route({
    method: 'POST',
    url: '/api/v1/visits',
    tag: 'visits',
    summary:
      '走访记录 Record a field visit; each need becomes a linked request (channel visit). Send an Idempotency-Key: a resubmission creates nothing',
    auth: 'actor',
    body: VisitBody,
    handler: async ({ actor, body, req, reply }) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)) {
        throw new AppError('validation_failed', {
          issues: [{ path: 'Idempotency-Key', message: '1–200 characters' }],
        });
      }
      const result = await recordVisit(ctx, { actor, input: body, idempotencyKey: key });
      reply.code(result.status);
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      const visit = await visitById(actor.jurisdictionId, result.visitId, { kind: 'all' });
      return { ...visit, request_ids: result.requestIds };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/visits',
    tag: 'visits',
    summary: '走访列表 Visits (field workers see their own; the centre sees all)',
    auth: 'actor',
    query: ListQuery,
    handler: async ({ actor, query }) => {
      const v = visitVisibility(actor);
      if (v.kind === 'none') throw new AppError('forbidden');
      const j = actor.jurisdictionId;
      const { rows, total } = await listVisits(
        ctx.db,
        j,
        v,
        {
          campaignId: query.campaign_id,
          visitorUserId: query.visitor_user_id,
          area: query.area,
          from: query.from,
          to: query.to,
        },
        { limit: query.page_size, offset: (query.page - 1) * query.page_size },
      );
      const names = await referenceNames(ctx.db, j);
      return {
        items: rows.map((r) => presentVisit(r, names)),
        total,
        page: query.page,
        page_size: query.page_size,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/visits/:id',
    tag: 'visits',
    summary: '走访详情 A visit with the requests of its needs',
    auth: 'actor',
    params: IdParams,
    handler: async ({ actor, params }) => visitById(actor.jurisdictionId, params.id, visitVisibility(actor)),
  });

  api.route({
    method: 'POST',
    url: '/api/v1/campaigns',
    tag: 'visits',
    summary: '走访活动 Create a campaign (两进两问, 三联三解, custom) with its plan per visitor and area',
    auth: 'actor',
    body: CampaignBody,
    handler: async ({ actor, body, reply }) => {
      const id = await createCampaign(ctx, { actor, input: body });
      reply.code(201);
      return presentCampaign((await loadCampaign(ctx.db, actor.jurisdictionId, id))!);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/campaigns',
    tag: 'visits',
    summary: '走访活动列表 Campaigns',
    auth: 'actor',
    handler: async ({ actor }) => {
      if (visitVisibility(actor).kind === 'none') throw new AppError('forbidden');
      return { items: (await listCampaigns(ctx.db, actor.jurisdictionId)).map(presentCampaign) };
    },
  });

  api.route({
    method: 'PUT',
    url: '/api/v1/campaigns/:id/targets',
    tag: 'visits',
    summary: '走访计划 Replace a campaign plan (visits per visitor and/or area)',
    auth: 'actor',
    params: IdParams,
    body: z.object({ targets: Targets }).strict(),
    handler: async ({ actor, params, body }) => {
      await replaceTargets(ctx, { actor, campaignId: params.id, targets: body.targets });
      return campaignProgressBody(actor.jurisdictionId, params.id);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/campaigns/:id/progress',
    tag: 'visits',
    summary: '走访进度 Visits done against the plan, per target, visitor and area',
    auth: 'actor',
    params: IdParams,
    handler: async ({ actor, params }) => {
      if (visitVisibility(actor).kind === 'none' && !mayManageCampaigns(actor))
        throw new AppError('forbidden');
      return campaignProgressBody(actor.jurisdictionId, params.id);
    },
  });

  async function campaignProgressBody(j: string, id: number) {
    const c = await loadCampaign(ctx.db, j, id);
    if (!c) throw new AppError('not_found');
    return { campaign: presentCampaign(c), ...(await loadCampaignProgress(ctx.db, j, id)) };
  }
}

function presentCampaign(c: NonNullable<Awaited<ReturnType<typeof loadCampaign>>>) {
  return {
    id: c.id,
    kind: c.kind,
    kind_label: CAMPAIGN_LABELS[c.kind],
    name: c.name,
    description: c.description,
    starts_on: c.starts_on ?? null,
    ends_on: c.ends_on ?? null,
    created_at: c.created_at.toISOString(),
  };
}
