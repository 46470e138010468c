/**
 * Loads the requests of a period and of the previous period of equal length, and finds their topics
 * (./topics.ts). At most `cap` requests per period, the most recent ones; `truncated` says when the cap cut.
 *
 * Event loop: word segmentation (jieba is synchronous native code, about 0.3–1 ms per request) and the clustering
 * (one to a few seconds for 20,000 requests) run in steps of a few hundred requests with a yield between them,
 * so other requests are served meanwhile (longest pause measured: 125 ms for 21,000 requests, on a 2-core
 * machine busy with other work). Not split: reading the rows, which on PGlite (the database runs in this thread)
 * blocks for the time of the query.
 * Results are cached for a few minutes per jurisdiction, period and area.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { DB, RequestRow } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import { referenceCache } from '../routing/reference-cache.js';
import { clusterTopicsYielding, loadStopwords, topicTerms, type TermDoc, type Topic } from './topics.js';
import { dbOf, type DbSource } from '../db/source.js';

export type TopicsQuery = {
  jurisdictionId: string;
  from: Date;
  to: Date;
  /** Only requests placed in this area or below it (a street covers its communities and their grids). */
  areaCode?: string | undefined;
  limit?: number;
  /** Most recent requests read per period. */
  cap?: number;
};

export type TopicView = {
  rank: number;
  keywords: string[];
  count: number;
  trend: Topic['trend'];
  areas: { code: string; count: number }[];
  samples: { id: number; ticket_no: string; title: string }[];
  /** The members, most recent first, at most MAX_MEMBER_IDS of them. */
  member_ids: number[];
};

export type TopicsResult = {
  analysed: { current: number; previous: number };
  truncated: boolean;
  topics: TopicView[];
};

const DEFAULT_CAP = 10_000;
const CHUNK = 200;
const MAX_MEMBER_IDS = 100;

type Row = Pick<RequestRow, 'id' | 'ticket_no' | 'title_norm' | 'body_norm' | 'area_code' | 'created_at'>;

async function loadPeriod(db: Kysely<DB>, q: TopicsQuery, from: Date, to: Date, cap: number): Promise<Row[]> {
  const area = q.areaCode
    ? sql`and r.area_code in (with recursive sub(code) as (
          select code from areas where jurisdiction_id = ${q.jurisdictionId} and code = ${q.areaCode}
          union select a.code from areas a join sub on a.parent_code = sub.code where a.jurisdiction_id = ${q.jurisdictionId})
        select code from sub)`
    : sql``;
  const { rows } =
    await sql<Row>`select r.id, r.ticket_no, r.title_norm, r.body_norm, r.area_code, r.created_at
    from requests r
    where r.jurisdiction_id = ${q.jurisdictionId} and r.created_at >= ${from.toISOString()}::timestamptz
      and r.created_at < ${to.toISOString()}::timestamptz ${area}
    order by r.created_at desc, r.id desc limit ${cap}`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), created_at: new Date(r.created_at) }));
}

export async function queryTopics(db: Kysely<DB>, q: TopicsQuery): Promise<TopicsResult> {
  const cap = q.cap ?? DEFAULT_CAP;
  const span = q.to.getTime() - q.from.getTime();
  const current = await loadPeriod(db, q, q.from, q.to, cap);
  const previous = await loadPeriod(db, q, new Date(q.from.getTime() - span), q.from, cap);
  const rows = [...current, ...previous];

  const stop = loadStopwords();
  const docs: TermDoc[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    for (const r of rows.slice(i, i + CHUNK)) {
      const doc = {
        id: r.id,
        title: r.title_norm,
        body: r.body_norm,
        area_code: r.area_code,
        created_at: r.created_at,
      };
      docs.push({ ...doc, terms: topicTerms(doc, stop) });
    }
    await yieldToLoop();
  }
  const topics = await clusterTopicsYielding(docs, { from: q.from, to: q.to, maxTopics: q.limit ?? 20 }, () =>
    yieldToLoop(),
  );

  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    analysed: { current: current.length, previous: previous.length },
    truncated: current.length === cap || previous.length === cap,
    topics: topics.map((t, i) => ({
      rank: i + 1,
      keywords: t.keywords,
      count: t.count,
      trend: t.trend,
      areas: t.areas,
      samples: t.sample_ids.map((id) => {
        const r = byId.get(id)!;
        return { id, ticket_no: r.ticket_no, title: r.title_norm || r.body_norm.slice(0, 40) };
      }),
      member_ids: [...t.member_ids]
        .sort((a, b) => byId.get(b)!.created_at.getTime() - byId.get(a)!.created_at.getTime() || b - a)
        .slice(0, MAX_MEMBER_IDS),
    })),
  };
}

/** queryTopics behind a small time-limited cache: supervisors reload the same view, and requests arrive slowly. */
export class TopicsCache {
  private entries = new Map<string, { at: number; value: Promise<TopicsResult> }>();
  private readonly db: Kysely<DB>;
  constructor(
    source: DbSource,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 50,
  ) {
    this.db = dbOf(source);
  }

  get(q: TopicsQuery, now = Date.now()): Promise<TopicsResult> {
    const key = JSON.stringify([
      q.jurisdictionId,
      q.from,
      q.to,
      q.areaCode ?? null,
      q.limit ?? 20,
      q.cap ?? null,
    ]);
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = queryTopics(this.db, q);
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

/** GET /api/v1/topics: the period's topics (an unknown area is refused), cached. */
export async function hotTopics(cache: TopicsCache, source: DbSource, q: TopicsQuery & { limit: number }) {
  if (q.areaCode && !(await referenceCache(dbOf(source)).get(q.jurisdictionId)).areas.has(q.areaCode))
    throw new AppError('unknown_reference', { area: q.areaCode });
  const result = await cache.get(q);
  return { from: q.from.toISOString(), to: q.to.toISOString(), area: q.areaCode ?? null, ...result };
}
