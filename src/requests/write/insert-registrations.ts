/**
 * Registrations, written: the write path's insert (see ./apply-change.ts for changes to a request).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB, NewRequest, RequestRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { EventPayload } from '../events/catalogue.js';

/** One registration, ready to write: its row (id and ticket assigned at write time), event and idempotency claim. */
export type IntakeItem = {
  row: Omit<NewRequest, 'id' | 'ticket_no'>;
  ticketPrefix: string;
  event: {
    actor_user_id: number | null;
    actor_role: string;
    actor_label: string;
    payload: EventPayload<'register'>;
  };
  idempotency?: { scope: string; key: string; fingerprint: string } | undefined;
  /** Writes what belongs with the request (e.g. its Open311 record), given the registration's transaction. */
  onCreated?: ((tx: Kysely<DB>, request: RequestRow) => Promise<void>) | undefined;
};

export type IntakeResult = { request: RequestRow; replayed: boolean };

/** The columns a registration sets, with their SQL types; the others take their defaults (0001_core.sql). */
const COLUMNS = {
  jurisdiction_id: 'text',
  channel: 'text',
  type: 'text',
  status: 'text',
  title: 'text',
  title_norm: 'text',
  body: 'text',
  body_norm: 'text',
  lat: 'float8',
  lon: 'float8',
  address: 'text',
  area_code: 'text',
  category_code: 'text',
  urgent: 'boolean',
  reporter_user_id: 'bigint',
  reporter_name_enc: 'text',
  reporter_phone_enc: 'text',
  reporter_phone_hash: 'text',
  reporter_name_mask: 'text',
  reporter_phone_mask: 'text',
  created_by_user_id: 'bigint',
  api_key_id: 'bigint',
  requester_department_code: 'text',
  visit_id: 'bigint',
  project_id: 'bigint',
  activity_session_id: 'bigint',
  public_consent: 'boolean',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const satisfies Partial<Record<keyof RequestRow, string>>;

const ROW_COLUMNS = Object.keys(COLUMNS).join(', ');
/** A key missing from an item's JSON reads as null: the columns that have defaults take them instead. */
const DEFAULTS: Partial<Record<keyof typeof COLUMNS, string>> = {
  title: "''",
  title_norm: "''",
  urgent: 'false',
  public_consent: 'true',
  created_at: 'now()',
  updated_at: 'now()',
};
const ROW_VALUES = Object.keys(COLUMNS)
  .map((c) => (c in DEFAULTS ? `coalesce(${c}, ${DEFAULTS[c as keyof typeof COLUMNS]})` : c))
  .join(', ');
/** Per item besides its row: position, ticket prefix, first event, idempotency claim. */
const INPUT_TYPES = [
  'ord int',
  'ticket_prefix text',
  'actor_user_id bigint',
  'actor_role text',
  'actor_label text',
  'event_payload jsonb',
  'idem_scope text',
  'idem_key text',
  'idem_fingerprint text',
  ...Object.entries(COLUMNS).map(([c, t]) => `${c} ${t}`),
].join(', ');

/**
 * One statement writes a whole batch: ids from the sequence, the rows, their `register` events, their outbox
 * messages and their idempotency claims. The batch travels as one JSON parameter, so neither the statement nor
 * the number of its parameters grows with the batch, and there is one round trip. A claim that finds its key
 * taken leaves its item unwritten (`fresh` false): the caller replays the earlier answer.
 */
const WRITE_BATCH = `
  with input as (select * from json_to_recordset($1::json) as t(${INPUT_TYPES})),
  numbered as materialized (
    select nextval(pg_get_serial_sequence('requests', 'id')) as id, input.* from input),
  claimed as (
    insert into idempotency_keys (jurisdiction_id, scope, key, fingerprint, status_code, response)
    select jurisdiction_id, idem_scope, idem_key, idem_fingerprint, 201, json_build_object('id', id)
    from numbered where idem_key is not null
    on conflict do nothing
    returning (response->>'id')::bigint as id),
  fresh as (
    select * from numbered where idem_key is null or id in (select id from claimed)),
  inserted as (
    insert into requests (id, ticket_no, ${ROW_COLUMNS})
    select id, ticket_prefix || lpad(id::text, greatest(6, length(id::text)), '0'), ${ROW_VALUES} from fresh
    returning id, ticket_no),
  events as (
    insert into request_events (jurisdiction_id, request_id, seq, type, actor_user_id, actor_role, actor_label,
      from_status, to_status, payload, at)
    select jurisdiction_id, id, 1, 'register', actor_user_id, actor_role, actor_label, null, 'registered',
      event_payload, coalesce(created_at, now())
    from fresh),
  messages as (
    insert into outbox (jurisdiction_id, topic, payload)
    select f.jurisdiction_id, 'request.registered', json_build_object('request_id', f.id, 'ticket_no', i.ticket_no)
    from fresh f join inserted i using (id))
  select n.ord, n.id, i.ticket_no from numbered n left join inserted i using (id)`;

/**
 * Writes registrations: rows, `register` events, outbox messages, idempotency claims, in one statement (so
 * atomically even outside a transaction); then, in the caller's transaction, the replays of keys already claimed
 * and the items' onCreated hooks. A batch with keys or hooks must therefore be given a transaction.
 */
export async function writeIntakeBatch(db: Kysely<DB>, items: IntakeItem[]): Promise<IntakeResult[]> {
  const input = items.map((it, ord) => ({
    ...it.row,
    ord,
    ticket_prefix: it.ticketPrefix,
    actor_user_id: it.event.actor_user_id,
    actor_role: it.event.actor_role,
    actor_label: it.event.actor_label,
    event_payload: it.event.payload,
    idem_scope: it.idempotency?.scope ?? null,
    idem_key: it.idempotency?.key ?? null,
    idem_fingerprint: it.idempotency?.fingerprint ?? null,
  }));
  const { rows } = await db.executeQuery<{ ord: number; id: number; ticket_no: string | null }>(
    CompiledQuery.raw(WRITE_BATCH, [JSON.stringify(input)]),
  );
  const written = new Map<number, RequestRow>();
  for (const r of rows) {
    if (r.ticket_no !== null) written.set(r.ord, storedRow(items[r.ord]!, Number(r.id), r.ticket_no));
  }
  const byId = new Map([...written.values()].map((r) => [r.id, r]));
  const results: IntakeResult[] = [];
  for (const [i, it] of items.entries()) {
    const request = written.get(i);
    results.push(request ? { request, replayed: false } : await replay(db, it, byId));
  }
  for (const [i, it] of items.entries()) {
    const request = written.get(i);
    if (request && it.onCreated) await it.onCreated(db, request);
  }
  return results;
}

/** The row as the database stores it: every column, the defaults of 0001_core.sql filled in. */
function storedRow(it: IntakeItem, id: number, ticketNo: string): RequestRow {
  const r = it.row;
  const at = r.created_at as Date;
  return {
    jurisdiction_id: r.jurisdiction_id,
    id,
    ticket_no: ticketNo,
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
    activity_session_id: r.activity_session_id ?? null,
    public_consent: r.public_consent ?? true,
    knowledge_article_id: null,
    reply_review: null,
    reply_approved_at: null,
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
    chase_count: 0,
    new_info_at: null,
    missed_reply_by: null,
    rating_dispute_by: null,
    rating_dispute: null,
    followup_excluded: false,
    co_department_codes: [],
    reporter_count: 1,
    source_ticket_no: null,
    triaged_at: null,
    triage_lease_until: null,
    suggestions: null,
    created_at: at,
    updated_at: (r.updated_at as Date) ?? at,
  };
}

async function replay(
  tx: Kysely<DB>,
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
