/**
 * Cross-site request forgery: a page elsewhere can make a browser send a write with the session cookie. The
 * cookie's SameSite=Lax keeps most of them out; this check keeps out the rest, for writes authenticated by the
 * cookie alone: a browser says where a request comes from (Sec-Fetch-Site, Origin), and a write from another
 * site is refused. A client that sends neither (a script with a cookie jar) is not a browser to be tricked.
 */
import type { FastifyRequest } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossSiteWrite(req: FastifyRequest, publicUrl: string): boolean {
  if (SAFE.has(req.method)) return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  const own = new Set([new URL(publicUrl).origin]);
  if (req.headers.host) own.add(`${req.protocol}://${req.headers.host}`);
  return !own.has(origin);
}
