/**
 * The dashboard's figures: one call (GET /api/v1/metrics/dashboard) for the period. When the page is opened at
 * /dashboard directly, the call goes out as soon as the session is known, while the page's code is still being
 * evaluated and mounted, and the view takes that answer if it asks for the same period.
 */
import { api } from '../../api/client';
import type { DashboardMetrics } from '../../api/models';
import { router } from '../../router';
import { can, loadSession } from '../../stores/session';

const DAY = 86_400_000;

export type Period = [Date, Date];

/** ?from=…&to=… (ISO dates or instants) fix the period, for links and reports; null: not given or invalid. */
export function periodFromQuery(q: Query): Period | null {
  const from = typeof q.from === 'string' ? new Date(q.from) : null;
  const to = typeof q.to === 'string' ? new Date(q.to) : new Date();
  return from && !Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to
    ? [from, to]
    : null;
}

/** The last `days` days up to now. */
export const lastDays = (days: number): Period => [new Date(Date.now() - days * DAY), new Date()];

export const fetchDashboard = ([from, to]: Period) =>
  api.GET('/api/v1/metrics/dashboard', {
    params: { query: { from: from.toISOString(), to: to.toISOString() } },
  });

type Query = { from?: unknown; to?: unknown };
type Early = { from: string; to: string; period: Period; answer: Promise<DashboardMetrics | null> };
let early: Early | null = null;
const raw = (v: unknown) => (typeof v === 'string' ? v : '');

if (location.pathname === '/dashboard') {
  const q = Object.fromEntries(new URLSearchParams(location.search));
  const period = periodFromQuery(q) ?? lastDays(30);
  const needs = router.resolve('/dashboard').meta.can;
  const answer = loadSession().then(() => (needs && can(needs) ? fetchDashboard(period) : null));
  answer.catch(() => undefined); // the view asks again and shows the error
  early = { from: raw(q.from), to: raw(q.to), period, answer };
}

/**
 * The answer fetched while the page loaded, and its period, once, if the view starts from the same query (the
 * same fixed period, or none: the default one); null otherwise.
 */
export function takeEarly(q: Query): { period: Period; answer: Promise<DashboardMetrics | null> } | null {
  const e = early;
  early = null;
  return e && e.from === raw(q.from) && e.to === raw(q.to) ? e : null;
}
