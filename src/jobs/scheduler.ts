import type { AppContext } from '../context.js';
import { deliverOutbox, type Sender } from './outbox.js';
import { sweepDeadlines } from './sweeps.js';
import { pruneTextBands, TEXT_BAND_RETENTION_DAYS } from '../text/duplicate-index.js';

const logSender =
  (ctx: AppContext): Sender =>
  async (topic, payload) =>
    ctx.log.info(`outbox ${topic} ${JSON.stringify(payload).slice(0, 200)}`);

/** Runs the deadline sweep for every jurisdiction and delivers the outbox at the configured interval. */
export function startSweeps(ctx: AppContext): () => void {
  if (ctx.config.sweepIntervalMs === 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const js = await ctx.db.selectFrom('jurisdictions').select('jurisdiction_id').execute();
      for (const j of js) {
        const r = await sweepDeadlines(ctx, j.jurisdiction_id);
        if (r.marked || r.closed)
          ctx.log.info(`sweep ${j.jurisdiction_id}: ${r.marked} overdue marked, ${r.closed} auto-closed`);
      }
      await deliverOutbox(ctx, logSender(ctx));
      await pruneTextBands(ctx.db, new Date(ctx.now().getTime() - TEXT_BAND_RETENTION_DAYS * 86_400_000));
    } catch (err) {
      ctx.log.error(`sweep failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, ctx.config.sweepIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
