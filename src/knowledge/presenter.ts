/** Every field of an article that leaves the server, for staff and for residents. */
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { parseMarkdown } from './markdown.js';
import type { ArticleRow } from './queries.js';
import { inForce } from './staleness.js';
import { highlight, snippet } from './terms.js';
import { articlePlainText } from './tokens.js';

type Names = ReferenceSnapshot['names'];

const named = (code: string, names: Map<string, string>) => ({ code, name: names.get(code) ?? code });

function common(a: ArticleRow, names: Names) {
  return {
    id: a.id,
    title: a.title,
    category: a.category_code === null ? null : named(a.category_code, names.categories),
    department: named(a.department_code, names.departments),
    source_document: a.source_document,
    source_date: a.source_date,
    updated_at: a.updated_at.toISOString(),
  };
}

function staffFields(a: ArticleRow, names: Names, today: string) {
  return {
    ...common(a, names),
    area_codes: a.area_codes,
    valid_from: a.valid_from,
    valid_to: a.valid_to,
    public: a.public,
    status: a.status,
    version: a.version,
    stale_reason: a.stale_reason,
    in_force: inForce(a, today),
  };
}

const highlights = (a: ArticleRow, terms: readonly string[]) => ({
  title_highlight: highlight(a.title, terms),
  snippet: snippet(articlePlainText(a.body), terms),
});

/** How a search's row is shown, its words highlighted. */
export type Hit<T> = (a: ArticleRow, terms: readonly string[], names: Names, today: string) => T;

export const articleHit = (a: ArticleRow, terms: readonly string[], names: Names, today: string) => ({
  ...staffFields(a, names, today),
  rank: a.rank,
  ...highlights(a, terms),
});

export type RevisionRow = {
  revision: number;
  status: 'pending' | 'approved' | 'rejected';
  changed_fields: string[];
  note: string;
  proposed_by_label: string;
  proposed_at: Date;
  reviewed_by_label: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  published_version: number | null;
  content: Record<string, unknown>;
};

export const revision = (r: RevisionRow) => ({
  revision: r.revision,
  status: r.status,
  changed_fields: r.changed_fields,
  note: r.note,
  proposed_by: r.proposed_by_label,
  proposed_at: r.proposed_at.toISOString(),
  reviewed_by: r.reviewed_by_label,
  reviewed_at: r.reviewed_at?.toISOString() ?? null,
  review_note: r.review_note,
  published_version: r.published_version,
  content: r.content as never,
});

/** A proposal waiting for review, with its article. */
export const pendingRevision = (
  r: RevisionRow & { article_id: number; article_title: string; department_code: string },
  names: Names,
) => ({
  article_id: r.article_id,
  article_title: r.article_title,
  department: named(r.department_code, names.departments),
  revision: revision(r),
});

/** Whether residents may read an article: published, public and in force. */
export const isPublicToday = (a: ArticleRow, today: string) =>
  a.status === 'published' && a.public && inForce(a, today);

export const articleDetail = (
  a: ArticleRow,
  revisions: RevisionRow[],
  can: { propose: boolean; review: boolean },
  names: Names,
  today: string,
) => ({
  ...staffFields(a, names, today),
  body: a.body,
  blocks: parseMarkdown(a.body),
  revisions: revisions.map(revision),
  can,
});

export const publicHit = (a: ArticleRow, terms: readonly string[], names: Names) => ({
  ...common(a, names),
  ...highlights(a, terms),
});

export const publicArticle = (a: ArticleRow, names: Names) => ({
  ...common(a, names),
  blocks: parseMarkdown(a.body),
});
