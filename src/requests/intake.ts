import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewRequest, RequestRow } from '../db/schema.js';
import { AppError } from '../http/errors.js';

/** One registration, ready to write: its row (id and ticket assigned at write time), event and idempotency claim. */
export type IntakeItem = {
  row: Omit<NewRequest, 'id' | 'ticket_no'>;
  ticketPrefix: string;
  event: {
    actor_user_id: number | null;
    actor_role: string;
    actor_label: string;
    payload: Record<string, unknown>;
  };
  idempotency?: { scope: string; key: string; fingerprint: string } | undefined;
};

export type IntakeResult = { request: RequestRow; replayed: boolean };

type Pending = { item: IntakeItem; resolve: (r: IntakeResult) => void; reject: (e: unknown) => void };

const MAX_BATCH = 128;

/**
 * Group commit for registrations. Requests that arrive while a batch is being written wait for the next one,
 * and each batch is one transaction with multi-row inserts, so under load hundreds of registrations share a
 * commit; alone, a registration is written at once. Nobody is answered before their batch has committed.
 * If a batch fails, its items are retried one by one so that a bad item fails alone.
 */
export class IntakeQueue {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Kysely<DB>) {}

  submit(item: IntakeItem): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain() {
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const results = await this.db.transaction().execute((tx) =>
            writeBatch(
              tx,
              batch.map((p) => p.item),
            ),
          );
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          for (const p of batch) {
            try {
              const [r] = await this.db.transaction().execute((tx) => writeBatch(tx, [p.item]));
              p.resolve(r!);
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

async function writeBatch(tx: Transaction<DB>, items: IntakeItem[]): Promise<IntakeResult[]> {
  const ids = (
    await sql<{ id: number }>`select nextval(pg_get_serial_sequence('requests', 'id'))::bigint as id
      from generate_series(1, ${items.length})`.execute(tx)
  ).rows.map((r) => Number(r.id));

  const claimedKeys = new Set<string>();
  const withKey = items.map((it, i) => ({ it, id: ids[i]! })).filter((x) => x.it.idempotency);
  if (withKey.length) {
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values(
        withKey.map(({ it, id }) => ({
          jurisdiction_id: it.row.jurisdiction_id,
          scope: it.idempotency!.scope,
          key: it.idempotency!.key,
          fingerprint: it.idempotency!.fingerprint,
          status_code: 201,
          response: JSON.stringify({ id }),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['jurisdiction_id', 'scope', 'key'])
      .execute();
    for (const c of claimed) claimedKeys.add(`${c.jurisdiction_id}\u0000${c.scope}\u0000${c.key}`);
  }
  const keyOf = (it: IntakeItem) =>
    `${it.row.jurisdiction_id}\u0000${it.idempotency!.scope}\u0000${it.idempotency!.key}`;
  const fresh = items
    .map((it, i) => ({ it, id: ids[i]! }))
    .filter(({ it }) => !it.idempotency || claimedKeys.has(keyOf(it)));
  // Two submissions with one key in the same batch: the first claimed it, the second replays it.
  const claimedOnce = new Set<string>();
  const isFresh = fresh.filter(({ it }) => {
    if (!it.idempotency) return true;
    const k = keyOf(it);
    if (claimedOnce.has(k)) return false;
    claimedOnce.add(k);
    return true;
  });
  const inserted = isFresh.length
    ? await tx
        .insertInto('requests')
        .values(
          isFresh.map(({ it, id }) => ({
            ...it.row,
            id,
            ticket_no: `${it.ticketPrefix}${String(id).padStart(6, '0')}`,
          })),
        )
        .returningAll()
        .execute()
    : [];
  if (isFresh.length) {
    await tx
      .insertInto('request_events')
      .values(
        isFresh.map(({ it, id }) => ({
          jurisdiction_id: it.row.jurisdiction_id,
          request_id: id,
          seq: 1,
          type: 'register',
          ...it.event,
          from_status: null,
          to_status: 'registered',
          payload: JSON.stringify(it.event.payload),
          at: it.row.created_at!,
        })),
      )
      .execute();
    await tx
      .insertInto('outbox')
      .values(
        inserted.map((r) => ({
          jurisdiction_id: r.jurisdiction_id,
          topic: 'request.registered',
          payload: JSON.stringify({ request_id: r.id, ticket_no: r.ticket_no }),
        })),
      )
      .execute();
  }
  const byId = new Map(inserted.map((r) => [r.id, r]));
  const freshIds = new Set(isFresh.map((x) => x.id));
  const results: IntakeResult[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (freshIds.has(ids[i]!)) {
      results.push({ request: byId.get(ids[i]!)!, replayed: false });
      continue;
    }
    results.push(await replay(tx, it, byId));
  }
  return results;
}

async function replay(
  tx: Transaction<DB>,
  it: IntakeItem,
  justInserted: Map<number, RequestRow>,
): Promise<IntakeResult> {
  const prior = await tx
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response'])
    .where('jurisdiction_id', '=', it.row.jurisdiction_id)
    .where('scope', '=', it.idempotency!.scope)
    .where('key', '=', it.idempotency!.key)
    .executeTakeFirstOrThrow();
  if (prior.fingerprint !== it.idempotency!.fingerprint) throw new AppError('idempotency_conflict');
  const id = (prior.response as { id: number }).id;
  const request =
    justInserted.get(id) ??
    (await tx
      .selectFrom('requests')
      .selectAll()
      .where('jurisdiction_id', '=', it.row.jurisdiction_id)
      .where('id', '=', id)
      .executeTakeFirstOrThrow());
  return { request, replayed: true };
}

const queues = new WeakMap<Kysely<DB>, IntakeQueue>();

/** One intake queue per database handle (per process). */
export function intakeQueue(db: Kysely<DB>): IntakeQueue {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new IntakeQueue(db)));
  return q;
}
