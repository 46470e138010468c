import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response. They depend only on the configuration, so they are computed once
 * at start and set from a ready-made object (@fastify/helmet builds a new helmet middleware for every request,
 * a tenth of a registration's time).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name] = value),
    removeHeader: () => undefined,
  };
  let applied = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => (applied = true));
  if (!applied) throw new Error('helmet did not apply its headers synchronously');
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
