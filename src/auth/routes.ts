import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { capabilities } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { findOrCreateResident } from '../users/users.js';
import { consumeOtp, issueOtp, type OtpDelivery } from './otp.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SessionStore } from './sessions.js';
import { newToken } from './tokens.js';

export const SESSION_COOKIE = 'banshi_session';
const Phone = z.string().regex(/^\+?(86)?1[3-9]\d{9}$/, 'a mainland mobile number');
const AUTH_RATE_LIMIT = 20;

export function authRoutes(api: ApiRegistry, ctx: AppContext, sessions: SessionStore, deliver: OtpDelivery) {
  const can = async (actor: Actor) => {
    const code = actor.kind === 'user' ? actor.departmentCode : null;
    const department = code
      ? await ctx.db
          .selectFrom('departments')
          .select('kind')
          .where('jurisdiction_id', '=', actor.jurisdictionId)
          .where('code', '=', code)
          .executeTakeFirst()
      : undefined;
    return capabilities(actor, department?.kind ?? null);
  };
  // A hash of a secret nobody knows: unknown usernames cost the same time as wrong passwords.
  let dummyHash: Promise<string> | undefined;
  const startSession = async (
    reply: Parameters<Parameters<ApiRegistry['route']>[0]['handler']>[0]['reply'],
    jurisdictionId: string,
    userId: number,
  ) => {
    const { token, expiresAt } = await sessions.create(jurisdictionId, userId, ctx.now());
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      expires: expiresAt,
    });
    return { token, expires_at: expiresAt.toISOString() };
  };

  api.route({
    method: 'POST',
    url: '/api/v1/auth/login',
    tag: 'auth',
    summary: '工作人员登录 Staff login',
    auth: 'public',
    rateLimit: AUTH_RATE_LIMIT,
    body: z
      .object({
        username: z.string().min(1).max(100),
        password: z.string().min(1).max(200),
        jurisdiction_id: z.string().optional(),
      })
      .strict(),
    handler: async ({ body, reply }) => {
      const jurisdictionId = body.jurisdiction_id ?? ctx.config.defaultJurisdiction;
      const user = await ctx.db
        .selectFrom('users')
        .select(['id', 'password_hash', 'role', 'display_name', 'department_code', 'area_code', 'active'])
        .where('jurisdiction_id', '=', jurisdictionId)
        .where('username', '=', body.username)
        .executeTakeFirst();
      // Verify against a hash even for unknown users, so response time does not reveal which usernames exist.
      const ok = await verifyPassword(
        user?.password_hash ?? (await (dummyHash ??= hashPassword(newToken()))),
        body.password,
      );
      if (!user || !ok || !user.active) throw new AppError('invalid_credentials');
      const session = await startSession(reply, jurisdictionId, user.id);
      return {
        user: {
          id: user.id,
          username: body.username,
          display_name: user.display_name,
          role: user.role,
          department_code: user.department_code,
          can: await can({
            kind: 'user',
            jurisdictionId,
            userId: user.id,
            role: user.role,
            departmentCode: user.department_code,
            areaCode: user.area_code,
            label: user.display_name,
          }),
        },
        ...session,
      };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/auth/otp',
    tag: 'auth',
    summary: '发送手机验证码 Send a one-time code to a resident',
    auth: 'public',
    rateLimit: 5,
    body: z.object({ phone: Phone, jurisdiction_id: z.string().optional() }).strict(),
    handler: async ({ body }) => {
      await issueOtp({
        db: ctx.db,
        vault: ctx.vault,
        jurisdictionId: body.jurisdiction_id ?? ctx.config.defaultJurisdiction,
        phone: body.phone,
        now: ctx.now(),
        deliver,
      });
      return { sent: true };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/auth/otp/verify',
    tag: 'auth',
    summary: '验证码登录 Resident login with the code',
    auth: 'public',
    rateLimit: AUTH_RATE_LIMIT,
    body: z
      .object({ phone: Phone, code: z.string().regex(/^\d{6}$/), jurisdiction_id: z.string().optional() })
      .strict(),
    handler: async ({ body, reply }) => {
      const jurisdictionId = body.jurisdiction_id ?? ctx.config.defaultJurisdiction;
      const ok = await consumeOtp({
        db: ctx.db,
        vault: ctx.vault,
        jurisdictionId,
        phone: body.phone,
        code: body.code,
        now: ctx.now(),
      });
      if (!ok) throw new AppError('invalid_code');
      const userId = await findOrCreateResident(ctx.db, ctx.vault, jurisdictionId, body.phone);
      const session = await startSession(reply, jurisdictionId, userId);
      return { user: { id: userId, role: 'resident' }, ...session };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/auth/logout',
    tag: 'auth',
    summary: '退出 Log out',
    auth: 'public',
    handler: async ({ req, reply }) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await sessions.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/auth/me',
    tag: 'auth',
    summary: '当前用户 Who am I',
    auth: 'actor',
    handler: async ({ actor }) =>
      actor.kind === 'user'
        ? {
            kind: 'user',
            id: actor.userId,
            role: actor.role,
            display_name: actor.label,
            department_code: actor.departmentCode,
            area_code: actor.areaCode,
            jurisdiction_id: actor.jurisdictionId,
            can: await can(actor),
          }
        : {
            kind: actor.kind,
            name: actor.label,
            jurisdiction_id: actor.jurisdictionId,
            can: await can(actor),
          },
  });
}
