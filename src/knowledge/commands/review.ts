/** A proposal reviewed: approved (the article takes its content, version and search tokens) or rejected. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayReviewArticle } from '../../http/policies.js';
import type { ArticleContent } from '../schemas.js';
import { adjustTermCounts, termSetOf } from '../term-counts.js';
import { articleTsVector } from '../tokens.js';

export async function reviewRevision(
  ctx: AppContext,
  opts: {
    actor: Actor;
    articleId: number;
    revision: number;
    decision: 'approve' | 'reject';
    note?: string | undefined;
  },
): Promise<void> {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const article = await tx
      .selectFrom('knowledge_articles')
      .select(['id', 'department_code', 'version', 'status', 'title', 'body'])
      .where('jurisdiction_id', '=', j)
      .where('id', '=', opts.articleId)
      .forUpdate()
      .executeTakeFirst();
    if (!article) throw new AppError('not_found');
    const rev = await tx
      .selectFrom('knowledge_revisions')
      .select(['revision', 'status', 'content'])
      .where('jurisdiction_id', '=', j)
      .where('article_id', '=', article.id)
      .where('revision', '=', opts.revision)
      .executeTakeFirst();
    if (!rev) throw new AppError('not_found');
    if (!mayReviewArticle(actor, article.department_code)) throw new AppError('forbidden');
    if (rev.status !== 'pending')
      throw new AppError('conflict', { reason: `the proposal was already ${rev.status}` });
    const version = opts.decision === 'approve' ? article.version + 1 : null;
    await tx
      .updateTable('knowledge_revisions')
      .set({
        status: opts.decision === 'approve' ? 'approved' : 'rejected',
        reviewed_by_user_id: actor.kind === 'user' ? actor.userId : null,
        reviewed_by_label: actor.label,
        reviewed_at: now,
        review_note: opts.note ?? null,
        published_version: version,
      })
      .where('jurisdiction_id', '=', j)
      .where('article_id', '=', article.id)
      .where('revision', '=', rev.revision)
      .execute();
    if (version === null) return;
    const c = rev.content as ArticleContent;
    await adjustTermCounts(
      tx,
      j,
      article.status === 'published' ? termSetOf(article.title, article.body) : null,
      termSetOf(c.title, c.body),
    );
    await tx
      .updateTable('knowledge_articles')
      .set({
        ...c,
        area_codes: JSON.stringify(c.area_codes),
        status: 'published',
        version,
        search_tokens: sql<string>`${articleTsVector(c.title, c.body)}::tsvector`,
        updated_at: now,
        stale_reason: null,
        stale_since: null,
      })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', article.id)
      .execute();
  });
}
