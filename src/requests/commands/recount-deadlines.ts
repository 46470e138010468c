/**
 * After the working-day calendar changed: each open request whose pending deadlines span a changed day gets them
 * counted again (the same number of working days from the same start) and an event saying why. Deadlines already
 * met, closed and merged requests, and urgent requests (clock hours) are left as they are.
 */
import type { Transaction } from 'kysely';
import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import type { DB, RequestPatch } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { endOfLocalDay, recountDeadline, startOfLocalDay } from '../deadlines.js';
import { applyChange } from '../write/apply-change.js';

export type CalendarChange = {
  jurisdictionId: string;
  tz: string;
  before: WorkingCalendar;
  after: WorkingCalendar;
  /** The dates whose working status changed, in order. */
  changed: readonly string[];
  /** Recorded on each event: which schedule changed. */
  reason: { scope: string; year: number; source: string };
  actor: Actor;
  now: Date;
};

const PENDING = ['dispatched', 'signed', 'in_progress'] as const;

export async function recountDeadlines(tx: Transaction<DB>, c: CalendarChange): Promise<number> {
  if (c.changed.length === 0) return 0;
  const j = c.jurisdictionId;
  const from = startOfLocalDay(c.changed[0]!, c.tz);
  const to = endOfLocalDay(c.changed[c.changed.length - 1]!, c.tz);
  const rows = await tx
    .selectFrom('requests')
    .selectAll()
    .where('jurisdiction_id', '=', j)
    .where('status', 'in', PENDING)
    .where('urgent', '=', false)
    .where('dispatched_at', '<=', to)
    .where((eb) =>
      eb.or([eb('reply_by', '>=', from), eb('sign_by', '>=', from), eb('contact_by', '>=', from)]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  if (rows.length === 0) return 0;
  // A reopened request's reply deadline counts from its last reopening.
  const reopened = rows.filter((r) => r.reopen_count > 0).map((r) => r.id);
  const reopenedAt = new Map<number, Date>();
  if (reopened.length > 0) {
    const last = await tx
      .selectFrom('request_events')
      .select(['request_id', (eb) => eb.fn.max('at').as('at')])
      .where('jurisdiction_id', '=', j)
      .where('request_id', 'in', reopened)
      .where('type', '=', 'reopen')
      .groupBy('request_id')
      .execute();
    for (const r of last) reopenedAt.set(r.request_id, new Date(r.at as unknown as string));
  }
  let recounted = 0;
  for (const r of rows) {
    if (!r.dispatched_at) continue;
    const recount = (anchor: Date, deadline: Date | null, pending: boolean) =>
      pending && deadline ? recountDeadline(anchor, deadline, c.tz, c.before, c.after) : null;
    const replyAnchor = [r.dispatched_at, reopenedAt.get(r.id)].reduce((a, b) => (b && b > a! ? b : a))!;
    const moved = {
      sign_by: recount(r.dispatched_at, r.sign_by, r.status === 'dispatched' && !r.signed_at),
      contact_by: recount(r.dispatched_at, r.contact_by, !r.contacted_at),
      reply_by: recount(replyAnchor, r.reply_by, !r.replied_at),
    };
    const changes = Object.fromEntries(
      Object.entries(moved)
        .filter(([, to]) => to)
        .map(([k, to]) => [k, { from: r[k as keyof typeof moved]!.toISOString(), to: to!.toISOString() }]),
    );
    if (Object.keys(changes).length === 0) continue;
    const patch: RequestPatch = {};
    if (moved.sign_by) {
      patch.sign_by = moved.sign_by;
      // A deadline moved past now is no longer missed; one moved before now is left to the sweep.
      if (r.sign_overdue && moved.sign_by > c.now) patch.sign_overdue = false;
    }
    if (moved.contact_by) patch.contact_by = moved.contact_by;
    if (moved.reply_by) {
      patch.reply_by = moved.reply_by;
      if (r.reply_overdue && moved.reply_by > c.now) patch.reply_overdue = false;
    }
    await applyChange(tx, {
      row: r,
      actor: c.actor,
      at: c.now,
      patch,
      event: { type: 'deadlines-recounted', payload: { reason: 'calendar', ...c.reason, changes } },
    });
    recounted++;
  }
  return recounted;
}
