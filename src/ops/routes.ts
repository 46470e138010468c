import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Database } from '../db/connect.js';
import { writeBackup } from '../db/backup.js';
import { AppError } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { CONTROL_HEADER, controlToken, sameToken } from './control.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const BackupBody = z.object({ file: z.string().min(1).max(4096) }).strict();

/**
 * Routes for commands on this machine, with the control token; not part of the public API (not in /api/docs):
 * POST /internal/backup — the server, which holds the embedded database, writes a backup where the command asks
 * (`banshi backup FILE` while serving); GET /internal/memory — the process's memory by kind (bench/soak).
 */
export function controlRoutes(app: FastifyInstance, ctx: AppContext, database: Database) {
  const token = controlToken(ctx.vault);
  const authorise = (req: FastifyRequest) => {
    // From this machine: a loopback address, or the server's own address when it listens on one interface.
    const remote = req.socket.remoteAddress ?? '';
    const local = LOOPBACK.has(remote) || remote === req.socket.localAddress;
    if (!local || !sameToken(req.headers[CONTROL_HEADER], token)) throw new AppError('not_found');
  };
  app.get('/internal/memory', async (req) => {
    authorise(req);
    return process.memoryUsage();
  });
  if (!database.dumpDataDir) return;
  app.post('/internal/backup', async (req) => {
    authorise(req);
    const { file } = parse(BackupBody, req.body);
    if (!path.isAbsolute(file))
      throw new AppError('validation_failed', { issues: [{ path: 'file', message: 'an absolute path' }] });
    return writeBackup(database, file);
  });
}
