import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { perDatabase } from '../db/per-database.js';

/** Set on a caller's answer to a write: any process behind the port keeps the caller's reads on the primary. */
const WROTE_COOKIE = 'banshi_wrote';
/** Beyond this many callers remembered, those whose window has passed are forgotten. */
const PRUNE_AT = 10_000;

/** Until when each caller who wrote lately reads from the primary, by a key of their credentials. */
const recentWriters = perDatabase(() => new Map<string, number>());
/** The context whose queries read the replica, made once per context. */
const replicaContexts = new WeakMap<AppContext, AppContext>();

/** Who is asking: a digest of their API key or session token, or their address when anonymous. */
function callerKey(req: FastifyRequest): string {
  const credential =
    (req.headers['x-api-key'] as string | undefined) ??
    req.headers.authorization ??
    (req.cookies as Record<string, string | undefined> | undefined)?.banshi_session;
  return credential ? crypto.createHash('sha256').update(credential).digest('base64url') : `ip:${req.ip}`;
}

/**
 * The context a read that may lag a little runs on (dashboards, public pages, Open311 GETs, feeds, exports): the
 * streaming replica's when one is configured, but the primary's for a caller who wrote within the last few
 * seconds, so that they read their own writes.
 */
export function readerFor(ctx: AppContext, req: FastifyRequest): AppContext {
  if (!ctx.replica) return ctx;
  const now = ctx.now().getTime();
  const wrote = Number((req.cookies as Record<string, string | undefined> | undefined)?.[WROTE_COOKIE]);
  if (wrote > now) return ctx;
  if ((recentWriters(ctx.db).get(callerKey(req)) ?? 0) > now) return ctx;
  let onReplica = replicaContexts.get(ctx);
  if (!onReplica) replicaContexts.set(ctx, (onReplica = { ...ctx, db: ctx.replica }));
  return onReplica;
}

/** Notes every caller whose write succeeded (any method but GET, HEAD and OPTIONS, answered below 400). */
export function noteWriters(app: FastifyInstance, ctx: AppContext): void {
  if (!ctx.replica) return;
  const windowMs = ctx.config.readYourWritesMs;
  app.addHook('onSend', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (reply.statusCode >= 400) return;
    const until = ctx.now().getTime() + windowMs;
    const writers = recentWriters(ctx.db);
    if (writers.size >= PRUNE_AT) {
      const now = ctx.now().getTime();
      for (const [key, t] of writers) if (t <= now) writers.delete(key);
    }
    writers.set(callerKey(req), until);
    reply.setCookie(WROTE_COOKIE, String(until), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      maxAge: Math.ceil(windowMs / 1000),
    });
  });
}
