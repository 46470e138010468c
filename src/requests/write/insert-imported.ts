/**
 * Past requests imported from another system, written: the write path's insert for them (see
 * ./insert-registrations.ts for new ones). One statement a batch writes the rows with their whole lifecycle and
 * their timelines; a row whose source ticket number is already stored is skipped (a re-run imports nothing
 * twice). No outbox message: nobody is told of a request answered years ago.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB, RequestRow } from '../../db/schema.js';
import type { ImportedEvent, Lifecycle } from '../import/lifecycle.js';

export type ImportedRequest = {
  row: Pick<
    RequestRow,
    | 'jurisdiction_id'
    | 'channel'
    | 'type'
    | 'title'
    | 'title_norm'
    | 'body'
    | 'body_norm'
    | 'lat'
    | 'lon'
    | 'address'
    | 'area_code'
    | 'category_code'
    | 'urgent'
    | 'reporter_name_enc'
    | 'reporter_phone_enc'
    | 'reporter_phone_hash'
    | 'reporter_name_mask'
    | 'reporter_phone_mask'
    | 'created_at'
  > &
    Lifecycle & { source_ticket_no: string };
  ticketPrefix: string;
  events: ImportedEvent[];
  actorLabel: string;
};

const COLUMNS = {
  jurisdiction_id: 'text',
  source_ticket_no: 'text',
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
  department_code: 'text',
  urgent: 'boolean',
  reporter_name_enc: 'text',
  reporter_phone_enc: 'text',
  reporter_phone_hash: 'text',
  reporter_name_mask: 'text',
  reporter_phone_mask: 'text',
  dispatched_at: 'timestamptz',
  sign_by: 'timestamptz',
  contact_by: 'timestamptz',
  reply_by: 'timestamptz',
  signed_at: 'timestamptz',
  contacted_at: 'timestamptz',
  replied_at: 'timestamptz',
  followed_up_at: 'timestamptz',
  followup_resolved: 'boolean',
  followup_satisfaction: 'text',
  followup_by: 'text',
  closed_at: 'timestamptz',
  return_count: 'int',
  last_return_reason: 'text',
  triaged_at: 'timestamptz',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const satisfies Partial<Record<keyof RequestRow, string>>;

const NAMES = Object.keys(COLUMNS).join(', ');
const TYPES = Object.entries(COLUMNS)
  .map(([c, t]) => `${c} ${t}`)
  .join(', ');

const WRITE_IMPORTED = `
  with input as (
    select * from json_to_recordset($1::json) as t(ticket_prefix text, actor_label text, events jsonb, ${TYPES})),
  numbered as materialized (
    select nextval(pg_get_serial_sequence('requests', 'id')) as id, input.* from input),
  inserted as (
    insert into requests (id, ticket_no, ${NAMES})
    select id, ticket_prefix || lpad(id::text, greatest(6, length(id::text)), '0'), ${NAMES} from numbered
    on conflict (jurisdiction_id, source_ticket_no) where source_ticket_no is not null do nothing
    returning id),
  events as (
    insert into request_events (jurisdiction_id, request_id, seq, type, actor_user_id, actor_role, actor_label,
      from_status, to_status, payload, at)
    select n.jurisdiction_id, n.id, e.seq, e.value->>'type', null, 'system', n.actor_label,
      e.value->>'from_status', e.value->>'to_status', e.value->'payload', (e.value->>'at')::timestamptz
    from numbered n
    join inserted i on i.id = n.id
    cross join lateral jsonb_array_elements(n.events) with ordinality as e(value, seq))
  select count(*)::int as inserted from inserted`;

/** Writes a batch of imported requests in one statement; the number written (the rest were already there). */
export async function writeImportedBatch(db: Kysely<DB>, items: readonly ImportedRequest[]): Promise<number> {
  const input = items.map((it) => ({
    ...it.row,
    ticket_prefix: it.ticketPrefix,
    actor_label: it.actorLabel,
    events: it.events,
  }));
  const { rows } = await db.executeQuery<{ inserted: number }>(
    CompiledQuery.raw(WRITE_IMPORTED, [JSON.stringify(input)]),
  );
  return rows[0]!.inserted;
}
