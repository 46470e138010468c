/**
 * Which replies go to review (回复审核), pure and reproducible: the jurisdiction's settings and its rules by
 * department and category give a sample rate; a request falls in the sample when the hash of its id and its
 * reopening round is below it, so the same request in the same round is always drawn the same way.
 */

export type ReviewSettings = {
  enabled: boolean;
  /** Percentage of the replies no rule covers that are reviewed. */
  sample_percent: number;
  /** Every reply to a reopened request is reviewed. */
  reopened_all: boolean;
  /** A reply scoring below this is always reviewed; null: the score alone sends none. */
  min_score: number | null;
};

export type ReviewRule = {
  department_code: string | null;
  category_code: string | null;
  sample_percent: number;
};

export const REVIEW_REASONS = ['resubmitted', 'reopened', 'low_score', 'sampled'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export type ReplyFacts = {
  requestId: number;
  reopenCount: number;
  departmentCode: string | null;
  /** The request's category and its ancestors, itself first. */
  categoryLineage: readonly string[];
  /** The last reply was sent back by review. */
  sentBack: boolean;
  score: number;
};

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The request's place in 0–99 for its reopening round: the same every time it is asked. */
export function sampleBucket(requestId: number, reopenCount: number): number {
  return fnv1a(`reply-review:${requestId}:${reopenCount}`) % 100;
}

/**
 * The sample rate for a reply: the most specific rule that matches (department and category, then department,
 * then category — the nearest category in the lineage first), else the jurisdiction's rate.
 */
export function samplePercent(
  settings: ReviewSettings,
  rules: readonly ReviewRule[],
  facts: Pick<ReplyFacts, 'departmentCode' | 'categoryLineage'>,
): number {
  const depth = (code: string | null) => (code === null ? -1 : facts.categoryLineage.indexOf(code));
  let best: { rank: number; percent: number } | null = null;
  for (const r of rules) {
    if (r.department_code !== null && r.department_code !== facts.departmentCode) continue;
    if (r.category_code !== null && depth(r.category_code) < 0) continue;
    // department counts most, then how near the category is (a rule without one is the least specific)
    const categoryRank = r.category_code === null ? 0 : 100 - depth(r.category_code);
    const rank = (r.department_code !== null ? 1000 : 0) + categoryRank;
    if (!best || rank > best.rank) best = { rank, percent: r.sample_percent };
  }
  return best?.percent ?? settings.sample_percent;
}

/** Why the reply goes to review, or null when it goes to the resident at once. */
export function reviewReason(
  settings: ReviewSettings,
  rules: readonly ReviewRule[],
  facts: ReplyFacts,
): ReviewReason | null {
  if (!settings.enabled) return null;
  if (facts.sentBack) return 'resubmitted';
  if (settings.reopened_all && facts.reopenCount > 0) return 'reopened';
  if (settings.min_score !== null && facts.score < settings.min_score) return 'low_score';
  if (sampleBucket(facts.requestId, facts.reopenCount) < samplePercent(settings, rules, facts))
    return 'sampled';
  return null;
}
