import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import { deadCount, pendingCount } from './delivery/queries.js';
import type { Role } from './roles.js';
import { triageQueue } from './triage/queue.js';
import { untriagedCount } from './triage/triage.js';

/**
 * GET /healthz: the process (its role and pid) and the backlog every process shares: requests waiting for
 * triage, messages to residents waiting to be sent, and those given up on (dead letters: the admins are alerted,
 * this is the figure to watch). `triage_pending` counts this process's own registrations queued for triage.
 */
export function registerHealth(app: FastifyInstance, ctx: AppContext, role: Role): void {
  app.get('/healthz', async () => ({
    ok: true,
    db: ctx.dbKind,
    role,
    pid: process.pid,
    triage_pending: triageQueue(ctx.db).pending,
    delivery_dead: await deadCount(ctx),
    backlog: { untriaged: await untriagedCount(ctx), outbox_pending: await pendingCount(ctx) },
  }));
}
