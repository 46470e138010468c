import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { capabilities } from '../http/policies.js';
import { Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { departmentKind } from '../routing/queries.js';
import { residentLogin, sendOtp, staffLogin } from './login.js';
import type { OtpDelivery } from './otp.js';
import { presentMe } from './presenter.js';
import { LoginBody, Me, OtpBody, OtpSent, OtpVerifyBody, ResidentLogin, StaffLogin } from './schemas.js';
import type { SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'banshi_session';
const AUTH_RATE_LIMIT = 20;

export function authRoutes(api: ApiRegistry, ctx: AppContext, sessions: SessionStore, deliver: OtpDelivery) {
  const jurisdiction = (given: string | undefined) => given ?? ctx.config.defaultJurisdiction;
  /** The session as an HTTP-only cookie, and in the answer for clients that send a Bearer token. */
  const presentSession = (reply: FastifyReply, session: { token: string; expiresAt: Date }) => {
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      expires: session.expiresAt,
    });
    return { token: session.token, expires_at: session.expiresAt.toISOString() };
  };

  api.route({
    method: 'POST',
    url: '/api/v1/auth/login',
    tag: 'auth',
    summary: '工作人员登录 Staff login',
    auth: 'public',
    rateLimit: AUTH_RATE_LIMIT,
    body: LoginBody,
    response: { 200: StaffLogin },
    handler: async ({ body, reply }) => {
      const jurisdictionId = jurisdiction(body.jurisdiction_id);
      const { user, actor, session } = await staffLogin(ctx, sessions, { ...body, jurisdictionId });
      return {
        user: {
          id: user.id,
          username: body.username,
          display_name: user.display_name,
          role: user.role,
          department_code: user.department_code,
          can: capabilities(actor, user.department_kind),
        },
        ...presentSession(reply, session),
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
    body: OtpBody,
    response: { 200: OtpSent },
    handler: async ({ body, req }) => {
      await sendOtp(ctx, deliver, {
        jurisdictionId: jurisdiction(body.jurisdiction_id),
        phone: body.phone,
        address: req.ip,
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
    body: OtpVerifyBody,
    response: { 200: ResidentLogin },
    handler: async ({ body, reply }) => {
      const { userId, session } = await residentLogin(ctx, sessions, {
        jurisdictionId: jurisdiction(body.jurisdiction_id),
        phone: body.phone,
        code: body.code,
      });
      return { user: { id: userId, role: 'resident' }, ...presentSession(reply, session) };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/auth/logout',
    tag: 'auth',
    summary: '退出 Log out',
    auth: 'public',
    response: { 200: Ok },
    handler: async ({ req, reply }) => {
      // The session the request came with, however it was sent: a bearer token ends as a cookie does.
      const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      for (const token of new Set([bearer, req.cookies[SESSION_COOKIE]]))
        if (token) await sessions.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/auth/me',
    tag: 'auth',
    summary: '当前用户 Who am I, and what the web application offers me (`can`)',
    auth: 'actor',
    response: { 200: Me },
    handler: async ({ actor }) =>
      presentMe(
        actor,
        await departmentKind(ctx, actor.jurisdictionId, actor.kind === 'user' ? actor.departmentCode : null),
      ),
  });
}
