import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { writeIntakeBatch, type IntakeItem, type IntakeResult } from './write/insert-registrations.js';
import { perDatabase } from '../db/per-database.js';

type Pending = { item: IntakeItem; resolve: (r: IntakeResult) => void; reject: (e: unknown) => void };

const MAX_BATCH = 128;

/**
 * Group commit for registrations. A batch is written on the event loop's next turn after the first submission
 * (setImmediate), so the registrations whose requests arrived in the same turn join it; requests that arrive
 * while a batch is being written wait for the next one. Each batch is one statement (see WRITE_BATCH in ./write/insert-registrations.ts), so under
 * load a hundred registrations share a commit. The turn matters on PGlite: its queries run synchronously
 * on this thread, so without it no other request would ever be read while a batch was being written.
 * Nobody is answered before their batch has committed.
 * If a batch fails, its items are retried one by one so that a bad item fails alone.
 */
export class IntakeQueue {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Kysely<DB>) {}

  /** When a registration was last submitted or a batch last finished (ms since the epoch). */
  lastActive = 0;

  /** Registrations are waiting to be written, or being written. */
  get busy(): boolean {
    return this.writing || this.queue.length > 0;
  }

  submit(item: IntakeItem): Promise<IntakeResult> {
    this.lastActive = Date.now();
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const results = await this.write(batch.map((p) => p.item));
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          for (const p of batch) {
            try {
              const [r] = await this.write([p.item]);
              p.resolve(r!);
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.writing = false;
      this.lastActive = Date.now();
    }
  }

  /** Plain registrations are one statement; replays and hooks need the statement's transaction around them. */
  private write(items: IntakeItem[]): Promise<IntakeResult[]> {
    if (!items.some((it) => it.idempotency || it.onCreated)) return writeIntakeBatch(this.db, items);
    return this.db.transaction().execute((tx) => writeIntakeBatch(tx, items));
  }
}

/** One intake queue per database handle (per process). */
export const intakeQueue = perDatabase((db) => new IntakeQueue(db));
