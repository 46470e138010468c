/**
 * The duplicate index: LSH band keys of every request's text in request_text_bands (0006_text_index.sql), and the
 * lookup that finds the open requests probably reporting the same problem as a new text. See ./duplicates.ts for
 * the scoring.
 */
import { sql } from 'kysely';
import type { RequestRow } from '../db/schema.js';
import type { Db } from '../db/source.js';
import { STATUSES, isOpen } from './workflow.js';
import {
  DUPLICATE_THRESHOLD,
  bandKeys,
  duplicateScore,
  jaccard,
  placeMatch,
  shingles,
  signatureOf,
  type DuplicateText,
} from '../text/duplicates.js';

/** Lookups never look further back than this; pruneTextBands() may delete older rows. */
export const TEXT_BAND_RETENTION_DAYS = 90;
/** Band matches re-ranked exactly, at most: those agreeing on the most bands (the highest estimated similarity). */
const CANDIDATE_CAP = 50;
const DAY_MS = 86_400_000;
const OPEN_STATUSES = STATUSES.filter(isOpen);

export type IndexableRequest = Pick<
  RequestRow,
  'jurisdiction_id' | 'id' | 'title_norm' | 'body_norm' | 'created_at' | 'area_code' | 'lat' | 'lon'
>;

/** Band rows of requests, ready to insert (exported for bulk loads). */
export function bandRows(rows: readonly IndexableRequest[]) {
  return rows.flatMap((r) =>
    bandKeys(signatureOf(shingles({ title: r.title_norm, body: r.body_norm }, { normalised: true }))).map(
      (band_key) => ({
        jurisdiction_id: r.jurisdiction_id,
        band_key,
        created_at: r.created_at,
        request_id: r.id,
        area_code: r.area_code,
        lat: r.lat,
        lon: r.lon,
      }),
    ),
  );
}

/**
 * Indexes newly registered requests, in the caller's transaction: one multi-row insert for a whole intake batch
 * (32 rows per request, passed as 7 arrays so the statement's size does not grow with the batch).
 */
export async function indexRequests(db: Db, rows: readonly IndexableRequest[]): Promise<void> {
  const bands = bandRows(rows);
  if (bands.length === 0) return;
  const col = <K extends keyof (typeof bands)[number]>(k: K) => bands.map((b) => b[k]);
  await sql`insert into request_text_bands (jurisdiction_id, band_key, created_at, request_id, area_code, lat, lon)
    select * from unnest(${col('jurisdiction_id')}::text[], ${col('band_key')}::bigint[],
      ${bands.map((b) => new Date(b.created_at).toISOString())}::timestamptz[], ${col('request_id')}::bigint[],
      ${col('area_code')}::text[], ${col('lat')}::float8[], ${col('lon')}::float8[])
    on conflict do nothing`.execute(db);
}

export const indexRequest = (db: Db, row: IndexableRequest) => indexRequests(db, [row]);

/** Deletes band rows of requests created before `before` (a daily sweep; a lookup never reads them). */
export async function pruneTextBands(db: Db, before: Date): Promise<number> {
  const res = await db.deleteFrom('request_text_bands').where('created_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export type DuplicateQuery = {
  jurisdictionId: string;
  text: DuplicateText;
  /** The text is already normalised (a stored request's title_norm and body_norm). */
  normalised?: boolean;
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  areaCode?: string | null | undefined;
  now: Date;
  excludeId?: number | undefined;
  radiusMetres?: number;
  days?: number;
  limit?: number;
  minScore?: number;
};

export type DuplicateCandidate = {
  id: number;
  ticket_no: string;
  score: number;
  text_similarity: number;
  distance_m: number | null;
  same_area: boolean;
  status: string;
  created_at: Date;
};

const METRES_PER_DEGREE = 111_195;

type CandidateRow = Pick<
  RequestRow,
  'id' | 'ticket_no' | 'status' | 'created_at' | 'title_norm' | 'body_norm' | 'lat' | 'lon' | 'area_code'
> & { place_codes: string[] | null };

/**
 * The candidates' statement: the band rows of the text's keys in the window and near the place (one index range
 * scan per key, the place columns read from the index), grouped by request, joined to the open requests.
 * Exported for the benchmark's EXPLAIN.
 */
export function candidateQuery(q: DuplicateQuery, keys: readonly number[]) {
  const radius = q.radiusMetres ?? 300;
  const days = Math.min(q.days ?? 30, TEXT_BAND_RETENTION_DAYS);
  const j = q.jurisdictionId;
  const since = new Date(q.now.getTime() - days * DAY_MS);
  const area = q.areaCode ?? null;
  // "The same community": the query's community (its own area, or the parent of a grid) and that community's grids.
  const place = sql`select a.code from areas a join areas q on q.jurisdiction_id = a.jurisdiction_id and q.code = ${area}
    where a.jurisdiction_id = ${j} and (a.code = (case when q.level = 'grid' then q.parent_code else q.code end)
      or (a.level = 'grid' and a.parent_code = (case when q.level = 'grid' then q.parent_code else q.code end)))`;
  let near = sql`true`;
  if (q.lat != null && q.lon != null) {
    const dLat = radius / METRES_PER_DEGREE;
    const dLon = dLat / Math.max(0.01, Math.cos((q.lat * Math.PI) / 180));
    near = sql`((b.lat between ${q.lat - dLat} and ${q.lat + dLat} and b.lon between ${q.lon - dLon} and ${q.lon + dLon})
      or (b.lat is null and b.area_code in (select code from place)))`;
  } else if (area) near = sql`b.area_code in (select code from place)`;
  return sql<CandidateRow>`with place as (${place}),
    matches as (
      select b.request_id, count(*) as bands from request_text_bands b
      where b.jurisdiction_id = ${j} and b.band_key = any(${keys}::bigint[])
        and b.created_at >= ${since.toISOString()}::timestamptz and b.created_at <= ${q.now.toISOString()}::timestamptz
        and b.request_id <> ${q.excludeId ?? -1} and ${near}
      group by b.request_id order by bands desc, b.request_id desc limit ${CANDIDATE_CAP})
    select r.id, r.ticket_no, r.status, r.created_at, r.title_norm, r.body_norm, r.lat, r.lon, r.area_code,
      array(select code from place) as place_codes
    from matches m join requests r on r.jurisdiction_id = ${j} and r.id = m.request_id
    where r.status in (${sql.join(OPEN_STATUSES)})`;
}

/**
 * Open requests that probably report the same problem as `text`: near (within the radius, or in the same
 * community when either has no coordinates; anywhere when the query has no place at all), created within `days`,
 * and similar in text; best first, at most `limit`, each scoring at least `minScore`. One statement
 * (candidateQuery), then the exact text similarity re-ranks the candidates.
 */
export async function findDuplicates(db: Db, q: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const radius = q.radiusMetres ?? 300;
  const days = Math.min(q.days ?? 30, TEXT_BAND_RETENTION_DAYS);
  const mine = shingles(q.text, { normalised: q.normalised ?? false });
  const keys = bandKeys(signatureOf(mine));
  if (keys.length === 0) return [];
  const area = q.areaCode ?? null;
  const { rows } = await candidateQuery(q, keys).execute(db);

  const candidates: DuplicateCandidate[] = [];
  for (const r of rows) {
    const text = jaccard(mine, shingles({ title: r.title_norm, body: r.body_norm }, { normalised: true }));
    const match = placeMatch(
      { lat: q.lat, lon: q.lon, areaCode: area, areaCodes: r.place_codes ?? [] },
      { lat: r.lat, lon: r.lon, areaCode: r.area_code },
      radius,
    );
    const created = new Date(r.created_at);
    const score = duplicateScore(text, match, (q.now.getTime() - created.getTime()) / DAY_MS, days);
    if (score < (q.minScore ?? DUPLICATE_THRESHOLD)) continue;
    candidates.push({
      id: Number(r.id),
      ticket_no: r.ticket_no,
      score,
      text_similarity: text,
      distance_m: match.distanceM === null ? null : Math.round(match.distanceM),
      same_area: match.sameArea,
      status: r.status,
      created_at: created,
    });
  }
  return candidates.sort((a, b) => b.score - a.score || b.id - a.id).slice(0, q.limit ?? 5);
}

/** The probable duplicates of a registered request (the dispatcher's view of it). */
export async function findDuplicatesOf(
  db: Db,
  jurisdictionId: string,
  requestId: number,
  opts: Pick<DuplicateQuery, 'now' | 'radiusMetres' | 'days' | 'limit' | 'minScore'>,
): Promise<DuplicateCandidate[]> {
  const r = await db
    .selectFrom('requests')
    .select(['title_norm', 'body_norm', 'lat', 'lon', 'area_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!r) return [];
  return findDuplicates(db, {
    ...opts,
    jurisdictionId,
    text: { title: r.title_norm, body: r.body_norm },
    normalised: true,
    lat: r.lat,
    lon: r.lon,
    areaCode: r.area_code,
    excludeId: requestId,
  });
}
