import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { resolveApiKey } from './auth/api-keys.js';
import { adminAuthRoutes } from './auth/admin-routes.js';
import type { OtpDelivery } from './auth/otp.js';
import { authRoutes, SESSION_COOKIE } from './auth/routes.js';
import { sessionStore } from './auth/sessions.js';
import type { AppContext } from './context.js';
import type { Actor } from './http/actor.js';
import { AppError, errorBody } from './http/errors.js';
import { crossSiteWrite } from './http/csrf.js';
import { noteWriters } from './http/read-replica.js';
import { registerJsonParser } from './http/json-body.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { ApiRegistry } from './http/route.js';
import { registerHealth } from './health.js';
import type { Role } from './roles.js';
import { holidayRoutes } from './holidays/routes.js';
import { assessmentRoutes } from './assessment/routes.js';
import { metricsRoutes } from './metrics/routes.js';
import { topicsRoutes } from './text/topics-routes.js';
import { mapTileSources, publicRoutes } from './public/routes.js';
import { attachmentsPlugin } from './attachments/routes.js';
import { milestoneEvidencePlugin } from './projects/evidence/routes.js';
import { registerWeb } from './web/static.js';
import { open311AdminRoutes } from './open311/admin-routes.js';
import { open311Routes } from './open311/routes/index.js';
import { feedRoutes } from './feeds/routes.js';
import { activityCalendarRoutes, activityStatsRoutes } from './activities/stats/routes.js';
import { knowledgeRoutes } from './knowledge/routes.js';
import { focusRoutes } from './focus/routes.js';
import { orderRoutes } from './orders/routes.js';
import { parkingBookingRoutes } from './parking/booking-routes.js';
import { parkingObservationRoutes } from './parking/observation-routes.js';
import { parkingRoutes } from './parking/routes.js';
import { siteIndex } from './parking/site-index.js';
import { projectRoutes } from './projects/routes.js';
import { requestListRoutes } from './requests/list-routes.js';
import { requestRoutes } from './requests/routes.js';
import { replyRoutes } from './replies/routes.js';
import { referenceRoutes } from './routing/routes.js';
import { savedFilterRoutes } from './saved-filters/routes.js';
import { deliveryRoutes } from './delivery/routes.js';
import { meTooRoutes } from './me-too/routes.js';
import { subscriptionRoutes } from './subscriptions/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { visitRoutes } from './visits/routes.js';
import { activityRoutes } from './activities/routes.js';

export const BODY_LIMIT = 1_048_576;

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves when no API handler is running (for a graceful shutdown). */
    drain(): Promise<void>;
  }
}

/** `role`: what /healthz says this process is (./roles.ts). */
export type AppOptions = { logger?: boolean; deliverOtp?: OtpDelivery; role?: Role };

/** Builds the HTTP application from the feature route modules, with one error handler. */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    return503OnClosing: true,
    // Errors Fastify meets before routing (a URL that is not valid percent-encoding …) answer in our format too.
    frameworkErrors: (err, _req, reply) => {
      void (reply as FastifyReply).code(400).send(errorBody('validation_failed', { reason: err.message }));
    },
    // A client that sends its request slowly, or never finishes it, does not hold a connection for long.
    requestTimeout: ctx.config.requestTimeoutMs,
    keepAliveTimeout: ctx.config.keepAliveTimeoutMs,
    connectionTimeout: ctx.config.requestTimeoutMs * 2,
    // Node checks the request and header deadlines this often (30 s by default, which would let them run long).
    http: {
      headersTimeout: ctx.config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, ctx.config.headersTimeoutMs),
    },
  });
  app.server.maxConnections = ctx.config.maxConnections;
  registerJsonParser(app);
  // A NUL (%00) in the path or the query reaches no route: PostgreSQL cannot compare text with it.
  app.addHook('onRequest', async (req) => {
    if (/%00/i.test(req.url)) throw new AppError('invalid_characters', { path: 'url' });
  });
  await app.register(cookie);
  noteWriters(app, ctx);
  const https = ctx.config.publicUrl.startsWith('https:');
  registerSecurityHeaders(app, {
    // HSTS over plain HTTP means nothing to a browser and misleads a scanner: only behind HTTPS.
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapTileSources()],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Served over plain HTTP on an intranet, upgrading would break every asset; behind HTTPS, keep it.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => ({
      statusCode: 429,
      ...errorBody('rate_limited', { retry_after_ms: c.ttl }),
    }),
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError)
      return reply
        .code(err.status)
        .send(errorBody(err.code, err.details, { zh: err.messageZh, en: err.messageEn }));
    const status = (err as FastifyError).statusCode;
    if (status === 429) return reply.code(429).send(errorBody('rate_limited'));
    if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send(errorBody('payload_too_large', { limit_bytes: BODY_LIMIT }));
    if ((err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.code(415).send(errorBody('unsupported_media_type'));
    if (status && status >= 400 && status < 500)
      return reply.code(status).send(errorBody('validation_failed', { reason: err.message }));
    req.log.error(err);
    ctx.log.error(`unhandled error on ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
    return reply.code(500).send(errorBody('internal_error'));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(errorBody('not_found')));

  const sessions = sessionStore(ctx.db);
  const authenticate = async (req: FastifyRequest): Promise<Actor | null> => {
    const cached = (req as { actor?: Actor | null }).actor;
    if (cached !== undefined) return cached;
    let actor: Actor | null = null;
    const apiKey = req.headers['x-api-key'];
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookieToken = req.cookies[SESSION_COOKIE];
    if (typeof apiKey === 'string') {
      actor = await resolveApiKey(ctx.db, apiKey);
      if (!actor) throw new AppError('unauthenticated', { reason: 'invalid api key' });
    } else if (bearer) {
      actor = await sessions.resolve(bearer, ctx.now());
    } else if (cookieToken) {
      if (crossSiteWrite(req, ctx.config.publicUrl))
        throw new AppError('forbidden', { reason: 'cross_site' });
      actor = await sessions.resolve(cookieToken, ctx.now());
    }
    (req as { actor?: Actor | null }).actor = actor;
    return actor;
  };
  const api = new ApiRegistry(app, authenticate, ctx.config.publicRateLimit, {
    validateResponses: ctx.config.validateResponses,
  });
  app.decorate('drain', () => api.idle());
  const deliverOtp: OtpDelivery =
    opts.deliverOtp ??
    (async (phone, code) =>
      ctx.log.info(`OTP for ${phone.slice(0, 3)}****${phone.slice(-4)}: ${code} (dev delivery: log)`));

  registerHealth(app, ctx, opts.role ?? 'all');
  await registerApiRoutes(app, api, ctx, deliverOtp);
  open311Routes(app, ctx);
  feedRoutes(app, ctx);
  activityCalendarRoutes(app, ctx);
  // The nearby query answers from memory: load it before the first resident asks rather than on their time.
  app.addHook('onReady', async () => void (await siteIndex(ctx.db).get(ctx.config.defaultJurisdiction)));

  await app.register(swagger, { mode: 'static', specification: { document: api.document() as never } });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await registerWeb(app);
  return app;
}

/**
 * The /api/v1 routes of every feature, described in the registry's OpenAPI document. Registering them reads the
 * context's configuration only: the database is first used by a handler (`openApiDocument` relies on it).
 */
export async function registerApiRoutes(
  app: FastifyInstance,
  api: ApiRegistry,
  ctx: AppContext,
  deliverOtp: OtpDelivery,
): Promise<void> {
  authRoutes(api, ctx, sessionStore(ctx.db), deliverOtp);
  adminAuthRoutes(api, ctx);
  referenceRoutes(api, ctx);
  holidayRoutes(api, ctx);
  requestRoutes(api, ctx);
  requestListRoutes(api, ctx);
  savedFilterRoutes(api, ctx);
  deliveryRoutes(api, ctx);
  metricsRoutes(api, ctx);
  assessmentRoutes(api, ctx);
  topicsRoutes(api, ctx);
  projectRoutes(api, ctx);
  visitRoutes(api, ctx);
  activityRoutes(api, ctx);
  orderRoutes(api, ctx);
  parkingRoutes(api, ctx);
  parkingBookingRoutes(api, ctx);
  parkingObservationRoutes(api, ctx);
  knowledgeRoutes(api, ctx);
  replyRoutes(api, ctx);
  focusRoutes(api, ctx);
  publicRoutes(api, ctx);
  meTooRoutes(api, ctx);
  activityStatsRoutes(api, ctx);
  subscriptionRoutes(api, ctx);
  notificationRoutes(api, ctx);
  await app.register(attachmentsPlugin(ctx, api));
  await app.register(milestoneEvidencePlugin(ctx, api));
  open311AdminRoutes(api, ctx);
}
