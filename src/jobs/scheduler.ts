import type { AppContext } from '../context.js';
import { exclusively, JOB_LOCKS } from './exclusive.js';
import { sweepDeadlines } from './sweeps.js';
import { alertMissingYearsEverywhere } from '../holidays/alerts.js';
import { sweepParking } from '../parking/commands/sweep.js';
import { pruneTextBands, TEXT_BAND_RETENTION_DAYS } from '../requests/duplicate-index.js';
import { triageQueue } from '../triage/queue.js';
import { flagStaleArticles } from '../knowledge/commands/sweep-stale.js';
import { raiseWarningsOncePerDay } from '../focus/commands/raise-warnings.js';
import { queueDigests } from '../subscriptions/commands/queue-digests.js';

/** Left to the process that registered it for this long before the sweep triages it in its stead. */
const TRIAGE_GRACE_MS = 30_000;

/**
 * At the configured interval: the deadline sweep for every jurisdiction (and its calendar's look-ahead), parking's
 * (no-shows released, old observations pruned, forecasts refreshed), the 知识库's stale flags, the day's early
 * warnings (未诉先办, once a day), the area alerts' digests, with `recoverTriage` the triage of registrations
 * their own process left untriaged (a worker role triages them all itself: ./triage.ts), and the pruning of the
 * duplicate index. One
 * process at a time runs it (./exclusive.ts): two workers never sweep side by side. (The outbox is delivered on its
 * own interval: ./delivery.ts.) Stopping waits for the sweep under way.
 */
export function startSweeps(ctx: AppContext, opts: { recoverTriage: boolean }): () => Promise<void> {
  if (ctx.config.sweepIntervalMs === 0) return async () => undefined;
  let running: Promise<void> | null = null;
  const sweep = async () => {
    const js = await ctx.db.selectFrom('jurisdictions').select('jurisdiction_id').execute();
    for (const j of js) {
      const r = await sweepDeadlines(ctx, j.jurisdiction_id);
      if (r.marked || r.closed)
        ctx.log.info(`sweep ${j.jurisdiction_id}: ${r.marked} overdue marked, ${r.closed} auto-closed`);
      const p = await sweepParking(ctx, j.jurisdiction_id);
      if (p.released || p.completed)
        ctx.log.info(
          `parking ${j.jurisdiction_id}: ${p.released} no-shows released, ${p.completed} completed`,
        );
      const flagged = await flagStaleArticles(ctx, j.jurisdiction_id);
      if (flagged)
        ctx.log.info(`sweep ${j.jurisdiction_id}: ${flagged} knowledge articles flagged or cleared`);
      const warned = await raiseWarningsOncePerDay(ctx, j.jurisdiction_id);
      if (warned) ctx.log.info(`sweep ${j.jurisdiction_id}: ${warned} early warnings raised (未诉先办)`);
      const digests = await queueDigests(ctx, j.jurisdiction_id);
      if (digests) ctx.log.info(`sweep ${j.jurisdiction_id}: ${digests} area alert digests queued`);
    }
    await alertMissingYearsEverywhere(ctx);
    if (opts.recoverTriage)
      await triageQueue(ctx.db).recover(ctx, {
        cap: ctx.config.sweepCap,
        olderThan: new Date(ctx.now().getTime() - TRIAGE_GRACE_MS),
        wait: false,
      });
    await pruneTextBands(ctx.db, new Date(ctx.now().getTime() - TEXT_BAND_RETENTION_DAYS * 86_400_000));
  };
  const tick = async () => {
    try {
      await exclusively(ctx, JOB_LOCKS.sweeps, sweep);
    } catch (err) {
      ctx.log.error(`sweep failed: ${(err as Error).message}`);
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => {
    running ??= tick();
  }, ctx.config.sweepIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
