/**
 * Atom feeds (FixMyStreet's RSS) of the public requests and their public updates: all of them
 * (`/feeds/requests.atom`), an area's (a street or community and what lies in it: `/feeds/areas/CODE.atom`) and a
 * category's (`/feeds/categories/CODE.atom`). No login, rate-limited as the public API, no personal data; each
 * entry links to the public request page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { readerFor } from '../http/read-replica.js';
import { atomFeed } from './atom.js';
import { entriesOf } from './entries.js';
import { feedItems, scopeName, type FeedScope } from './queries.js';

export const FEED_PREFIX = '/feeds';
const ATOM = 'application/atom+xml; charset=utf-8';

export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = { config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: 60_000 } } };
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  const j = ctx.config.defaultJurisdiction;

  async function send(
    req: FastifyRequest,
    reply: FastifyReply,
    path: string,
    title: string,
    scope: FeedScope,
  ) {
    const reader = readerFor(ctx, req);
    const [jur, items] = await Promise.all([
      scopeName(reader, j, 'jurisdictions', j),
      feedItems(reader, j, scope),
    ]);
    const xml = atomFeed({
      id: `${base}${path}`,
      title: `${jur ?? ''} ${title}`.trim(),
      subtitle: '12345 公开诉求及办理进展（已隐去个人信息）',
      selfUrl: `${base}${path}`,
      pageUrl: `${base}/public`,
      author: `${jur ?? ''} 12345`.trim(),
      updated: ctx.now(),
      entries: entriesOf(items, base),
    });
    return reply.type(ATOM).header('cache-control', 'public, max-age=300').send(xml);
  }

  /** `CODE.atom` from a path parameter, or undefined. */
  const codeOf = (file: string) => /^([\w-]{1,100})\.atom$/.exec(file)?.[1];
  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').send('未找到该订阅源 Feed not found');

  app.get(`${FEED_PREFIX}/requests.atom`, limited, (req, reply) =>
    send(req, reply, `${FEED_PREFIX}/requests.atom`, '公开诉求', {}),
  );

  for (const [segment, table, key] of [
    ['areas', 'areas', 'area'],
    ['categories', 'categories', 'category'],
  ] as const) {
    app.get<{ Params: { file: string } }>(`${FEED_PREFIX}/${segment}/:file`, limited, async (req, reply) => {
      const code = codeOf(req.params.file);
      const name = code && (await scopeName(ctx, j, table, code));
      if (!code || !name) return notFound(reply);
      return send(req, reply, `${FEED_PREFIX}/${segment}/${code}.atom`, `${name} 公开诉求`, { [key]: code });
    });
  }
}
