/**
 * Which notifications a member of staff gets, and when each became news. A department's staff (handlers and
 * heads) are told of requests dispatched to it and of its deadlines due within hours; its heads also of 督办 on
 * its requests; the centre's supervisors of requests escalated after too many returns. Pure.
 */
import type { Role } from '../db/schema.js';

export const NOTIFICATION_KINDS = ['dispatched', 'deadline_soon', 'supervised', 'escalated_returns'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A deadline is news this long before it falls. */
export const DEADLINE_SOON_HOURS = 4;
/** Events older than this are no longer notifications. */
export const NOTIFICATION_DAYS = 7;

export function kindsFor(role: Role, departmentCode: string | null): NotificationKind[] {
  if ((role === 'handler' || role === 'department_head') && departmentCode)
    return role === 'department_head'
      ? ['dispatched', 'deadline_soon', 'supervised']
      : ['dispatched', 'deadline_soon'];
  if (role === 'supervisor') return ['escalated_returns'];
  return [];
}

/** The deadline a request in a status is held to (signing, then replying); none once answered. */
export function pendingDeadline(r: {
  status: string;
  sign_by: Date | null;
  reply_by: Date | null;
}): { deadline: 'sign' | 'reply'; at: Date } | null {
  if (r.status === 'dispatched' && r.sign_by) return { deadline: 'sign', at: r.sign_by };
  if ((r.status === 'signed' || r.status === 'in_progress') && r.reply_by)
    return { deadline: 'reply', at: r.reply_by };
  return null;
}

/** A deadline is news from DEADLINE_SOON_HOURS before it until it falls (then the overdue sweep takes over). */
export function deadlineNews(deadline: Date, now: Date): Date | null {
  const from = new Date(deadline.getTime() - DEADLINE_SOON_HOURS * 3_600_000);
  return from <= now && now < deadline ? from : null;
}

export const isUnread = (newsAt: Date, readAt: Date | null) => readAt === null || newsAt > readAt;
