/**
 * 附议 "me too": the open public requests probably reporting what a resident is about to file (the duplicate
 * index, near the place given, of the same kind when both have a category), as the public sees them; and the
 * requests a resident follows because they added their voice.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { presentPublic, PUBLIC_COLUMNS, publicReference, type PublicReference } from '../public/anonymise.js';
import { publishedRequests } from '../public/published.js';
import { NEVER_PUBLISHED_STATUSES } from '../privacy/publication.js';
import { reporterNames } from '../public/ticket.js';
import { localDate } from '../requests/deadlines.js';
import { findDuplicates } from '../requests/duplicate-index.js';
import type { MeTooQuery } from './schemas.js';

/** How far a "me too" looks: a few hundred metres, or the same community when a place has no coordinates. */
export const ME_TOO_RADIUS_M = 500;
const ME_TOO_LIMIT = 5;

/** The resident's phone when the caller is a resident (whose voice may be counted), else null. */
export const residentPhone = (actor: Actor | null): string | null =>
  actor?.kind === 'user' && actor.role === 'resident' ? (actor.phoneHash ?? null) : null;

const level1Of = (ref: PublicReference, code: string | null) =>
  code ? (ref.categories.get(code)?.level1?.code ?? code) : null;

export async function meTooCandidates(
  ctx: AppContext,
  actor: Actor | null,
  j: string,
  q: z.output<typeof MeTooQuery>,
) {
  if (q.lat === undefined && !q.area_code) return [];
  const found = await findDuplicates(ctx.db, {
    jurisdictionId: j,
    text: { title: q.title ?? null, body: q.body },
    lat: q.lat,
    lon: q.lon,
    areaCode: q.area_code,
    now: ctx.now(),
    radiusMetres: ME_TOO_RADIUS_M,
    limit: 20,
  });
  if (found.length === 0) return [];
  const phone = residentPhone(actor);
  const [ref, rows, mine] = await Promise.all([
    publicReference(ctx.db, j),
    publishedRequests(ctx.db, j)
      .where(
        'id',
        'in',
        found.map((c) => c.id),
      )
      .select(['id', 'reporter_count', 'reporter_phone_hash', ...PUBLIC_COLUMNS])
      .execute(),
    phone ? supportedIds(ctx, j, phone) : new Set<number>(),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const kind = level1Of(ref, q.category_code ?? null);
  return found
    .flatMap((c) => {
      const r = byId.get(c.id);
      if (!r || (phone !== null && r.reporter_phone_hash === phone)) return [];
      const theirs = level1Of(ref, r.category_code);
      if (kind && theirs && kind !== theirs) return [];
      return [
        {
          ...presentPublic(r, ref, reporterNames(ctx, r.reporter_name_enc)),
          reporter_count: r.reporter_count,
          distance_m: c.distance_m === null ? null : Math.round(c.distance_m / 50) * 50,
          supported: mine.has(c.id),
        },
      ];
    })
    .slice(0, ME_TOO_LIMIT);
}

async function supportedIds(ctx: AppContext, j: string, phoneHash: string): Promise<Set<number>> {
  const rows = await ctx.db
    .selectFrom('request_supporters')
    .select('request_id')
    .where('jurisdiction_id', '=', j)
    .where('phone_hash', '=', phoneHash)
    .execute();
  return new Set(rows.map((r) => Number(r.request_id)));
}

/** The requests a resident follows (those they added their voice to), newest voice first, as the public sees them. */
export async function followedRequests(ctx: AppContext, j: string, phoneHash: string) {
  const [ref, rows] = await Promise.all([
    publicReference(ctx.db, j),
    ctx.db
      .selectFrom('request_supporters as s')
      .innerJoin('requests', (join) =>
        join
          .onRef('requests.jurisdiction_id', '=', 's.jurisdiction_id')
          .onRef('requests.id', '=', 's.request_id'),
      )
      .where('s.jurisdiction_id', '=', j)
      .where('s.phone_hash', '=', phoneHash)
      .where('requests.status', 'not in', NEVER_PUBLISHED_STATUSES)
      .select([
        's.created_at as supported_at',
        'requests.reporter_count',
        ...PUBLIC_COLUMNS.map((c) => `requests.${c}` as const),
      ])
      .orderBy('s.created_at', 'desc')
      .limit(100)
      .execute(),
  ]);
  return rows.map((r) => ({
    ...presentPublic(r, ref, reporterNames(ctx, r.reporter_name_enc)),
    reporter_count: r.reporter_count,
    supported_date: localDate(new Date(r.supported_at), ref.timezone),
  }));
}
