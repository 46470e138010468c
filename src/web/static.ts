import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the bundle (vite build.outDir). */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Paths that belong to the API and never fall back to the web application. */
const NOT_WEB = /^\/(api|open311|feeds|calendar|healthz)(\/|\?|$)/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>banshi 办事</title>
<p>网页端尚未构建。请运行 <code>npm run build:web</code>（或 <code>npm start</code>，会自动构建）。</p>
<p>The web application is not built: run <code>npm run build:web</code> (<code>npm start</code> builds it when missing).</p>`;

/**
 * Serves the Vite bundle (dist/web) from the same process as the API: hashed assets with a long cache, and
 * index.html for every other GET path that is not the API's, so that the web application's own routes
 * (/m, /console, /workbench, /dashboard, /public, /ledger, /admin, /login) survive a reload. `/` goes to the
 * public pages. Registered last, after every API route.
 */
export async function registerWeb(app: FastifyInstance, dir = WEB_DIST): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      decorateReply: false,
      setHeaders: (reply, filePath) => {
        const hashed = filePath.split(path.sep).includes('assets');
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const indexHtml = built ? fs.readFileSync(indexFile, 'utf8') : null;
  const sendApp = (req: FastifyRequest, reply: FastifyReply) => {
    if (NOT_WEB.test(req.url)) return reply.callNotFound();
    if (indexHtml === null) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  };
  app.get('/', (_req, reply) => reply.redirect('/public'));
  app.get('/*', sendApp);
}
