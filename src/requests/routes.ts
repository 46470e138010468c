import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { createsOnce, creation } from '../http/idempotency.js';
import { maySeeDuplicateCandidates, registrationChannel } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { requestItem, requestPage, requestWithTimeline } from './answers.js';
import { callerHistory, lookUpCaller } from './commands/look-up-caller.js';
import { registerRequest } from './commands/register.js';
import { listRequests } from './list.js';
import { performAndRead } from './perform.js';
import { presentCallerHistory } from './presenter.js';
import { loadRequestDetail } from './queries.js';
import {
  ActionAnswer,
  ActionBody,
  ActionParams,
  CallerHistory,
  CallerHistoryQuery,
  IdParams,
  ListQuery,
  RegisterBody,
  RequestDetail,
  RequestItem,
  RequestListPage,
} from './schemas.js';
import { ACTIONS, isAction, SYSTEM_ACTIONS } from './workflow.js';

export function requestRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('requests');

  route.post(
    '/api/v1/requests',
    '登记诉求 Register a request (Idempotency-Key honoured)',
    creation(RegisterBody, RequestItem),
    createsOnce(
      ({ actor, body, idempotencyKey }) =>
        registerRequest(ctx, { actor, input: body, channel: registrationChannel(actor), idempotencyKey }),
      ({ request }, actor) => requestItem(request, actor),
    ),
  );

  route.get(
    '/api/v1/requests',
    '诉求列表 List requests visible to the caller',
    { query: ListQuery, response: { 200: RequestListPage }, errors: [403] },
    async ({ actor, query }) => {
      const phoneHash = query.phone
        ? await lookUpCaller(ctx, actor, query.phone, 'request_search')
        : undefined;
      const { rows, total, longOverdueBefore } = await listRequests(
        ctx,
        actor,
        { ...query, phoneHash },
        ctx.now(),
      );
      return { ...requestPage(rows, total, actor, query), long_overdue_before: longOverdueBefore };
    },
  );

  route.get(
    '/api/v1/callers/history',
    '来电人历史诉求 The latest requests of a caller, found by their phone (each look-up is logged)',
    { query: CallerHistoryQuery, response: { 200: CallerHistory }, errors: [403] },
    async ({ actor, query }) => {
      const { total, rows } = await callerHistory(ctx, actor, query.phone);
      return presentCallerHistory(query.phone, total, rows);
    },
  );

  route.get(
    '/api/v1/requests/:id',
    '诉求详情及时间线 A request with its timeline',
    { params: IdParams, response: { 200: RequestDetail } },
    async ({ actor, params }) => {
      const found = await loadRequestDetail(ctx, actor, params.id, {
        withDuplicates: maySeeDuplicateCandidates(actor),
        now: ctx.now(),
      });
      if (!found) throw new AppError('not_found');
      return {
        ...requestWithTimeline(found.row, actor, found.timeline, found.coHandlers),
        ...(found.duplicates ? { duplicate_candidates: found.duplicates } : {}),
      };
    },
  );

  route.post(
    '/api/v1/requests/:id/actions/:action',
    `办理动作 Perform a lifecycle action: ${ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a)).join(', ')}`,
    { params: ActionParams, body: ActionBody, response: { 200: ActionAnswer }, errors: [403, 409, 422] },
    async ({ actor, params, body }) => {
      if (!isAction(params.action) || SYSTEM_ACTIONS.includes(params.action))
        throw new AppError('not_found', { action: params.action });
      const { expected_version, ...input } = body;
      const done = await performAndRead(ctx, {
        actor,
        requestId: params.id,
        action: params.action,
        input,
        expectedVersion: expected_version,
      });
      return {
        ...requestWithTimeline(done.request, actor, done.timeline, done.coHandlers),
        ...(done.contact ? { contact: done.contact } : {}),
      };
    },
  );
}
