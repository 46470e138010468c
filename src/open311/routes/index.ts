/**
 * Open311 GeoReport v2 under /open311/v2, every resource in .xml and .json, plus the mySociety/FixMyStreet
 * servicerequestupdates extension. Raw Fastify routes in their own scope: form bodies, errors (including body
 * parsing errors and 404s) and content types follow the spec, not the /api/v1 conventions.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { badRequest, notFound, Open311Error, parseForm } from '../params.js';
import { discoveryRoutes } from './discovery.js';
import { requestRoutes } from './requests.js';
import { serviceRoutes } from './services.js';
import { callContext, FormBody, formatOf, fromAppError, OPEN311_PREFIX, sendError } from './support.js';
import { updateRoutes } from './updates.js';

export function open311Routes(app: FastifyInstance, ctx: AppContext): void {
  app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'buffer' },
        (_req, body: Buffer, done) => {
          try {
            done(null, new FormBody(parseForm(body)));
          } catch (err) {
            done(err as Error, undefined);
          }
        },
      );

      scope.setErrorHandler((err: FastifyError | AppError | Open311Error, req, reply) => {
        const format = formatOf(req);
        if (err instanceof Open311Error) return sendError(reply, format, err);
        if (err instanceof AppError) return sendError(reply, format, fromAppError(err));
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 429)
          return sendError(reply, format, new Open311Error(429, 'too many requests; retry later'));
        if ((err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
          return sendError(
            reply,
            format,
            badRequest('post the parameters as application/x-www-form-urlencoded'),
          );
        if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return sendError(reply, format, badRequest('the request body is too large'));
        if (status === 404) return sendError(reply, format, notFound('not found'));
        if (status && status >= 400 && status < 500)
          return sendError(reply, format, badRequest(String((err as Error).message ?? 'bad request')));
        req.log.error(err);
        ctx.log.error(`open311: unhandled error on ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
        return sendError(reply, format, new Open311Error(500, 'internal server error'));
      });
      const unknown = (req: FastifyRequest, reply: FastifyReply) =>
        sendError(reply, formatOf(req), notFound(`unknown resource: ${req.method} ${req.url.split('?')[0]}`));
      scope.setNotFoundHandler(unknown);
      // A catch-all of our own: a wildcard elsewhere in the app (the web UI's) must not answer under our prefix.
      scope.route({
        method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        url: '/*',
        handler: unknown,
      });

      const call = callContext(ctx);
      discoveryRoutes(scope, ctx, call);
      serviceRoutes(scope, ctx, call);
      requestRoutes(scope, ctx, call);
      updateRoutes(scope, ctx, call);
    },
    { prefix: OPEN311_PREFIX },
  );
}
