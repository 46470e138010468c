import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { mayManageApiKeys, mayManageUsers } from '../http/policies.js';
import { Ok } from '../http/responses.js';
import { listItems, type ApiRegistry } from '../http/route.js';
import { createStaffUser, listUsers, resetPassword } from '../users/users.js';
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
} from './schemas.js';

export function adminAuthRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('admin');

  route.get(
    '/api/v1/admin/users',
    '用户列表 Staff users',
    { response: { 200: UserList }, allow: mayManageUsers },
    listItems(ctx, listUsers),
  );
  route.post(
    '/api/v1/admin/users',
    '新增用户 Add a staff user',
    { body: NewUserBody, response: { 201: CreatedUser }, errors: [409, 422], allow: mayManageUsers },
    async ({ actor, body, reply }) => {
      const user = await createStaffUser(ctx, {
        jurisdictionId: actor.jurisdictionId,
        username: body.username,
        displayName: body.display_name,
        role: body.role,
        departmentCode: body.department_code,
        areaCode: body.area_code,
        password: body.password,
      });
      reply.code(201);
      return user;
    },
  );
  route.post(
    '/api/v1/admin/users/:username/password',
    '重置密码 Reset a password',
    { params: UsernameParams, body: PasswordBody, response: { 200: Ok }, allow: mayManageUsers },
    async ({ actor, params, body }) => {
      const userId = await resetPassword(ctx, actor.jurisdictionId, params.username, body.password);
      if (userId === null) throw new AppError('not_found');
      sessionStore(ctx.db).forgetUser(actor.jurisdictionId, userId);
      return { ok: true };
    },
  );
  route.get(
    '/api/v1/admin/api-keys',
    'API 密钥列表 API keys',
    { response: { 200: ApiKeyList }, allow: mayManageApiKeys },
    listItems(ctx, listApiKeys),
  );
  route.post(
    '/api/v1/admin/api-keys',
    '创建 API 密钥 Create an API key (shown once)',
    { body: ApiKeyBody, response: { 201: CreatedApiKey }, allow: mayManageApiKeys },
    async ({ actor, body, reply }) => {
      reply.code(201);
      return createApiKey(ctx, actor.jurisdictionId, body.name);
    },
  );
  route.delete(
    '/api/v1/admin/api-keys/:id',
    '吊销 API 密钥 Revoke an API key',
    { params: IdParams, response: { 200: Ok }, allow: mayManageApiKeys },
    async ({ actor, params }) => {
      if (!(await revokeApiKey(ctx, actor.jurisdictionId, params.id, ctx.now())))
        throw new AppError('not_found');
      return { ok: true };
    },
  );
}
