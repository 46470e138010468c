import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB, RequestRow } from '../db/schema.js';
import { intakeQueue } from '../requests/intake.js';
import { triageRequests, untriaged } from './triage.js';
import { perDatabase } from '../db/per-database.js';

const MAX_BATCH = 128;
/** Beyond this many waiting, registrations are left in the database for recover() to find. */
const MAX_QUEUED = 20_000;
/**
 * Intake is quiet when nothing was submitted or written for this long. (Not shorter: on PGlite a triage step
 * holds this thread, so nothing can be submitted while it runs, and a short silence proves nothing.)
 */
const QUIET_MS = 1_000;
/** While intake is busy, triage still takes a step this often, so that it never stops. */
const TRICKLE_MS = 100;

type Queued = { ctx: AppContext; row: RequestRow };

/**
 * This process's triage of its own registrations: they are queued once committed and triaged in batches, so
 * that answering a registration never waits for it. Intake comes first: a triage step (a batch's indexing, one
 * request's duplicate check and dispatch) starts when intake has been quiet for QUIET_MS, or at most every
 * TRICKLE_MS while it is not; so a burst of calls is registered at nearly full speed and triaged in the lull
 * after it (on PGlite both share this one thread). A batch that fails is logged and left untriaged in the
 * database, where recover() (or a worker) finds it once its lease has run out.
 */
export class TriageQueue {
  private queue: Queued[] = [];
  private queued = new Set<string>();
  private running: Promise<void> | null = null;
  private inFlight = 0;
  private lastStep = 0;

  constructor(private readonly db: Kysely<DB>) {}

  /** `ctx` is the registering command's (its clock and its auto-dispatch threshold apply). */
  enqueue(ctx: AppContext, rows: readonly RequestRow[]): void {
    for (const row of rows) {
      const key = `${row.jurisdiction_id}\u0000${row.id}`;
      if (this.queue.length >= MAX_QUEUED || this.queued.has(key)) continue;
      this.queued.add(key);
      this.queue.push({ ctx, row });
    }
    if (this.queue.length) this.running ??= this.drain();
  }

  /** Requests queued and not yet triaged (including the batch being triaged). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves once everything queued so far (and queued meanwhile) has been triaged. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Queues requests left untriaged (by a crash, a failed batch, a full queue), `cap` at most, and returns how
   * many it found; with `wait`, once they are triaged.
   */
  async recover(ctx: AppContext, opts: { cap: number; olderThan?: Date; wait?: boolean }): Promise<number> {
    const rows = await untriaged(ctx, opts);
    this.enqueue(ctx, rows);
    if (opts.wait ?? true) await this.idle();
    return rows.length;
  }

  /** Waits until intake is quiet, or this step is due anyway. */
  private async lull(): Promise<void> {
    const intake = intakeQueue(this.db);
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      const now = Date.now();
      if (now - this.lastStep >= TRICKLE_MS) break;
      const quietFor = now - intake.lastActive;
      if (!intake.busy && quietFor >= QUIET_MS) break;
      await new Promise((r) =>
        setTimeout(r, Math.max(1, Math.min(TRICKLE_MS - (now - this.lastStep), QUIET_MS - quietFor))),
      );
    }
    this.lastStep = Date.now();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        await this.lull();
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight = batch.length;
        for (const [ctx, byJurisdiction] of group(batch)) {
          for (const [j, rows] of byJurisdiction) {
            try {
              await triageRequests(ctx, j, rows, () => this.lull());
            } catch (err) {
              ctx.log.error(`triage of ${rows.length} requests failed: ${(err as Error).message}`);
            }
          }
        }
        for (const { row } of batch) this.queued.delete(`${row.jurisdiction_id}\u0000${row.id}`);
        this.inFlight = 0;
      }
    } finally {
      this.inFlight = 0;
      this.running = null;
    }
  }
}

function group(batch: readonly Queued[]): Map<AppContext, Map<string, RequestRow[]>> {
  const groups = new Map<AppContext, Map<string, RequestRow[]>>();
  for (const { ctx, row } of batch) {
    const byJurisdiction = groups.get(ctx) ?? new Map<string, RequestRow[]>();
    groups.set(ctx, byJurisdiction);
    const list = byJurisdiction.get(row.jurisdiction_id);
    if (list) list.push(row);
    else byJurisdiction.set(row.jurisdiction_id, [row]);
  }
  return groups;
}

/** One triage queue per database handle (per process). */
export const triageQueue = perDatabase((db) => new TriageQueue(db));
