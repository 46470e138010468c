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

const day = (column: 'source_date' | 'valid_from' | 'valid_to') =>
  sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`.as(column);

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

export async function searchArticles(source: DbSource, s: SearchScope) {
  const db = dbOf(source);
  const { df, n } = s.terms.length
    ? await termCounts(db, s.jurisdictionId, s.terms)
    : { df: new Map(), n: 0 };
  const tsquery = s.terms.length ? sql`${toTsQuery(lookupTerms(s.terms, df, n))}::tsquery` : null;
  let q: ArticleQuery = db.selectFrom('knowledge_articles').where('jurisdiction_id', '=', s.jurisdictionId);
  if (tsquery) q = q.where(sql<boolean>`search_tokens @@ ${tsquery}`);
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
  const { limit, offset } = pageWindow(s);
  const rank = tsquery ? rankOf(s.terms, df, n) : sql<number | null>`null::real`;
  const rowsQuery = q
    .select([...COLUMNS, day('source_date'), day('valid_from'), day('valid_to'), rank.as('rank')])
    .$if(!!tsquery, (b) => b.orderBy('rank', 'desc'))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset);
  const [rows, total] = await Promise.all([
    rowsQuery.execute(),
    s.withTotal === false
      ? null
      : q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ArticleRow[], total: total === null ? rows.length : Number(total.n) };
}

/**
 * The rank of an article: the weights (idf) of the query's terms it holds, half as much again for those in its
 * title, and the terms' proximity (ts_rank_cd, normalised by length) to order articles holding the same terms.
 */
function rankOf(terms: readonly string[], df: ReadonlyMap<string, number>, n: number) {
  const held = terms.map((t) => {
    const w = idf(df.get(t) ?? 0, n);
    return sql`(case when search_tokens @@ ${t}::tsquery then ${w}::real else 0 end
      + case when search_tokens @@ ${`${t}:A`}::tsquery then ${w / 2}::real else 0 end)`;
  });
  return sql<
    number | null
  >`(${sql.join(held, sql` + `)} + ts_rank_cd(search_tokens, ${toTsQuery(terms)}::tsquery, 1))`;
}

export async function loadArticle(source: DbSource, jurisdictionId: string, id: number) {
  const row = await dbOf(source)
    .selectFrom('knowledge_articles')
    .select([
      ...COLUMNS,
      day('source_date'),
      day('valid_from'),
      day('valid_to'),
      sql<null>`null::real`.as('rank'),
    ])
    .where('jurisdiction_id', '=', jurisdictionId)
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
