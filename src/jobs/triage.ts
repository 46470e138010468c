import type { AppContext } from '../context.js';
import { triageNext } from '../triage/triage.js';

/** Requests a worker claims at a time. */
const BATCH = 128;

/**
 * The worker role's triage: claims the oldest untriaged requests nobody holds (under a lease: see
 * ../triage/triage.ts), triages them, and at once claims more while it finds a full batch; otherwise it looks again
 * after BANSHI_TRIAGE_POLL_MS. Stopping lets the batch under way finish.
 */
export function startTriageWorker(ctx: AppContext): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        const o = await triageNext(ctx, BATCH);
        claimed = o.claimed;
        if (claimed)
          ctx.log.info(
            `triage: ${claimed} triaged, ${o.autoDispatched} auto-dispatched, ${o.heldAsRepeat} held as repeats`,
          );
      } catch (err) {
        ctx.log.error(`triage failed: ${(err as Error).message}`);
      }
      if (claimed < BATCH && !stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ctx.config.triagePollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  };
  const running = loop();
  return async () => {
    stopped = true;
    wake?.();
    await running;
  };
}
