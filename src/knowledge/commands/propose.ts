/** A proposal: a new article (a draft until approved) or a change to one, waiting for its review. */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { dbConflict } from '../../http/db-errors.js';
import { AppError } from '../../http/errors.js';
import { mayProposeArticle } from '../../http/policies.js';
import { requireExists } from '../../routing/reference.js';
import { ArticleContent } from '../schemas.js';

/** Every field of an article's content, in the schema's order. */
const FIELDS = ArticleContent.keyof().options;

/** The fields of a proposal that differ from the article as it is (every field given, for a new one). */
export function changedFields(before: ArticleContent | null, after: ArticleContent): string[] {
  return FIELDS.filter((k) =>
    before === null
      ? after[k] !== null && after[k] !== '' && !(Array.isArray(after[k]) && after[k].length === 0)
      : JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

async function checkReferences(tx: Transaction<DB>, j: string, c: ArticleContent) {
  await requireExists(tx, 'departments', j, c.department_code);
  if (c.category_code !== null) await requireExists(tx, 'categories', j, c.category_code);
  for (const area of c.area_codes) await requireExists(tx, 'areas', j, area);
}

const proposer = (actor: Actor) => ({
  proposed_by_user_id: actor.kind === 'user' ? actor.userId : null,
  proposed_by_label: actor.label,
});

/** A new article: written as a draft with its first revision pending. */
export async function proposeArticle(
  ctx: AppContext,
  opts: { actor: Actor; content: ArticleContent; note: string },
): Promise<number> {
  const { actor, content } = opts;
  const j = actor.jurisdictionId;
  if (!mayProposeArticle(actor, content.department_code)) throw new AppError('forbidden');
  return ctx.db.transaction().execute(async (tx) => {
    await checkReferences(tx, j, content);
    const { id } = await tx
      .insertInto('knowledge_articles')
      .values({
        jurisdiction_id: j,
        ...content,
        area_codes: JSON.stringify(content.area_codes),
        status: 'draft',
        created_by_user_id: actor.kind === 'user' ? actor.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('knowledge_revisions')
      .values({
        jurisdiction_id: j,
        article_id: id,
        revision: 1,
        content: JSON.stringify(content),
        changed_fields: JSON.stringify(changedFields(null, content)),
        note: opts.note,
        status: 'pending',
        ...proposer(actor),
      })
      .execute();
    return id;
  });
}

/** A change to an article: its whole content as proposed, one open proposal per article at a time. */
export async function proposeRevision(
  ctx: AppContext,
  opts: { actor: Actor; articleId: number; content: ArticleContent; note: string },
): Promise<number> {
  const { actor, content } = opts;
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    const article = await tx
      .selectFrom('knowledge_articles')
      .select(['id', 'department_code'])
      .where('jurisdiction_id', '=', j)
      .where('id', '=', opts.articleId)
      .forUpdate()
      .executeTakeFirst();
    if (!article) throw new AppError('not_found');
    if (
      !mayProposeArticle(actor, article.department_code) ||
      !mayProposeArticle(actor, content.department_code)
    )
      throw new AppError('forbidden');
    await checkReferences(tx, j, content);
    const revisions = await tx
      .selectFrom('knowledge_revisions')
      .select(['revision', 'status', 'content'])
      .where('jurisdiction_id', '=', j)
      .where('article_id', '=', article.id)
      .orderBy('revision', 'desc')
      .execute();
    if (revisions.some((r) => r.status === 'pending'))
      throw new AppError('conflict', { reason: 'a proposal is waiting for its review' });
    const published = revisions.find((r) => r.status === 'approved');
    const before = (published?.content ?? null) as ArticleContent | null;
    const changed = changedFields(before, content);
    if (before && changed.length === 0)
      throw new AppError('validation_failed', { issues: [{ path: 'title', message: 'nothing changed' }] });
    const revision = (revisions[0]?.revision ?? 0) + 1;
    await tx
      .insertInto('knowledge_revisions')
      .values({
        jurisdiction_id: j,
        article_id: article.id,
        revision,
        content: JSON.stringify(content),
        changed_fields: JSON.stringify(changed),
        note: opts.note,
        status: 'pending',
        ...proposer(actor),
      })
      .execute()
      .catch((err: unknown) =>
        dbConflict(err, { conflict: { reason: 'a proposal is waiting for its review' } }),
      );
    return revision;
  });
}
