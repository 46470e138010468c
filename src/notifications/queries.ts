/**
 * A member of staff's notifications, derived from the requests and their events (nothing is written when they
 * happen): dispatches to their department, its deadlines due within hours, 督办 on its requests, returns
 * escalated to the centre — newest first, each unread if it became news after they last marked them read.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { UserActor } from '../http/actor.js';
import {
  DEADLINE_SOON_HOURS,
  deadlineNews,
  isUnread,
  kindsFor,
  NOTIFICATION_DAYS,
  pendingDeadline,
  type NotificationKind,
} from './kinds.js';

/** The most notifications listed. */
export const NOTIFICATIONS_MAX = 50;

export type Notification = {
  kind: NotificationKind;
  request_id: number;
  ticket_no: string;
  title: string;
  /** When it became news. */
  at: Date;
  deadline_at: Date | null;
  unread: boolean;
};

const KIND_OF_EVENT: Record<string, NotificationKind> = {
  dispatch: 'dispatched',
  'auto-dispatch': 'dispatched',
  supervise: 'supervised',
  escalate: 'escalated_returns',
};

export async function notificationsOf(ctx: AppContext, actor: UserActor, now: Date) {
  const j = actor.jurisdictionId;
  const kinds = kindsFor(actor.role, actor.departmentCode);
  if (!kinds.length) return { unread: 0, items: [] as Notification[] };
  const dept = actor.departmentCode ?? '';
  const has = (k: NotificationKind) => kinds.includes(k);
  const [read, events, due] = await Promise.all([
    ctx.db
      .selectFrom('staff_notification_reads')
      .select('read_at')
      .where('jurisdiction_id', '=', j)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('request_events as e')
      .innerJoin('requests as r', (join) =>
        join.onRef('r.jurisdiction_id', '=', 'e.jurisdiction_id').onRef('r.id', '=', 'e.request_id'),
      )
      .where('e.jurisdiction_id', '=', j)
      .where('e.at', '>=', new Date(now.getTime() - NOTIFICATION_DAYS * 86_400_000))
      .where('e.at', '<=', now)
      .where((eb) =>
        eb.or([
          ...(has('dispatched')
            ? [
                eb.and([
                  eb('e.type', 'in', ['dispatch', 'auto-dispatch']),
                  eb(sql<string>`e.payload ->> 'department_code'`, '=', dept),
                ]),
              ]
            : []),
          ...(has('supervised')
            ? [eb.and([eb('e.type', '=', 'supervise'), eb('r.department_code', '=', dept)])]
            : []),
          ...(has('escalated_returns') ? [eb('e.type', '=', 'escalate')] : []),
        ]),
      )
      .select(['e.type', 'e.at', 'r.id', 'r.ticket_no', 'r.title'])
      .orderBy('e.at', 'desc')
      .limit(NOTIFICATIONS_MAX)
      .execute(),
    has('deadline_soon')
      ? ctx.db
          .selectFrom('requests')
          .select(['id', 'ticket_no', 'title', 'status', 'sign_by', 'reply_by'])
          .where('jurisdiction_id', '=', j)
          .where('department_code', '=', dept)
          .where((eb) => {
            const soon = new Date(now.getTime() + DEADLINE_SOON_HOURS * 3_600_000);
            return eb.or([
              eb.and([eb('status', '=', 'dispatched'), eb('sign_by', '>', now), eb('sign_by', '<=', soon)]),
              eb.and([
                eb('status', 'in', ['signed', 'in_progress']),
                eb('reply_by', '>', now),
                eb('reply_by', '<=', soon),
              ]),
            ]);
          })
          .limit(NOTIFICATIONS_MAX)
          .execute()
      : [],
  ]);
  const readAt = read?.read_at ?? null;
  const items: Notification[] = [];
  for (const e of events)
    items.push({
      kind: KIND_OF_EVENT[e.type]!,
      request_id: Number(e.id),
      ticket_no: e.ticket_no,
      title: e.title,
      at: e.at,
      deadline_at: null,
      unread: isUnread(e.at, readAt),
    });
  for (const r of due) {
    const pending = pendingDeadline(r);
    const news = pending && deadlineNews(pending.at, now);
    if (!pending || !news) continue;
    items.push({
      kind: 'deadline_soon',
      request_id: Number(r.id),
      ticket_no: r.ticket_no,
      title: r.title,
      at: news,
      deadline_at: pending.at,
      unread: isUnread(news, readAt),
    });
  }
  items.sort((a, b) => b.at.getTime() - a.at.getTime());
  const listed = items.slice(0, NOTIFICATIONS_MAX);
  return { unread: listed.filter((n) => n.unread).length, items: listed };
}
