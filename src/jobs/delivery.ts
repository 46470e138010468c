import type { AppContext } from '../context.js';
import { Channels } from '../delivery/channels/registry.js';
import { deliverOutbox } from '../delivery/worker.js';

/** Rounds a tick runs at most while each finds a full batch: a backlog drains without starving the rest. */
const MAX_ROUNDS = 50;

/**
 * The server's delivery worker: at the configured interval, rounds of the outbox's due messages until one finds
 * fewer than a full batch. Stopping waits for the round under way, then closes the channels (SMTP pool).
 */
export function startDelivery(ctx: AppContext): () => Promise<void> {
  const { intervalMs } = ctx.config.delivery;
  if (intervalMs === 0) return async () => undefined;
  const channels = new Channels(ctx.config.delivery, ctx.log);
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = async () => {
    try {
      for (let i = 0; i < MAX_ROUNDS && !stopped; i++) {
        const r = await deliverOutbox(ctx, channels);
        if (r.sent || r.failed || r.dead)
          ctx.log.info(
            `delivery: ${r.sent} sent, ${r.failed} to retry, ${r.dead} dead, ${r.deferred} deferred`,
          );
        if (r.claimed < ctx.config.sweepCap) break;
      }
    } catch (err) {
      ctx.log.error(`delivery failed: ${(err as Error).message}`);
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => {
    if (!running && !stopped) running = round();
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await channels.close();
  };
}
