/**
 * Triage's claim on a chunk of registrations: their suggestions stored and `triaged_at` set where it is still
 * null, so that two processes never triage one request twice. Not a change of the request's state (no event, no
 * version): the request's answer to its reporter does not depend on it.
 */
import { sql } from 'kysely';
import type { Db } from './apply-change.js';

export async function markTriaged(
  tx: Db,
  jurisdictionId: string,
  suggestions: readonly { id: number; s: unknown }[],
  at: Date,
): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`update requests r
    set triaged_at = ${at.toISOString()}::timestamptz, suggestions = coalesce(r.suggestions, x.s)
    from json_to_recordset(${JSON.stringify(suggestions)}::json) as x(id bigint, s jsonb)
    where r.jurisdiction_id = ${jurisdictionId} and r.id = x.id and r.triaged_at is null
    returning r.id`.execute(tx);
  return new Set(rows.map((w) => Number(w.id)));
}
