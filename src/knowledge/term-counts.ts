/** The document frequency of each term over the published articles (knowledge_terms), for ranking. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { articlePlainText, termsOfText } from './tokens.js';

/** The key of the row that counts the published articles themselves (no term holds '#'). */
export const ARTICLES_ROW = '#';

export const termSetOf = (title: string, body: string) =>
  new Set([...termsOfText(title), ...termsOfText(articlePlainText(body))]);

/** An article published or changed: the terms it gained counted up, those it lost down. */
export async function adjustTermCounts(
  tx: Transaction<DB>,
  jurisdictionId: string,
  before: Set<string> | null,
  after: Set<string>,
) {
  const gained = [...after].filter((t) => !before?.has(t));
  const lost = before ? [...before].filter((t) => !after.has(t)) : [];
  const rows = [
    ...gained.map((term) => ({ term, d: 1 })),
    ...lost.map((term) => ({ term, d: -1 })),
    ...(before ? [] : [{ term: ARTICLES_ROW, d: 1 }]),
  ];
  if (!rows.length) return;
  await tx
    .insertInto('knowledge_terms')
    .values(rows.map((r) => ({ jurisdiction_id: jurisdictionId, term: r.term, df: r.d })))
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'term']).doUpdateSet({ df: sql`knowledge_terms.df + excluded.df` }),
    )
    .execute();
}

/** Counted again from the articles' tsvectors (after a bulk load). */
export async function recountTerms(db: Kysely<DB>, jurisdictionId: string) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('knowledge_terms').where('jurisdiction_id', '=', jurisdictionId).execute();
    const published = `select search_tokens from knowledge_articles where status = 'published' and jurisdiction_id = '${jurisdictionId.replace(/'/g, "''")}'`;
    await sql`insert into knowledge_terms (jurisdiction_id, term, df)
      select ${jurisdictionId}, word, ndoc from ts_stat(${published})`.execute(tx);
    await sql`insert into knowledge_terms (jurisdiction_id, term, df)
      select ${jurisdictionId}, ${ARTICLES_ROW}, count(*) from knowledge_articles
      where jurisdiction_id = ${jurisdictionId} and status = 'published'`.execute(tx);
  });
}

/** The counts of some terms, and how many articles are published. */
export async function termCounts(db: Kysely<DB>, jurisdictionId: string, terms: readonly string[]) {
  const rows = await db
    .selectFrom('knowledge_terms')
    .select(['term', 'df'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('term', 'in', [ARTICLES_ROW, ...terms])
    .execute();
  const df = new Map(rows.map((r) => [r.term, Number(r.df)]));
  const n = df.get(ARTICLES_ROW) ?? 0;
  df.delete(ARTICLES_ROW);
  return { df, n };
}
