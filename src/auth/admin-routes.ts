import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { ensureAllowed, mayManageApiKeys, mayManageUsers } from '../http/policies.js';
import { pageWindow } from '../http/inputs.js';
import { answerPage, Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { createStaffUser, resetPassword, usersPage } from '../users/users.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { sessionStore } from './sessions.js';
import {
  ApiKeyBody,
  ApiKeyList,
  CreatedApiKey,
  CreatedUser,
  IdParams,
  NewUserBody,
  PasswordBody,
  UserList,
  UsernameParams,
  UsersQuery,
} from './schemas.js';

export function adminAuthRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/admin/users',
    tag: 'admin',
    summary:
      '用户列表 Staff users, a page at a time; q finds a part of the username, name or department code',
    auth: 'actor',
    query: UsersQuery,
    response: { 200: UserList },
    errors: [403],
    handler: async ({ actor, query }) => {
      ensureAllowed(mayManageUsers(actor));
      const { items, total } = await usersPage(ctx, actor.jurisdictionId, {
        q: query.q,
        ...pageWindow(query),
      });
      return answerPage(items, total, query);
    },
  });
  api.route({
    method: 'POST',
    url: '/api/v1/admin/users',
    tag: 'admin',
    summary: '新增用户 Add a staff user (a taken username: 409 username_taken)',
    auth: 'actor',
    body: NewUserBody,
    response: { 201: CreatedUser },
    errors: [403, 409, 422],
    handler: async ({ actor, body, reply }) => {
      ensureAllowed(mayManageUsers(actor));
      const user = await createStaffUser(ctx, {
        jurisdictionId: actor.jurisdictionId,
        username: body.username,
        displayName: body.display_name,
        role: body.role,
        departmentCode: body.department_code ?? null,
        areaCode: body.area_code ?? null,
        password: body.password,
      });
      reply.code(201);
      return user;
    },
  });
  api.route({
    method: 'POST',
    url: '/api/v1/admin/users/:username/password',
    tag: 'admin',
    summary: '重置密码 Reset a password',
    auth: 'actor',
    params: UsernameParams,
    body: PasswordBody,
    response: { 200: Ok },
    errors: [403],
    handler: async ({ actor, params, body }) => {
      ensureAllowed(mayManageUsers(actor));
      const userId = await resetPassword(ctx, actor.jurisdictionId, params.username, body.password);
      if (userId === null) throw new AppError('not_found');
      sessionStore(ctx.db).forgetUser(actor.jurisdictionId, userId);
      return { ok: true };
    },
  });
  api.route({
    method: 'GET',
    url: '/api/v1/admin/api-keys',
    tag: 'admin',
    summary: 'API 密钥列表 API keys',
    auth: 'actor',
    response: { 200: ApiKeyList },
    errors: [403],
    handler: async ({ actor }) => {
      ensureAllowed(mayManageApiKeys(actor));
      return { items: await listApiKeys(ctx, actor.jurisdictionId) };
    },
  });
  api.route({
    method: 'POST',
    url: '/api/v1/admin/api-keys',
    tag: 'admin',
    summary: '创建 API 密钥 Create an API key (shown once)',
    auth: 'actor',
    body: ApiKeyBody,
    response: { 201: CreatedApiKey },
    errors: [403],
    handler: async ({ actor, body, reply }) => {
      ensureAllowed(mayManageApiKeys(actor));
      reply.code(201);
      return createApiKey(ctx, actor.jurisdictionId, body.name);
    },
  });
  api.route({
    method: 'DELETE',
    url: '/api/v1/admin/api-keys/:id',
    tag: 'admin',
    summary: '吊销 API 密钥 Revoke an API key',
    auth: 'actor',
    params: IdParams,
    response: { 200: Ok },
    errors: [403],
    handler: async ({ actor, params }) => {
      ensureAllowed(mayManageApiKeys(actor));
      if (!(await revokeApiKey(ctx, actor.jurisdictionId, params.id, ctx.now())))
        throw new AppError('not_found');
      return { ok: true };
    },
  });
}
