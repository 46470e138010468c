/**
 * The demo city's 知识库 and reply templates (data/demo/knowledge.json): each article proposed by a handler of its
 * department and approved by the department's head, through the same commands as people use.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { proposeArticle } from '../knowledge/commands/propose.js';
import { reviewRevision } from '../knowledge/commands/review.js';
import { SHIPPED } from './reference.js';
import { demoActors } from './users.js';

export type DemoArticle = {
  key: string;
  title: string;
  level1: string;
  level2: string | null;
  department_code: string;
  body: string;
  source_document: string;
  source_date: string | null;
  valid_from: string | null;
  valid_to: string | null;
  public: boolean;
};

export type DemoTemplate = {
  title: string;
  body: string;
  department_code: string | null;
  level1: string | null;
  level2: string | null;
};

export type KnowledgeFile = { articles: DemoArticle[]; templates: DemoTemplate[] };

export const readKnowledge = (): KnowledgeFile =>
  JSON.parse(fs.readFileSync(SHIPPED.knowledge, 'utf8')) as KnowledgeFile;

/** The code of a category named by its 一级 and 二级 names (the 一级 alone when level2 is null). */
export async function categoryByNames(db: Kysely<DB>, j: string) {
  const rows = await db
    .selectFrom('categories')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('jurisdiction_id', '=', j)
    .where('level', '<=', 2)
    .execute();
  const level1 = new Map(rows.filter((r) => r.level === 1).map((r) => [r.name, r.code]));
  const level2 = new Map(
    rows.filter((r) => r.level === 2).map((r) => [`${r.parent_code}/${r.name}`, r.code]),
  );
  return (l1: string | null, l2: string | null): string | null => {
    if (l1 === null) return null;
    const c1 = level1.get(l1);
    if (!c1) throw new Error(`no 一级 category ${l1}`);
    if (l2 === null) return c1;
    const c2 = level2.get(`${c1}/${l2}`);
    if (!c2) throw new Error(`no 二级 category ${l1}/${l2}`);
    return c2;
  };
}

export async function loadDemoKnowledge(ctx: AppContext, j: string): Promise<number> {
  const file = readKnowledge();
  const [category, actorOf] = await Promise.all([categoryByNames(ctx.db, j), demoActors(ctx.db, j)]);
  for (const a of file.articles) {
    const handler = actorOf(`handler.${a.department_code}`);
    const head = actorOf(`head.${a.department_code}`);
    const id = await proposeArticle(ctx, {
      actor: handler,
      content: {
        title: a.title,
        body: a.body,
        category_code: category(a.level1, a.level2),
        department_code: a.department_code,
        area_codes: [],
        source_document: a.source_document,
        source_date: a.source_date,
        valid_from: a.valid_from,
        valid_to: a.valid_to,
        public: a.public,
      },
      note: '',
    });
    await reviewRevision(ctx, { actor: head, articleId: id, revision: 1, decision: 'approve' });
  }
  return file.articles.length;
}
