/**
 * What Open311 reads. Visible through Open311: the jurisdiction's requests that have a category (a service
 * code) and are not 举报 (reports of wrongdoing are never published, to protect whoever made them), nor voided.
 */
import { NEVER_PUBLISHED, NEVER_PUBLISHED_STATUSES } from '../privacy/publication.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { FEED_EVENT_TYPES, type EventRow, type FeedRow, type RequestRowForOpen311 } from './presenter.js';
import { o311 } from './schema.js';
import { CLOSED_STATUSES, OPEN_STATUSES, type BaseStatus } from './status-map.js';
import { dbOf, type DbSource } from '../db/source.js';

export type Geo =
  | { kind: 'radius'; lat: number; lon: number; metres: number }
  | { kind: 'bbox'; minLon: number; minLat: number; maxLon: number; maxLat: number };

export type RequestFilter =
  | { kind: 'ids'; ids: string[] }
  | {
      kind: 'search';
      serviceCodes?: string[] | undefined;
      statuses?: BaseStatus[] | undefined;
      start: Date;
      end: Date;
      geo?: Geo | undefined;
      limit: number;
      offset: number;
    };

/** The requests Open311 shows (those with a category, never 举报), with their Open311 rows. */
const publishedRequests = (db: Kysely<DB>, jurisdictionId: string) =>
  o311(db)
    .selectFrom('requests as r')
    .leftJoin('open311_requests as o', (j) =>
      j.onRef('o.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('o.request_id', '=', 'r.id'),
    )
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.category_code', 'is not', null)
    .where('r.type', 'not in', NEVER_PUBLISHED)
    .where('r.status', 'not in', NEVER_PUBLISHED_STATUSES);

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findRequests(
  db: Kysely<DB>,
  jurisdictionId: string,
  f: RequestFilter,
): Promise<RequestRowForOpen311[]> {
  let q = publishedRequests(db, jurisdictionId)
    .leftJoin('departments as d', (j) =>
      j.onRef('d.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('d.code', '=', 'r.department_code'),
    )
    .leftJoin('areas as a', (j) =>
      j.onRef('a.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('a.code', '=', 'r.area_code'),
    )
    .select([
      'r.id',
      'r.ticket_no',
      'r.status',
      'r.channel',
      'r.body',
      'r.lat',
      'r.lon',
      'r.address',
      'r.area_code',
      'a.name as area_name',
      'r.category_code',
      'd.name as department_name',
      'r.reply_by',
      'r.created_at',
      'r.updated_at',
      'r.closed_at',
      'o.media_url',
      'r.reporter_name_enc',
      'o.name_enc',
    ]);
  if (f.kind === 'ids') {
    q = q.where('r.ticket_no', 'in', f.ids).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc');
    return q.execute();
  }
  if (f.serviceCodes?.length) {
    const codes = f.serviceCodes;
    // Category codes are hierarchical: 0102 also finds 010201, 010202 …
    q = q.where((eb) => eb.or(codes.map((c) => eb('r.category_code', 'like', likePrefix(c)))));
  }
  if (f.statuses?.length === 1) {
    q = q.where('r.status', 'in', f.statuses[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES);
  }
  q = q.where('r.created_at', '>=', f.start).where('r.created_at', '<=', f.end);
  const geo = f.geo;
  if (geo?.kind === 'bbox') {
    q = q
      .where('r.lon', '>=', geo.minLon)
      .where('r.lon', '<=', geo.maxLon)
      .where('r.lat', '>=', geo.minLat)
      .where('r.lat', '<=', geo.maxLat);
  } else if (geo?.kind === 'radius') {
    // Haversine in metres; a bounding box first keeps it on the index-friendly columns.
    const dLat = geo.metres / 111_320;
    const dLon = geo.metres / (111_320 * Math.max(Math.cos((geo.lat * Math.PI) / 180), 0.01));
    q = q
      .where('r.lat', '>=', geo.lat - dLat)
      .where('r.lat', '<=', geo.lat + dLat)
      .where('r.lon', '>=', geo.lon - dLon)
      .where('r.lon', '<=', geo.lon + dLon)
      .where(
        sql<boolean>`6371008.8 * 2 * asin(sqrt(
          power(sin(radians(r.lat - ${geo.lat}) / 2), 2) +
          cos(radians(${geo.lat})) * cos(radians(r.lat)) * power(sin(radians(r.lon - ${geo.lon}) / 2), 2)
        )) <= ${geo.metres}`,
      );
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

/** The public events of some requests, in order, for their status notes. */
export async function publicEvents(
  db: Kysely<DB>,
  jurisdictionId: string,
  requestIds: number[],
): Promise<Map<number, EventRow[]>> {
  const out = new Map<number, EventRow[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .selectFrom('request_events')
    .select(['id', 'request_id', 'type', 'to_status', 'payload', 'at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('request_id', 'in', requestIds)
    .where('type', 'in', [...FEED_EVENT_TYPES])
    .orderBy('request_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    const list = out.get(r.request_id) ?? [];
    list.push(r);
    out.set(r.request_id, list);
  }
  return out;
}

/** The update feed: public events of public requests in a window, oldest first. */
export async function feedEvents(
  db: Kysely<DB>,
  jurisdictionId: string,
  f: { start: Date; end: Date; ids?: string[] | undefined; limit: number; offset: number },
): Promise<FeedRow[]> {
  let q = publishedRequests(db, jurisdictionId)
    .innerJoin('request_events as e', (j) =>
      j.onRef('e.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('e.request_id', '=', 'r.id'),
    )
    .select([
      'e.id',
      'e.request_id',
      'e.type',
      'e.to_status',
      'e.payload',
      'e.at',
      'r.ticket_no',
      'r.followup_resolved',
      'r.reporter_name_enc',
      'o.name_enc',
    ])
    .where('e.jurisdiction_id', '=', jurisdictionId)
    .where('e.type', 'in', [...FEED_EVENT_TYPES])
    .where('e.at', '>=', f.start)
    .where('e.at', '<=', f.end);
  if (f.ids?.length) q = q.where('r.ticket_no', 'in', f.ids);
  return q.orderBy('e.id').limit(f.limit).offset(f.offset).execute();
}

export async function departmentNames(db: Kysely<DB>, jurisdictionId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('departments')
    .select(['code', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function requestByToken(source: DbSource, jurisdictionId: string, token: string) {
  return o311(dbOf(source))
    .selectFrom('open311_requests as o')
    .innerJoin('requests as r', (j) =>
      j.onRef('r.jurisdiction_id', '=', 'o.jurisdiction_id').onRef('r.id', '=', 'o.request_id'),
    )
    .select(['r.ticket_no', 'o.token'])
    .where('o.jurisdiction_id', '=', jurisdictionId)
    .where('o.token', '=', token)
    .executeTakeFirst();
}

export async function listJurisdictions(source: DbSource) {
  return dbOf(source)
    .selectFrom('jurisdictions')
    .select(['jurisdiction_id', 'name', 'timezone', 'settings'])
    .orderBy('jurisdiction_id')
    .execute();
}

/** The attributes a category defines itself (not those it inherits), in their order. */
export function ownAttributes(source: DbSource, jurisdictionId: string, categoryCode: string) {
  return o311(dbOf(source))
    .selectFrom('category_attributes')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('category_code', '=', categoryCode)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

/** Requests found by a filter, with what their status notes are written from: public events, department names. */
export async function findRequestsWithEvents(source: DbSource, jurisdictionId: string, f: RequestFilter) {
  const db = dbOf(source);
  const rows = await findRequests(db, jurisdictionId, f);
  const [events, names] = await Promise.all([
    publicEvents(
      db,
      jurisdictionId,
      rows.map((r) => r.id),
    ),
    departmentNames(db, jurisdictionId),
  ]);
  return { rows, events, names };
}

/** The update feed's events, with the department names their descriptions are written with. */
export async function feedWithNames(
  source: DbSource,
  jurisdictionId: string,
  f: Parameters<typeof feedEvents>[2],
) {
  const db = dbOf(source);
  const [events, names] = await Promise.all([
    feedEvents(db, jurisdictionId, f),
    departmentNames(db, jurisdictionId),
  ]);
  return { events, names };
}
