/** What the 知识库 API takes and answers: articles, their revisions and review, search with highlights. */
import { z } from 'zod';
import { ARTICLE_STATUSES, REVISION_STATUSES, STALE_REASONS } from '../db/schema.js';
import { BooleanQuery, IsoDate, paging } from '../http/inputs.js';
import { Instant, LocalDate, pageOf } from '../http/responses.js';

const Code = z.string().min(1).max(100);
export const MAX_ARTICLE_CHARS = 20_000;

/** The fields of an article a proposal gives (the whole content: a revision replaces it). */
export const ArticleContent = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(MAX_ARTICLE_CHARS),
    category_code: Code.nullable().default(null),
    department_code: Code,
    area_codes: z.array(Code).max(50).default([]),
    source_document: z.string().trim().max(300).default(''),
    source_date: IsoDate.nullable().default(null),
    valid_from: IsoDate.nullable().default(null),
    valid_to: IsoDate.nullable().default(null),
    public: z.boolean().default(false),
  })
  .strict();
export type ArticleContent = z.output<typeof ArticleContent>;

const validPeriod = (c: { valid_from: string | null; valid_to: string | null }) =>
  c.valid_from === null || c.valid_to === null || c.valid_from <= c.valid_to;

export const ProposalBody = ArticleContent.extend({ note: z.string().trim().max(1000).default('') })
  .strict()
  .refine(validPeriod, { message: 'valid_from must not be after valid_to', path: ['valid_to'] });

export const ReviewBody = z
  .object({ decision: z.enum(['approve', 'reject']), note: z.string().trim().max(1000).optional() })
  .strict()
  .refine((b) => b.decision === 'approve' || !!b.note, {
    message: 'a rejection gives its reason',
    path: ['note'],
  });

export const RevisionParams = z.object({
  id: z.coerce.number().int().positive(),
  revision: z.coerce.number().int().positive(),
});

const SearchText = z.string().trim().min(1).max(500);

export const ArticlesQuery = z
  .object({
    q: SearchText.optional(),
    department: Code.optional(),
    category: Code.optional(),
    status: z.enum(ARTICLE_STATUSES).optional(),
    /** Only the flagged articles (past valid-to, or untouched for a year). */
    stale: BooleanQuery.optional(),
    ...paging({ defaultSize: 20, maxSize: 100 }),
  })
  .strict();
export type ArticlesFilter = z.output<typeof ArticlesQuery>;

export const PublicArticlesQuery = z
  .object({ q: SearchText.optional(), ...paging({ defaultSize: 20, maxSize: 50 }) })
  .strict();

export const SuggestionsQuery = z
  .object({
    request_id: z.coerce.number().int().positive().optional(),
    /** The text of a call being registered. */
    text: z.string().trim().min(1).max(4000).optional(),
    limit: z.coerce.number().int().min(1).max(10).default(5),
  })
  .strict()
  .refine((q) => (q.request_id === undefined) !== (q.text === undefined), {
    message: 'give request_id or text',
    path: ['text'],
  });

export const RevisionsQuery = z
  .object({
    status: z.enum(REVISION_STATUSES).default('pending'),
    ...paging({ defaultSize: 20, maxSize: 100 }),
  })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const Segment = z.strictObject({ text: z.string(), hit: z.boolean() });
const Segments = z.array(Segment).meta({ id: 'HighlightSegments' });

const Inline = z
  .discriminatedUnion('t', [
    z.strictObject({ t: z.literal('text'), text: z.string() }),
    z.strictObject({ t: z.literal('strong'), text: z.string() }),
    z.strictObject({ t: z.literal('em'), text: z.string() }),
    z.strictObject({ t: z.literal('code'), text: z.string() }),
    z.strictObject({ t: z.literal('link'), text: z.string(), href: z.string() }),
  ])
  .meta({ id: 'MarkdownInline' });
const Block = z
  .discriminatedUnion('t', [
    z.strictObject({
      t: z.literal('heading'),
      level: z.number().int().min(1).max(3),
      content: z.array(Inline),
    }),
    z.strictObject({ t: z.literal('paragraph'), content: z.array(Inline) }),
    z.strictObject({ t: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(Inline)) }),
    z.strictObject({ t: z.literal('quote'), content: z.array(Inline) }),
  ])
  .meta({ id: 'MarkdownBlock' });

/** Where an article applies, its source, when it is in force and whether the public sees it. */
const scopeFields = {
  area_codes: z.array(z.string()),
  source_document: z.string(),
  source_date: LocalDate.nullable(),
  valid_from: LocalDate.nullable(),
  valid_to: LocalDate.nullable(),
  public: z.boolean(),
};

const Named = z.strictObject({ code: z.string(), name: z.string() });

const articleFields = {
  id: z.number().int(),
  title: z.string(),
  category: Named.nullable(),
  department: Named,
  ...scopeFields,
  status: z.enum(ARTICLE_STATUSES),
  version: z.number().int(),
  updated_at: Instant,
  stale_reason: z.enum(STALE_REASONS).nullable(),
  in_force: z.boolean(),
};

/** An article in a list or a search: a highlighted title and snippet when searched. */
export const ArticleHit = z
  .strictObject({
    ...articleFields,
    rank: z.number().nullable(),
    title_highlight: Segments,
    snippet: Segments,
  })
  .meta({ id: 'KnowledgeArticleHit' });
export const ArticlePage = pageOf(ArticleHit);

export const Revision = z
  .strictObject({
    revision: z.number().int(),
    status: z.enum(REVISION_STATUSES),
    changed_fields: z.array(z.string()),
    note: z.string(),
    proposed_by: z.string(),
    proposed_at: Instant,
    reviewed_by: z.string().nullable(),
    reviewed_at: Instant.nullable(),
    review_note: z.string().nullable(),
    published_version: z.number().int().nullable(),
    content: z.strictObject({
      title: z.string(),
      body: z.string(),
      category_code: z.string().nullable(),
      department_code: z.string(),
      ...scopeFields,
    }),
  })
  .meta({ id: 'KnowledgeRevision' });

export const ArticleDetail = z
  .strictObject({
    ...articleFields,
    body: z.string(),
    blocks: z.array(Block),
    revisions: z.array(Revision),
    /** What the caller may do with it. */
    can: z.strictObject({ propose: z.boolean(), review: z.boolean() }),
  })
  .meta({ id: 'KnowledgeArticle' });

/** A pending proposal in the reviewer's queue. */
export const PendingRevision = z
  .strictObject({
    article_id: z.number().int(),
    article_title: z.string(),
    department: Named,
    revision: Revision,
  })
  .meta({ id: 'KnowledgePendingRevision' });
export const PendingRevisionPage = pageOf(PendingRevision);

export const Suggestions = z.strictObject({ terms: z.array(z.string()), items: z.array(ArticleHit) });

/** What a resident reads (常见问题): public, published, in force; no internal fields. */
const publicFields = {
  id: z.number().int(),
  title: z.string(),
  category: Named.nullable(),
  department: Named,
  source_document: z.string(),
  source_date: LocalDate.nullable(),
  updated_at: Instant,
};
export const PublicArticleHit = z
  .strictObject({ ...publicFields, title_highlight: Segments, snippet: Segments })
  .meta({ id: 'PublicArticleHit' });
export const PublicArticlePage = pageOf(PublicArticleHit);
export const PublicArticle = z
  .strictObject({ ...publicFields, blocks: z.array(Block) })
  .meta({ id: 'PublicArticle' });

/** The badges: proposals the caller may review, and their department's flagged articles. */
export const KnowledgeSummary = z.strictObject({
  pending_reviews: z.number().int(),
  stale_articles: z.number().int(),
});
