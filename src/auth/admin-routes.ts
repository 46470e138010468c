import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { isAdmin } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { createStaffUser, listUsers, resetPassword, STAFF_ROLES } from '../users/users.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { sessionStore } from './sessions.js';

export function adminAuthRoutes(api: ApiRegistry, ctx: AppContext) {
  const admin = (actor: Parameters<typeof isAdmin>[0]) => {
    if (!isAdmin(actor)) throw new AppError('forbidden');
  };
  api.route({
    method: 'GET',
    url: '/api/v1/admin/users',
    tag: 'admin',
    summary: '用户列表 Staff users',
    auth: 'actor',
    handler: async ({ actor }) => {
      admin(actor);
      return { items: await listUsers(ctx.db, actor.jurisdictionId) };
    },
  });
  api.route({
    method: 'POST',
    url: '/api/v1/admin/users',
    tag: 'admin',
    summary: '新增用户 Add a staff user',
    auth: 'actor',
    body: z
      .object({
        username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/),
        display_name: z.string().trim().min(1).max(50),
        role: z.enum(STAFF_ROLES),
        department_code: z.string().nullable().optional(),
        area_code: z.string().nullable().optional(),
        password: z.string().min(8).max(200),
      })
      .strict()
      .refine((b) => !['handler', 'department_head'].includes(b.role) || !!b.department_code, {
        message: 'handlers and heads need a department',
        path: ['department_code'],
      }),
    handler: async ({ actor, body, reply }) => {
      admin(actor);
      const user = await createStaffUser(ctx.db, {
        jurisdictionId: actor.jurisdictionId,
        username: body.username,
        displayName: body.display_name,
        role: body.role,
        departmentCode: body.department_code ?? null,
        areaCode: body.area_code ?? null,
        password: body.password,
      }).catch((err: { code?: string }) => {
        if (err.code === '23505') throw new AppError('conflict', { username: body.username });
        if (err.code === '23503')
          throw new AppError('unknown_reference', { department_code: body.department_code });
        throw err;
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
    params: z.object({ username: z.string() }),
    body: z.object({ password: z.string().min(8).max(200) }).strict(),
    handler: async ({ actor, params, body }) => {
      admin(actor);
      const userId = await resetPassword(ctx.db, actor.jurisdictionId, params.username, body.password);
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
    handler: async ({ actor }) => {
      admin(actor);
      return { items: await listApiKeys(ctx.db, actor.jurisdictionId) };
    },
  });
  api.route({
    method: 'POST',
    url: '/api/v1/admin/api-keys',
    tag: 'admin',
    summary: '创建 API 密钥 Create an API key (shown once)',
    auth: 'actor',
    body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    handler: async ({ actor, body, reply }) => {
      admin(actor);
      reply.code(201);
      return createApiKey(ctx.db, actor.jurisdictionId, body.name);
    },
  });
  api.route({
    method: 'DELETE',
    url: '/api/v1/admin/api-keys/:id',
    tag: 'admin',
    summary: '吊销 API 密钥 Revoke an API key',
    auth: 'actor',
    params: z.object({ id: z.coerce.number().int().positive() }),
    handler: async ({ actor, params }) => {
      admin(actor);
      if (!(await revokeApiKey(ctx.db, actor.jurisdictionId, params.id, ctx.now())))
        throw new AppError('not_found');
      return { ok: true };
    },
  });
}
