/**
 * What an area alert reads: the public updates of a scope within a digest's window (as the public feed presents
 * them), the subscriptions whose digest is due, and the names of a scope.
 */
import type { AppContext } from '../context.js';
import type { SubscriptionsTable } from '../db/schema.js';
import type { FeedItem } from '../feeds/queries.js';
import { scopeName } from '../feeds/queries.js';
import { maskPublicText } from '../privacy/public-text.js';
import { presentPublic, PUBLIC_COLUMNS, publicReference } from '../public/anonymise.js';
import { publishedRequests } from '../public/published.js';
import { reporterNames, UPDATE_OF } from '../public/ticket.js';
import { inAreaTree } from '../routing/areas.js';
import type { Selectable } from 'kysely';
import { candidateBox, inScope, type Scope } from './scope.js';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** The most updates a digest reads before it stops counting (a busy area's day). */
const READ_CAP = 500;

export const scopeOf = (s: SubscriptionRow): Scope => ({
  area_code: s.area_code,
  circle:
    s.lat !== null && s.lon !== null && s.radius_m !== null
      ? { lat: s.lat, lon: s.lon, radius_m: s.radius_m }
      : null,
  category_code: s.category_code,
});

/** The public updates of a scope at or after `from` and before `to`, oldest first. */
export async function digestItems(
  ctx: AppContext,
  j: string,
  scope: Scope,
  window: { from: Date; to: Date },
): Promise<FeedItem[]> {
  let requests = publishedRequests(ctx.db, j);
  if (scope.area_code) requests = requests.where(inAreaTree('area_code', scope.area_code));
  if (scope.category_code)
    requests = requests.where('category_code', 'like', `${scope.category_code.replace(/[%_\\]/g, '')}%`);
  if (scope.circle) {
    const box = candidateBox(scope.circle);
    requests = requests
      .where('lat', '>=', box.south)
      .where('lat', '<=', box.north)
      .where('lon', '>=', box.west)
      .where('lon', '<=', box.east);
  }
  const [ref, events, departments] = await Promise.all([
    publicReference(ctx.db, j),
    ctx.db
      .selectFrom('request_events as e')
      .innerJoin('requests as r', (join) =>
        join.onRef('r.jurisdiction_id', '=', 'e.jurisdiction_id').onRef('r.id', '=', 'e.request_id'),
      )
      .where('e.jurisdiction_id', '=', j)
      .where('e.type', 'in', Object.keys(UPDATE_OF))
      .where('e.at', '>=', window.from)
      .where('e.at', '<', window.to)
      .where('e.request_id', 'in', requests.select('id'))
      .select([
        'e.type as event_type',
        'e.payload',
        'e.at',
        'e.seq',
        'r.lat',
        'r.lon',
        ...PUBLIC_COLUMNS.map((c) => `r.${c}` as const),
      ])
      .orderBy('e.at')
      .orderBy('e.id')
      .limit(READ_CAP)
      .execute(),
    ctx.db.selectFrom('departments').select(['code', 'name']).where('jurisdiction_id', '=', j).execute(),
  ]);
  const departmentName = new Map(departments.map((d) => [d.code, d.name]));
  return events
    .filter((e) => inScope(scope, e))
    .map((e) => {
      const names = reporterNames(ctx, e.reporter_name_enc);
      const kind = UPDATE_OF[e.event_type]!;
      const payload = (e.payload ?? {}) as { text?: string | null; department_code?: string };
      const detail =
        kind === 'dispatched' && payload.department_code
          ? (departmentName.get(payload.department_code) ?? null)
          : kind === 'answered' && payload.text
            ? maskPublicText(payload.text, names)
            : null;
      return { ...presentPublic(e, ref, names), kind, seq: e.seq, at: new Date(e.at), detail };
    });
}

/** Active subscriptions whose digest is due, oldest due first. */
export function dueSubscriptions(ctx: AppContext, j: string, now: Date, cap: number) {
  return ctx.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('jurisdiction_id', '=', j)
    .where('status', '=', 'active')
    .where('next_digest_at', '<=', now)
    .orderBy('next_digest_at')
    .limit(cap)
    .execute();
}

/** The names a scope is described by (an unknown code: the code itself). */
export async function scopeNames(ctx: AppContext, j: string, scope: Scope) {
  const [jurisdiction, area, category] = await Promise.all([
    scopeName(ctx, j, 'jurisdictions', j),
    scope.area_code ? scopeName(ctx, j, 'areas', scope.area_code) : undefined,
    scope.category_code ? scopeName(ctx, j, 'categories', scope.category_code) : undefined,
  ]);
  return {
    jurisdiction: jurisdiction ?? j,
    area: scope.area_code ? (area ?? scope.area_code) : null,
    circle: scope.circle,
    category: scope.category_code ? (category ?? scope.category_code) : null,
  };
}
