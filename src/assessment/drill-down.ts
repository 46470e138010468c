/** The requests that cost a unit points in a month (returned, reopened, replied late or still overdue). */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { referenceCache } from '../routing/reference-cache.js';
import { boundsOf } from './month.js';
import type { UnitKind } from './score.js';

export type CostlyRequest = {
  id: number;
  ticket_no: string;
  status: string;
  reasons: ('returned' | 'reopened' | 'overdue')[];
};

const LIMIT = 500;

export async function costlyRequests(
  db: Kysely<DB>,
  opts: { jurisdictionId: string; month: string; kind: UnitKind; code: string; now: Date },
): Promise<CostlyRequest[]> {
  const ref = await referenceCache(db).get(opts.jurisdictionId);
  const { from, to } = boundsOf(opts.month, ref.timezone);
  const areas = [...ref.streetOf].filter(([, street]) => street === opts.code).map(([area]) => area);
  const unit =
    opts.kind === 'department'
      ? sql`r.department_code = ${opts.code}`
      : areas.length
        ? sql`r.area_code in (${sql.join(areas)})`
        : sql`false`;
  const returnedBy =
    opts.kind === 'department'
      ? sql`coalesce(u.department_code, r.department_code) = ${opts.code}`
      : sql`false`;
  const { rows } = await sql<{
    id: string;
    ticket_no: string;
    status: string;
    reason: CostlyRequest['reasons'][0];
  }>`
    select r.id, r.ticket_no, r.status, case when e.type = 'return' then 'returned' else 'reopened' end as reason
    from request_events e
    join requests r on r.jurisdiction_id = e.jurisdiction_id and r.id = e.request_id
    left join users u on u.id = e.actor_user_id
    where e.jurisdiction_id = ${opts.jurisdictionId} and e.at >= ${from} and e.at < ${to}
      and ((e.type = 'return' and ${returnedBy}) or (e.type = 'reopen' and ${unit}))
    union all
    select r.id, r.ticket_no, r.status, 'overdue'
    from requests r
    where r.jurisdiction_id = ${opts.jurisdictionId} and r.created_at >= ${from} and r.created_at < ${to}
      and r.status <> 'merged' and ${unit} and r.dispatched_at is not null and r.reply_by is not null
      and (r.replied_at > r.reply_by or (r.replied_at is null and r.reply_by < ${opts.now}))
    order by 2
    limit ${LIMIT * 3}`.execute(db);
  const byId = new Map<string, CostlyRequest>();
  for (const row of rows) {
    const found = byId.get(row.id) ?? {
      id: Number(row.id),
      ticket_no: row.ticket_no,
      status: row.status,
      reasons: [],
    };
    if (!found.reasons.includes(row.reason)) found.reasons.push(row.reason);
    byId.set(row.id, found);
  }
  return [...byId.values()].slice(0, LIMIT);
}
