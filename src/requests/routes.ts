import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { answerCreation, idempotencyKey } from '../http/idempotency.js';
import { maySeeDuplicateCandidates, registrationChannel } from '../http/policies.js';
import { answerPage } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { requestItem, requestWithTimeline } from './answers.js';
import { registerRequest } from './commands/register.js';
import { listRequests } from './list.js';
import { performAndRead } from './perform.js';
import { loadRequestDetail } from './queries.js';
import {
  ActionAnswer,
  ActionBody,
  ActionParams,
  IdParams,
  ListQuery,
  RegisterBody,
  RequestDetail,
  RequestItem,
  RequestListPage,
} from './schemas.js';
import { ACTIONS, isAction, SYSTEM_ACTIONS } from './workflow.js';

export function requestRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'POST',
    url: '/api/v1/requests',
    tag: 'requests',
    summary: '登记诉求 Register a request (Idempotency-Key honoured)',
    auth: 'actor',
    idempotent: true,
    body: RegisterBody,
    response: { 201: RequestItem, 200: RequestItem },
    errors: [403, 409, 422],
    handler: async ({ actor, body, req, reply }) => {
      const result = await registerRequest(ctx, {
        actor,
        input: body,
        channel: registrationChannel(actor),
        idempotencyKey: idempotencyKey(req),
      });
      answerCreation(reply, result);
      return requestItem(result.request, actor);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/requests',
    tag: 'requests',
    summary: '诉求列表 List requests visible to the caller',
    auth: 'actor',
    query: ListQuery,
    response: { 200: RequestListPage },
    handler: async ({ actor, query }) => {
      const { rows, total, longOverdueBefore } = await listRequests(ctx, actor, query, ctx.now());
      return {
        ...answerPage(
          rows.map((r) => requestItem(r, actor)),
          total,
          query,
        ),
        long_overdue_before: longOverdueBefore,
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/requests/:id',
    tag: 'requests',
    summary: '诉求详情及时间线 A request with its timeline',
    auth: 'actor',
    params: IdParams,
    response: { 200: RequestDetail },
    handler: async ({ actor, params }) => {
      const found = await loadRequestDetail(ctx, actor, params.id, {
        withDuplicates: maySeeDuplicateCandidates(actor),
        now: ctx.now(),
      });
      if (!found) throw new AppError('not_found');
      return {
        ...requestWithTimeline(found.row, actor, found.timeline),
        ...(found.duplicates ? { duplicate_candidates: found.duplicates } : {}),
      };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/requests/:id/actions/:action',
    tag: 'requests',
    summary: `办理动作 Perform a lifecycle action: ${ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a)).join(', ')}`,
    auth: 'actor',
    params: ActionParams,
    body: ActionBody,
    response: { 200: ActionAnswer },
    errors: [403, 409, 422],
    handler: async ({ actor, params, body }) => {
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
        ...requestWithTimeline(done.request, actor, done.timeline),
        ...(done.contact ? { contact: done.contact } : {}),
      };
    },
  });
}
