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

  const route = api.feature('auth', 'public');

  route.post(
    '/api/v1/auth/login',
    '工作人员登录 Staff login',
    { rateLimit: AUTH_RATE_LIMIT, body: LoginBody, response: { 200: StaffLogin } },
    async ({ body, reply }) => {
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
  );

  route.post(
    '/api/v1/auth/otp',
    '发送手机验证码 Send a one-time code to a resident',
    { rateLimit: 5, body: OtpBody, response: { 200: OtpSent } },
    async ({ body, req }) => {
      await sendOtp(ctx, deliver, {
        jurisdictionId: jurisdiction(body.jurisdiction_id),
        phone: body.phone,
        address: req.ip,
      });
      return { sent: true };
    },
  );

  route.post(
    '/api/v1/auth/otp/verify',
    '验证码登录 Resident login with the code',
    { rateLimit: AUTH_RATE_LIMIT, body: OtpVerifyBody, response: { 200: ResidentLogin } },
    async ({ body, reply }) => {
      const { userId, session } = await residentLogin(ctx, sessions, {
        jurisdictionId: jurisdiction(body.jurisdiction_id),
        phone: body.phone,
        code: body.code,
      });
      return { user: { id: userId, role: 'resident' }, ...presentSession(reply, session) };
    },
  );

  route.post('/api/v1/auth/logout', '退出 Log out', { response: { 200: Ok } }, async ({ req, reply }) => {
    // The session the request came with, however it was sent: a bearer token ends as a cookie does.
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    for (const token of new Set([bearer, req.cookies[SESSION_COOKIE]]))
      if (token) await sessions.destroy(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  route.get(
    '/api/v1/auth/me',
    '当前用户 Who am I, and what the web application offers me (`can`)',
    { auth: 'actor', response: { 200: Me } },
    async ({ actor }) =>
      presentMe(
        actor,
        await departmentKind(ctx, actor.jurisdictionId, actor.kind === 'user' ? actor.departmentCode : null),
      ),
  );
}
