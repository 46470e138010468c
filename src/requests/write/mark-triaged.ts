/**
 * Triage's claims on registrations. A triage first leases the requests it takes (`claimForTriage`: `for update
 * skip locked`, and only those nobody else holds), then, once done, stores their suggestions and sets
 * `triaged_at` (`markTriaged`). A process killed in between leaves its lease to run out; another then takes the
 * requests again, and what it repeats is harmless (the text index ignores rows it has, the state machine refuses a
 * second dispatch). Neither is a change of the request's state (no event, no version): the request's answer to
 * its reporter does not depend on it.
 */
import { sql } from 'kysely';
import type { RequestRow } from '../../db/schema.js';
import type { Db } from './apply-change.js';

/**
 * Leases untriaged requests until `leaseUntil`: the given ones of a jurisdiction, or else the oldest `limit` of
 * all; skips those another triage holds (locked at this moment, or leased until after `now`).
 */
export async function claimForTriage(
  db: Db,
  opts: {
    only?: { jurisdictionId: string; ids: readonly number[] };
    limit: number;
    now: Date;
    leaseUntil: Date;
  },
): Promise<RequestRow[]> {
  const only = opts.only
    ? sql`and jurisdiction_id = ${opts.only.jurisdictionId}
        and id = any(${`{${opts.only.ids.join(',')}}`}::bigint[])`
    : sql``;
  const { rows } = await sql<RequestRow>`update requests r
    set triage_lease_until = ${opts.leaseUntil.toISOString()}::timestamptz
    from (
      select jurisdiction_id, id from requests
      where triaged_at is null
        and (triage_lease_until is null or triage_lease_until <= ${opts.now.toISOString()}::timestamptz) ${only}
      order by jurisdiction_id, id
      limit ${opts.limit}
      for update skip locked
    ) c
    where r.jurisdiction_id = c.jurisdiction_id and r.id = c.id
    returning r.*`.execute(db);
  return rows;
}

/** Requests triaged: their suggestions stored (unless they had some) and `triaged_at` set, the lease let go. */
export async function markTriaged(
  db: Db,
  jurisdictionId: string,
  suggestions: readonly { id: number; s: unknown }[],
  at: Date,
): Promise<void> {
  if (!suggestions.length) return;
  await sql`update requests r
    set triaged_at = ${at.toISOString()}::timestamptz, triage_lease_until = null,
      suggestions = coalesce(r.suggestions, x.s)
    from json_to_recordset(${JSON.stringify(suggestions)}::json) as x(id bigint, s jsonb)
    where r.jurisdiction_id = ${jurisdictionId} and r.id = x.id and r.triaged_at is null`.execute(db);
}
