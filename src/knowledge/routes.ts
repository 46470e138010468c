/** 知识库 routes: search, read, propose and review articles; suggestions beside a request; 常见问题 for residents. */
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { IdParams } from '../http/inputs.js';
import { mayProposeArticle, mayReadKnowledge, mayReviewArticle, capabilities } from '../http/policies.js';
import { answerPage, presentPage } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { proposeArticle, proposeRevision } from './commands/propose.js';
import { reviewRevision } from './commands/review.js';
import {
  articleDetail,
  articleHit,
  isPublicToday,
  pendingRevision,
  publicArticle,
  publicHit,
} from './presenter.js';
import type { Hit } from './presenter.js';
import { knowledgeSummary, listRevisions, loadArticle, loadRevisions, searchArticles } from './queries.js';
import type { SearchScope } from './queries.js';
import {
  ArticleDetail,
  ArticlePage,
  ArticlesQuery,
  KnowledgeSummary,
  PendingRevisionPage,
  ProposalBody,
  PublicArticle,
  PublicArticlePage,
  PublicArticlesQuery,
  ReviewBody,
  RevisionParams,
  RevisionsQuery,
  Suggestions,
  SuggestionsQuery,
} from './schemas.js';
import { suggestArticles } from './suggest.js';
import { queryTermsOf } from './tokens.js';

export function knowledgeRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('knowledge');
  const publicRoute = api.feature('public', 'public');
  const reference = async (j: string) => {
    const ref = await referenceCache(ctx.db).get(j);
    return { names: ref.names, today: localDate(ctx.now(), ref.timezone), ref };
  };

  const detail = async (actor: Actor, id: number) => {
    const [article, { names, today }] = await Promise.all([
      loadArticle(ctx, actor.jurisdictionId, id),
      reference(actor.jurisdictionId),
    ]);
    if (!article) throw new AppError('not_found');
    const revisions = await loadRevisions(ctx.db, actor.jurisdictionId, id);
    const can = {
      propose: mayProposeArticle(actor, article.department_code),
      review: mayReviewArticle(actor, article.department_code),
    };
    return articleDetail(article, revisions, can, names, today);
  };

  /** A proposal (a new article, or a change to one) and the article it answers with. */
  const proposal = { body: ProposalBody, response: { 201: ArticleDetail } } as const;

  /** A page of articles: searched by the words of `q` (none searchable: an empty page), or the newest first. */
  const search = async <T>(
    scope: Omit<SearchScope, 'terms' | 'today'> & { q?: string | undefined },
    present: Hit<T>,
  ) => {
    const { names, today } = await reference(scope.jurisdictionId);
    const terms = scope.q ? queryTermsOf(scope.q) : [];
    if (scope.q && !terms.length) return answerPage<T>([], 0, scope);
    const found = await searchArticles(ctx, { ...scope, terms, today });
    return presentPage(found, scope, (a) => present(a, terms, names, today));
  };

  route.get(
    '/api/v1/knowledge/articles',
    '知识库检索 Search the knowledge base (jieba terms, ranked, highlighted) or list it; published articles unless status is given',
    { query: ArticlesQuery, response: { 200: ArticlePage }, allow: mayReadKnowledge },
    async ({ actor, query }) =>
      search({ ...query, jurisdictionId: actor.jurisdictionId, audience: 'staff' }, articleHit),
  );

  route.get(
    '/api/v1/knowledge/articles/:id',
    '知识条目 One article: its body (Markdown and its safe blocks), its version history, what the caller may do',
    { params: IdParams, response: { 200: ArticleDetail }, allow: mayReadKnowledge },
    async ({ actor, params }) => detail(actor, params.id),
  );

  route.post(
    '/api/v1/knowledge/articles',
    '新增知识 Propose a new article: a draft until the owning department’s head or the centre approves it',
    { ...proposal, errors: [403, 422] },
    async ({ actor, body, reply }) => {
      const { note, ...content } = body;
      const id = await proposeArticle(ctx, { actor, content, note });
      reply.code(201);
      return detail(actor, id);
    },
  );

  route.post(
    '/api/v1/knowledge/articles/:id/revisions',
    '修订知识 Propose a change to an article (its whole content); one proposal waits at a time',
    { ...proposal, params: IdParams, errors: [409, 422], allow: mayReadKnowledge },
    async ({ actor, params, body, reply }) => {
      const { note, ...content } = body;
      await proposeRevision(ctx, { actor, articleId: params.id, content, note });
      reply.code(201);
      return detail(actor, params.id);
    },
  );

  route.post(
    '/api/v1/knowledge/articles/:id/revisions/:revision/review',
    '审核知识 Approve (publish) or reject (with a reason) a proposal: the owning department’s head or the centre',
    {
      params: RevisionParams,
      body: ReviewBody,
      response: { 200: ArticleDetail },
      errors: [409],
      allow: mayReadKnowledge,
    },
    async ({ actor, params, body }) => {
      await reviewRevision(ctx, { actor, articleId: params.id, revision: params.revision, ...body });
      return detail(actor, params.id);
    },
  );

  route.get(
    '/api/v1/knowledge/revisions',
    '待审核知识 Proposals the caller reviews (a head: their department’s; the centre: all), the oldest first',
    {
      query: RevisionsQuery,
      response: { 200: PendingRevisionPage },
      allow: (actor) => capabilities(actor, null).review_knowledge,
    },
    async ({ actor, query }) => {
      const [found, { names }] = await Promise.all([
        listRevisions(ctx, actor, query),
        reference(actor.jurisdictionId),
      ]);
      return presentPage(found, query, (r) => pendingRevision(r, names));
    },
  );

  route.get(
    '/api/v1/knowledge/summary',
    '知识库提醒 Badges: proposals waiting for the caller’s review, flagged articles of their department',
    { response: { 200: KnowledgeSummary }, allow: mayReadKnowledge },
    async ({ actor }) => knowledgeSummary(ctx, actor, capabilities(actor, null).review_knowledge),
  );

  route.get(
    '/api/v1/knowledge/suggestions',
    '知识推荐 The articles in force most similar to a request (request_id) or to a call being registered (text)',
    { query: SuggestionsQuery, response: { 200: Suggestions }, allow: mayReadKnowledge },
    async ({ actor, query }) => {
      const { names, today, ref } = await reference(actor.jurisdictionId);
      const { terms, rows } = await suggestArticles(ctx, { actor, ...query, today, streetOf: ref.streetOf });
      return { terms, items: rows.map((a) => articleHit(a, terms, names, today)) };
    },
  );

  const jurisdiction = (actor: Actor | null) => jurisdictionOf(actor, ctx.config.defaultJurisdiction);

  publicRoute.get(
    '/api/v1/public/knowledge',
    '常见问题 Public articles in force: searched (ranked, highlighted) or the newest first',
    { query: PublicArticlesQuery, response: { 200: PublicArticlePage } },
    async ({ actor, query }) =>
      search({ ...query, jurisdictionId: jurisdiction(actor), audience: 'public' }, publicHit),
  );

  publicRoute.get(
    '/api/v1/public/knowledge/:id',
    '常见问题详情 A public article in force',
    { params: IdParams, response: { 200: PublicArticle } },
    async ({ actor, params }) => {
      const j = jurisdiction(actor);
      const [article, { names, today }] = await Promise.all([loadArticle(ctx, j, params.id), reference(j)]);
      if (!article || !isPublicToday(article, today)) throw new AppError('not_found');
      return publicArticle(article, names);
    },
  );
}
