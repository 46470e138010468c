import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { requestVisibility } from '../http/policies.js';
import { visibleTo } from './queries.js';
import { STATUSES } from './workflow.js';

export const ListQuery = z
  .object({
    status: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.enum(STATUSES)))
      .optional(),
    department: z.string().min(1).optional(),
    area: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    escalated: z.enum(['true', 'false']).optional(),
    supervised: z.enum(['true', 'false']).optional(),
    text: z.string().trim().min(1).max(100).optional(),
    sort: z.enum(['deadline', 'created', 'urgency']).default('created'),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

export async function listRequests(db: Kysely<DB>, actor: Actor, q: z.output<typeof ListQuery>, now: Date) {
  let query = visibleTo(
    db.selectFrom('requests').where('jurisdiction_id', '=', actor.jurisdictionId),
    requestVisibility(actor),
  );
  if (q.status?.length) query = query.where('status', 'in', q.status);
  if (q.department) query = query.where('department_code', '=', q.department);
  if (q.category) query = query.where('category_code', 'like', `${q.category}%`);
  if (q.area) {
    // An area filter includes its sub-areas: codes are hierarchical (xc-wangting-guoyuan-g1 is in xc-wangting).
    const area = q.area;
    query = query.where((eb) => eb.or([eb('area_code', '=', area), eb('area_code', 'like', `${area}-%`)]));
  }
  if (q.escalated) query = query.where('escalated', '=', q.escalated === 'true');
  if (q.supervised) query = query.where('supervised', '=', q.supervised === 'true');
  if (q.overdue === 'true') {
    query = query.where((eb) =>
      eb.or([
        eb('sign_overdue', '=', true),
        eb('reply_overdue', '=', true),
        eb.and([
          eb('replied_at', 'is', null),
          eb('reply_by', '<', now),
          eb('status', 'in', ['dispatched', 'signed', 'in_progress']),
        ]),
      ]),
    );
  }
  if (q.text) {
    const like = `%${q.text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('body_norm', 'like', like), eb('title_norm', 'like', like), eb('ticket_no', '=', q.text!)]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let ordered = query.selectAll();
  if (q.sort === 'deadline') ordered = ordered.orderBy('reply_by', (o) => o.asc().nullsLast()).orderBy('id');
  else if (q.sort === 'urgency')
    ordered = ordered
      .orderBy('urgent', 'desc')
      .orderBy('supervised', 'desc')
      .orderBy('sign_by', (o) => o.asc().nullsLast())
      .orderBy('created_at');
  else ordered = ordered.orderBy('created_at', 'desc').orderBy('id', 'desc');
  const rows = await ordered
    .limit(q.page_size)
    .offset((q.page - 1) * q.page_size)
    .execute();
  return { rows, total: Number(total.n) };
}
