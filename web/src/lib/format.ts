/** Dates in the jurisdiction's timezone, rates as percentages, and deadline states for the tables. */
import type { RequestItem, Status } from '../api/models';
import { session } from '../stores/session';

const tz = () => session.config?.jurisdiction?.timezone ?? 'Asia/Shanghai';

function parts(d: Date) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(new Date(iso));
  return `${p.date} ${p.time}`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return parts(new Date(iso)).date;
}

export const localToday = () => parts(new Date()).date;

export function pct(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

const OPEN_HANDLING: Status[] = ['dispatched', 'signed', 'in_progress'];

/** The deadline that matters now: signing while waiting to be signed, else the reply. */
export function currentDeadline(r: RequestItem): string | null {
  if (r.status === 'dispatched' && r.deadlines.sign_by) return r.deadlines.sign_by;
  if (OPEN_HANDLING.includes(r.status)) return r.deadlines.reply_by;
  return null;
}

/** overdue (red), due today (orange), or nothing. */
export function deadlineState(r: RequestItem, now = new Date()): 'overdue' | 'today' | null {
  const d = currentDeadline(r);
  if (r.overdue.sign && r.status === 'dispatched') return 'overdue';
  if (r.overdue.reply && OPEN_HANDLING.includes(r.status)) return 'overdue';
  if (!d) return null;
  const at = new Date(d);
  if (at.getTime() < now.getTime()) return 'overdue';
  if (parts(at).date === parts(now).date) return 'today';
  return null;
}

export function excerpt(s: string, n = 60): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}
