/**
 * Reading the 知识库: ranked full-text search over the articles' jieba tokens (a GIN-indexed tsvector), lists,
 * one article with its revisions, the reviewers' queue and the owners' badges.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { dbOf, inJurisdiction, type DbSource } from '../db/source.js';
import type { Actor } from '../http/actor.js';
import { pageWindow } from '../http/inputs.js';
import { termCounts } from './term-counts.js';
import { idf, lookupTerms, toTsQuery } from './terms.js';

const day = (column: 'source_date' | 'valid_from' | 'valid_to', table?: 'a') =>
  sql<string | null>`to_char(${sql.ref(table ? `${table}.${column}` : column)}, 'YYYY-MM-DD')`.as(column);

const COLUMNS = [
  'id',
  'title',
  'body',
  'category_code',
  'department_code',
  'area_codes',
  'source_document',
  'public',
  'status',
  'version',
  'updated_at',
  'stale_reason',
] as const;

/** An article's columns, its days as text, and no rank: what a list (not a search) or one article reads. */
const UNRANKED = [
  ...COLUMNS,
  day('source_date'),
  day('valid_from'),
  day('valid_to'),
  sql<null>`null::real`.as('rank'),
] as const;

export type ArticleRow = {
  id: number;
  title: string;
  body: string;
  category_code: string | null;
  department_code: string;
  area_codes: string[];
  source_document: string;
  source_date: string | null;
  valid_from: string | null;
  valid_to: string | null;
  public: boolean;
  status: 'draft' | 'published';
  version: number;
  updated_at: Date;
  stale_reason: 'expired' | 'untouched' | null;
  rank: number | null;
};

export type SearchScope = {
  jurisdictionId: string;
  /** Query terms (./terms.ts): ranked by them; none: the newest first. */
  terms: readonly string[];
  /** public: published public articles in force (常见问题); staff: every article, published by default. */
  audience: 'public' | 'staff';
  today: string;
  status?: 'draft' | 'published' | undefined;
  department?: string | undefined;
  /** A category and its sub-categories. */
  category?: string | undefined;
  stale?: boolean | undefined;
  /** Only articles in force that apply to one of these areas (or to everywhere): suggestions. */
  inForceFor?: { areaCodes: readonly string[] } | undefined;
  page: number;
  page_size: number;
  /** Skip the total (suggestions). */
  withTotal?: boolean;
};

type ArticleQuery = SelectQueryBuilder<DB, 'knowledge_articles', object>;

function inForce(q: ArticleQuery, today: string): ArticleQuery {
  return q
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]));
}

/** The articles of a search, filtered as the scope says (no terms yet). */
function scopedArticles(db: Kysely<DB>, s: SearchScope): ArticleQuery {
  let q: ArticleQuery = db.selectFrom('knowledge_articles').where('jurisdiction_id', '=', s.jurisdictionId);
  if (s.audience === 'public')
    q = inForce(q.where('status', '=', 'published').where('public', '=', true), s.today);
  else q = q.where('status', '=', s.status ?? 'published');
  if (s.department) q = q.where('department_code', '=', s.department);
  if (s.category) {
    const category = s.category;
    q = q.where('category_code', 'in', (eb) =>
      eb
        .selectFrom('categories')
        .select('code')
        .where('jurisdiction_id', '=', s.jurisdictionId)
        .where((c) => c.or([c('code', '=', category), c('parent_code', '=', category)])),
    );
  }
  if (s.stale !== undefined) q = q.where('stale_reason', s.stale ? 'is not' : 'is', null);
  if (s.inForceFor) {
    q = inForce(q, s.today);
    const areas = [...s.inForceFor.areaCodes];
    q = q.where((eb) =>
      areas.length
        ? eb.or([
            eb('area_codes', '=', sql<string[]>`'[]'::jsonb`),
            sql<boolean>`area_codes ?| ${sql.val(areas)}::text[]`,
          ])
        : eb('area_codes', '=', sql<string[]>`'[]'::jsonb`),
    );
  }
  return q;
}

export async function searchArticles(source: DbSource, s: SearchScope) {
  const db = dbOf(source);
  const q = scopedArticles(db, s);
  if (s.terms.length) return rankedSearch(db, q, s);
  const { limit, offset } = pageWindow(s);
  const [rows, total] = await Promise.all([
    q
      .select(UNRANKED)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    s.withTotal === false
      ? null
      : q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ArticleRow[], total: total === null ? rows.length : Number(total.n) };
}

/** How many of the best-scored articles are ranked finely: more than any page a person reads. */
const CANDIDATES = 100;

/**
 * The rank of an article: the weights (idf) of the query's terms it holds, half as much again for those in its
 * title, and the terms' proximity (ts_rank_cd, normalised by length) to order articles holding the same terms.
 * The index answers the rarer terms (lookupTerms), one scan a term and title, and the weights are summed by
 * article; only the best CANDIDATES are then read whole for the common terms and the proximity, since testing
 * every candidate's tsvector term by term reads it again each time.
 */
async function rankedSearch(db: Kysely<DB>, q: ArticleQuery, s: SearchScope) {
  const { df, n } = await termCounts(db, s.jurisdictionId, s.terms);
  const lookup = lookupTerms(s.terms, df, n);
  if (!lookup.length) return { rows: [] as ArticleRow[], total: 0 };
  const weight = (t: string) => idf(df.get(t) ?? 0, n);
  const branches = lookup.flatMap((t) => [
    q
      .where(sql<boolean>`search_tokens @@ ${t}::tsquery`)
      .select(['id', sql<number>`${weight(t)}::real`.as('w')]),
    q
      .where(sql<boolean>`title_tokens @@ ${t}::tsquery`)
      .select(['id', sql<number>`${weight(t) / 2}::real`.as('w')]),
  ]);
  const hits = branches.slice(1).reduce((all, b) => all.unionAll(b), branches[0]!);
  const { limit, offset } = pageWindow(s);
  const best = db
    .selectFrom(hits.as('h'))
    .select(['h.id', sql<number>`sum(h.w)`.as('score'), sql<string>`count(*) over ()`.as('total')])
    .groupBy('h.id')
    .orderBy('score', 'desc')
    .orderBy('h.id', 'desc')
    .limit(Math.max(CANDIDATES, offset + limit));
  const others = s.terms.filter((t) => !lookup.includes(t) && (df.get(t) ?? 0) > 0);
  const held = others.map(
    (t) => sql`case when a.search_tokens @@ ${t}::tsquery then ${weight(t)}::real else 0 end
      + case when a.title_tokens @@ ${t}::tsquery then ${weight(t) / 2}::real else 0 end`,
  );
  const rank = sql<number>`(b.score + ${sql.join([...held, sql`0`], sql` + `)}
    + ts_rank_cd(a.search_tokens, ${toTsQuery(s.terms)}::tsquery, 1))`;
  // Ranked on the tsvectors alone; the page's few rows are then read whole.
  const page = db
    .selectFrom(best.as('b'))
    .innerJoin('knowledge_articles as a', (j) =>
      j.on('a.jurisdiction_id', '=', s.jurisdictionId).onRef('a.id', '=', 'b.id'),
    )
    .select(['b.id', rank.as('rank'), 'b.total', 'a.updated_at'])
    .orderBy('rank', 'desc')
    .orderBy('a.updated_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .offset(offset);
  const rows = await db
    .selectFrom(page.as('p'))
    .innerJoin('knowledge_articles as a', (j) =>
      j.on('a.jurisdiction_id', '=', s.jurisdictionId).onRef('a.id', '=', 'p.id'),
    )
    .select([
      ...COLUMNS.map((c) => `a.${c}` as const),
      day('source_date', 'a'),
      day('valid_from', 'a'),
      day('valid_to', 'a'),
      'p.rank',
      'p.total',
    ])
    .orderBy('p.rank', 'desc')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  // Past the last page no row carries the total: it is counted apart.
  const total = rows.length
    ? Number(rows[0]!.total)
    : offset
      ? Number(
          (
            await db
              .selectFrom(hits.as('h'))
              .select(sql<string>`count(distinct h.id)`.as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
  return { rows: rows.map(({ total: _, ...row }) => row) as ArticleRow[], total };
}

export async function loadArticle(source: DbSource, jurisdictionId: string, id: number) {
  const row = await inJurisdiction(source, 'knowledge_articles', jurisdictionId)
    .select(UNRANKED)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as ArticleRow | undefined;
}

export function loadRevisions(db: Kysely<DB>, jurisdictionId: string, articleId: number) {
  return inJurisdiction(db, 'knowledge_revisions', jurisdictionId)
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('revision', 'desc')
    .execute();
}

/** The department whose proposals an actor reviews (a head), or undefined for all of them (the centre). */
const reviewScope = (actor: Actor) =>
  actor.kind === 'user' && actor.role === 'department_head' ? (actor.departmentCode ?? '') : undefined;

/** Proposals of a status, of the articles the actor reviews (a head: their department's), the oldest first. */
export async function listRevisions(
  source: DbSource,
  actor: Actor,
  f: { status: 'pending' | 'approved' | 'rejected'; page: number; page_size: number },
) {
  const scope = reviewScope(actor);
  const q = dbOf(source)
    .selectFrom('knowledge_revisions as r')
    .innerJoin('knowledge_articles as a', (j) =>
      j.onRef('a.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('a.id', '=', 'r.article_id'),
    )
    .where('r.jurisdiction_id', '=', actor.jurisdictionId)
    .where('r.status', '=', f.status)
    .$if(scope !== undefined, (b) => b.where('a.department_code', '=', scope!));
  const { limit, offset } = pageWindow(f);
  const [rows, total] = await Promise.all([
    q
      .selectAll('r')
      .select(['a.title as article_title', 'a.department_code'])
      .orderBy('r.proposed_at')
      .orderBy('r.article_id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The badges: pending proposals the actor may review, flagged articles of their department (or all). */
export async function knowledgeSummary(source: DbSource, actor: Actor, reviews: boolean) {
  const db = dbOf(source);
  const j = actor.jurisdictionId;
  const scope = reviewScope(actor);
  const department = actor.kind === 'user' ? actor.departmentCode : null;
  const [pending, stale] = await Promise.all([
    reviews
      ? db
          .selectFrom('knowledge_revisions as r')
          .innerJoin('knowledge_articles as a', (jn) =>
            jn.onRef('a.jurisdiction_id', '=', 'r.jurisdiction_id').onRef('a.id', '=', 'r.article_id'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('r.jurisdiction_id', '=', j)
          .where('r.status', '=', 'pending')
          .$if(scope !== undefined, (b) => b.where('a.department_code', '=', scope!))
          .executeTakeFirstOrThrow()
      : { n: 0 },
    db
      .selectFrom('knowledge_articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', j)
      .where('stale_reason', 'is not', null)
      .$if(department !== null, (b) => b.where('department_code', '=', department!))
      .executeTakeFirstOrThrow(),
  ]);
  return { pending_reviews: Number(pending.n), stale_articles: Number(stale.n) };
}
