/** 考核: schemes, a month's ranking (frozen or provisional), a preview under another scheme, trends, the 通报. */
import type { AppContext } from '../context.js';
import {
  ensureAllowed,
  mayDrillIntoUnit,
  mayEditAssessment,
  mayPreviewAssessment,
  mayReadAssessment,
} from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { bulletinDocument } from './bulletin.js';
import { costlyRequests } from './drill-down.js';
import { METHOD } from './presenter.js';
import type { Scheme } from './scheme.js';
import {
  BulletinPdf,
  BulletinXlsx,
  CostlyAnswer,
  MonthAnswer,
  MonthParams,
  NewScheme,
  SchemeFields,
  SchemesAnswer,
  SchemeVersionAnswer,
  TrendAnswer,
  TrendQuery,
  UnitParams,
} from './schemas.js';
import { saveScheme, schemeVersions } from './schemes.js';
import { monthScores, unitTrend } from './scores.js';

export function assessmentRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('assessment');
  /** A month's scores and ranks (under another scheme: a preview), with how they are computed. */
  const ranked = async (jurisdictionId: string, month: string, scheme?: Scheme) => ({
    ...(await monthScores(ctx, jurisdictionId, month, scheme)),
    method: METHOD,
  });
  const today = async (jurisdictionId: string) =>
    localDate(ctx.now(), (await referenceCache(ctx.db).get(jurisdictionId)).timezone);

  route.get(
    '/api/v1/assessment/schemes',
    '考核办法 The versions of the assessment scheme, newest first (version 0: the built-in default)',
    { response: { 200: SchemesAnswer }, allow: mayReadAssessment },
    async ({ actor }) => ({ versions: await schemeVersions(ctx.db, actor.jurisdictionId) }),
  );

  route.post(
    '/api/v1/assessment/schemes',
    '修订考核办法 A new version of the scheme, in force from a month not yet closed',
    { body: NewScheme, response: { 201: SchemeVersionAnswer }, errors: [409, 422], allow: mayEditAssessment },
    async ({ actor, body, reply }) => {
      reply.code(201);
      return saveScheme(ctx.db, {
        jurisdictionId: actor.jurisdictionId,
        userId: actor.kind === 'user' ? actor.userId : null,
        effectiveMonth: body.effective_month,
        scheme: body.scheme,
        note: body.note,
        today: await today(actor.jurisdictionId),
      });
    },
  );

  route.get(
    '/api/v1/assessment/months/:month',
    '月度考核 A month’s scores and ranks of departments and streets: frozen once the month closed, else provisional',
    { params: MonthParams, response: { 200: MonthAnswer }, allow: mayReadAssessment },
    async ({ actor, params }) => ranked(actor.jurisdictionId, params.month),
  );

  route.post(
    '/api/v1/assessment/months/:month/preview',
    '试算 The month ranked under another scheme, nothing saved',
    { params: MonthParams, body: SchemeFields, response: { 200: MonthAnswer }, allow: mayPreviewAssessment },
    async ({ actor, params, body }) => ranked(actor.jurisdictionId, params.month, body),
  );

  route.get(
    '/api/v1/assessment/months/:month/trend',
    '趋势 Every unit’s score and rank over the months up to this one',
    { params: MonthParams, query: TrendQuery, response: { 200: TrendAnswer }, allow: mayReadAssessment },
    async ({ actor, params, query }) => ({
      months: await unitTrend(ctx, actor.jurisdictionId, params.month, query.months),
    }),
  );

  route.get(
    '/api/v1/assessment/months/:month/units/:kind/:code/requests',
    '扣分明细 The requests that cost a unit points in the month (returned, reopened, late or overdue)',
    {
      params: UnitParams,
      response: { 200: CostlyAnswer },
      allow: mayReadAssessment,
    },
    async ({ actor, params }) => {
      ensureAllowed(mayDrillIntoUnit(actor, params.kind, params.code));
      return {
        requests: await costlyRequests(ctx.db, {
          jurisdictionId: actor.jurisdictionId,
          month: params.month,
          kind: params.kind,
          code: params.code,
          now: ctx.now(),
        }),
      };
    },
  );

  for (const [format, response, type] of [
    ['pdf', BulletinPdf, BulletinPdf.contentType],
    ['xlsx', BulletinXlsx, BulletinXlsx.contentType],
  ] as const)
    route.get(
      `/api/v1/assessment/months/:month/bulletin.${format}`,
      `通报 The month’s bulletin as ${format === 'pdf' ? 'an A4 PDF printed by Chromium' : 'xlsx'}; the same document each time for the same inputs`,
      {
        params: MonthParams,
        response: { 200: response },
        errors: format === 'pdf' ? [503] : [],
        allow: mayReadAssessment,
      },
      async ({ actor, params, reply }) => {
        const file = await bulletinDocument(ctx, actor.jurisdictionId, params.month, format);
        return reply
          .header('content-type', type)
          .header('content-disposition', `attachment; filename="bulletin-${params.month}.${format}"`)
          .send(file);
      },
    );
}
