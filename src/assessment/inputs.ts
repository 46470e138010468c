/**
 * What a month's scores are computed from, read from the database: the rates' counts of the requests registered
 * in the month (the metrics roll-up, src/metrics/query.ts) by department and by street, and the events that cost
 * points within the month (returns by the returning unit, reopens by the request's unit). Late or still overdue
 * replies are the replies due less those on time. 满意率 and 解决率 are the reviewed ones: a rating judged 不合理 by 差评复核 is out of
 * both. Replies sent back by review (回复审核) count against the request's
 * unit.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { countsByMany } from '../metrics/query.js';
import type { Counts } from '../metrics/definitions.js';
import { referenceCache } from '../routing/reference-cache.js';
import { boundsOf } from './month.js';
import type { Scheme } from './scheme.js';
import { COUNTS, type UnitCounts, type UnitInput, type UnitKind } from './score.js';

const EMPTY = Object.fromEntries(COUNTS.map((c) => [c, 0])) as UnitCounts;

/** The penalty each counted event type adds to. */
const FIELD_OF = { return: 'returned', reopen: 'reopened', 'send-back-reply': 'sent_back' } as const;

const fromCounts = (c: Counts): UnitCounts => ({
  ...EMPTY,
  dispatched: c.dispatched,
  responded: c.responded,
  // 差评复核: the reviewed rates (a rating judged 不合理 counts nowhere)
  followed_up: c.followed_up - c.rating_excluded,
  resolved: c.resolved - c.excluded_resolved,
  satisfied: c.satisfied - c.excluded_satisfied,
  replies_due: c.replies_due,
  replied_on_time: c.replied_on_time,
  overdue: c.replies_due - c.replied_on_time,
});

export async function monthInputs(
  db: Kysely<DB>,
  jurisdictionId: string,
  month: string,
  now: Date,
): Promise<UnitInput[]> {
  const ref = await referenceCache(db).get(jurisdictionId);
  const { from, to } = boundsOf(month, ref.timezone);
  const [groups, penalties] = await Promise.all([
    countsByMany(db, { jurisdictionId, from, to, now, groupBys: ['department', 'street'] }),
    sql<{
      type: 'return' | 'reopen' | 'send-back-reply';
      department_code: string | null;
      area_code: string | null;
      n: string;
    }>`
      select e.type,
        case when e.type = 'return' then coalesce(u.department_code, r.department_code) else r.department_code end
          as department_code,
        r.area_code, count(*) as n
      from request_events e
      join requests r on r.jurisdiction_id = e.jurisdiction_id and r.id = e.request_id
      left join users u on u.id = e.actor_user_id
      where e.jurisdiction_id = ${jurisdictionId} and e.type in ('return', 'reopen', 'send-back-reply')
        and e.at >= ${from} and e.at < ${to}
      group by 1, 2, 3`.execute(db),
  ]);

  const units = new Map<string, UnitInput>();
  const unit = (kind: UnitKind, code: string) => {
    const key = `${kind}:${code}`;
    let u = units.get(key);
    if (!u) {
      const name = (kind === 'department' ? ref.names.departments : ref.names.areas).get(code) ?? code;
      u = { kind, code, name, counts: { ...EMPTY } };
      units.set(key, u);
    }
    return u;
  };
  for (const code of ref.departments) unit('department', code);
  for (const code of new Set(ref.streetOf.values())) unit('street', code);
  for (const [kind, by] of [
    ['department', 'department'],
    ['street', 'street'],
  ] as const)
    for (const g of groups.get(by) ?? []) if (g.key !== null) unit(kind, g.key).counts = fromCounts(g.counts);
  for (const p of penalties.rows) {
    const field = FIELD_OF[p.type];
    if (p.department_code) unit('department', p.department_code).counts[field] += Number(p.n);
    const street = p.area_code ? ref.streetOf.get(p.area_code) : undefined;
    if (street && p.type === 'reopen') unit('street', street).counts[field] += Number(p.n);
  }
  return [...units.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
}

/** The hash a frozen month is stored with: the scheme and every unit's inputs, in a fixed order. */
export function inputsHash(schemeVersion: number, scheme: Scheme, units: readonly UnitInput[]): string {
  const canonical = JSON.stringify({
    schemeVersion,
    scheme: Object.fromEntries(Object.entries(scheme).sort(([a], [b]) => a.localeCompare(b))),
    units: units.map((u) => [
      u.kind,
      u.code,
      Object.entries(u.counts).sort(([a], [b]) => a.localeCompare(b)),
    ]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
