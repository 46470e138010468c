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
  /** Writes what belongs with the request (e.g. its Open311 record) in the same transaction. */
  onCreated?: ((tx: Transaction<DB>, request: RequestRow) => Promise<void>) | undefined;
};

export type IntakeResult = { request: RequestRow; replayed: boolean };

type Pending = { item: IntakeItem; resolve: (r: IntakeResult) => void; reject: (e: unknown) => void };

const MAX_BATCH = 128;

/**
 * Group commit for registrations. A batch is written on the event loop's next turn after the first submission
 * (setImmediate), so the registrations whose requests arrived in the same turn join it; requests that arrive
 * while a batch is being written wait for the next one. Each batch is one transaction with multi-row inserts, so
 * under load a hundred registrations share a commit. The turn matters on PGlite: its queries run synchronously
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
          const results = await this.db.transaction().execute((tx) =>
            writeIntakeBatch(
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
              const [r] = await this.db.transaction().execute((tx) => writeIntakeBatch(tx, [p.item]));
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
}

/** Writes registrations in the caller's transaction: rows, `register` events, outbox messages, idempotency claims. */
export async function writeIntakeBatch(tx: Transaction<DB>, items: IntakeItem[]): Promise<IntakeResult[]> {
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
  // The stored rows are built here rather than read back: parsing RETURNING * costs more than the insert.
  const inserted: RequestRow[] = isFresh.map(({ it, id }) => storedRow(it, id));
  if (inserted.length) {
    // Only the columns the registration sets: the others take their defaults, and a third of the parameters.
    await tx
      .insertInto('requests')
      .values(
        isFresh.map(({ it }, i) => ({ ...it.row, id: inserted[i]!.id, ticket_no: inserted[i]!.ticket_no })),
      )
      .execute();
  }
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
  for (const [i, { it }] of isFresh.entries()) await it.onCreated?.(tx, inserted[i]!);
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

/** The row as the database stores it: every column, the defaults of 0001_core.sql filled in. */
function storedRow(it: IntakeItem, id: number): RequestRow {
  const r = it.row;
  const at = r.created_at as Date;
  return {
    jurisdiction_id: r.jurisdiction_id,
    id,
    ticket_no: `${it.ticketPrefix}${String(id).padStart(6, '0')}`,
    channel: r.channel,
    type: r.type,
    status: r.status,
    version: 1,
    title: r.title ?? '',
    title_norm: r.title_norm ?? '',
    body: r.body,
    body_norm: r.body_norm,
    lat: r.lat ?? null,
    lon: r.lon ?? null,
    address: r.address ?? null,
    area_code: r.area_code ?? null,
    category_code: r.category_code ?? null,
    department_code: r.department_code ?? null,
    urgent: r.urgent ?? false,
    reporter_user_id: r.reporter_user_id ?? null,
    reporter_name_enc: r.reporter_name_enc ?? null,
    reporter_phone_enc: r.reporter_phone_enc ?? null,
    reporter_phone_hash: r.reporter_phone_hash ?? null,
    reporter_name_mask: r.reporter_name_mask ?? null,
    reporter_phone_mask: r.reporter_phone_mask ?? null,
    created_by_user_id: r.created_by_user_id ?? null,
    api_key_id: r.api_key_id ?? null,
    requester_department_code: r.requester_department_code ?? null,
    visit_id: r.visit_id ?? null,
    project_id: r.project_id ?? null,
    merged_into_id: null,
    return_count: 0,
    reopen_count: 0,
    escalated: false,
    supervised: false,
    extension_pending: null,
    last_return_reason: null,
    dispatched_at: null,
    sign_by: null,
    contact_by: null,
    reply_by: null,
    signed_at: null,
    contacted_at: null,
    replied_at: null,
    followed_up_at: null,
    closed_at: null,
    followup_resolved: null,
    followup_satisfaction: null,
    followup_by: null,
    sign_overdue: false,
    reply_overdue: false,
    triaged_at: null,
    suggestions: typeof r.suggestions === 'string' ? (JSON.parse(r.suggestions) as unknown) : null,
    created_at: at,
    updated_at: (r.updated_at as Date) ?? at,
  };
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
