import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB, RequestRow } from '../db/schema.js';
import { triageRequests, untriaged } from './triage.js';

const MAX_BATCH = 128;

/**
 * This process's triage of its own registrations: they are queued once committed and triaged in batches on a
 * later turn of the event loop, so that answering the registration never waits for it. A batch that fails is
 * logged and left untriaged in the database, where recover() finds it.
 */
export class TriageQueue {
  private queue: { ctx: AppContext; row: RequestRow }[] = [];
  private running: Promise<void> | null = null;
  private inFlight = 0;

  /** `ctx` is the registering command's (its clock and its auto-dispatch threshold apply). */
  enqueue(ctx: AppContext, rows: readonly RequestRow[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.queue.push({ ctx, row });
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Requests queued and not yet triaged (including the batch being triaged). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves once everything queued so far (and queued meanwhile) has been triaged. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Triages requests left untriaged (by a crash, or a batch that failed), `cap` at most; returns how many. */
  async recover(ctx: AppContext, opts: { cap: number; olderThan?: Date }): Promise<number> {
    const rows = await untriaged(ctx, opts);
    this.enqueue(ctx, rows);
    await this.idle();
    return rows.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight = batch.length;
        const groups = new Map<AppContext, Map<string, RequestRow[]>>();
        for (const { ctx, row } of batch) {
          const byJurisdiction = groups.get(ctx) ?? new Map<string, RequestRow[]>();
          groups.set(ctx, byJurisdiction);
          const list = byJurisdiction.get(row.jurisdiction_id);
          if (list) list.push(row);
          else byJurisdiction.set(row.jurisdiction_id, [row]);
        }
        for (const [ctx, byJurisdiction] of groups) {
          for (const [j, rows] of byJurisdiction) {
            try {
              await triageRequests(ctx, j, rows);
            } catch (err) {
              ctx.log.error(`triage of ${rows.length} requests failed: ${(err as Error).message}`);
            }
          }
        }
      }
    } finally {
      this.inFlight = 0;
      this.running = null;
    }
  }
}

const queues = new WeakMap<Kysely<DB>, TriageQueue>();

/** One triage queue per database handle (per process). */
export function triageQueue(db: Kysely<DB>): TriageQueue {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new TriageQueue()));
  return q;
}
