/**
 * The performance measures of a 12345 centre (三率 and 按时办结率), defined once. The SQL in ./query.ts
 * computes the same predicates in the database; an integration test checks that both agree.
 *
 * - 响应率 response rate: dispatched requests that were signed and whose resident was contacted before their
 *   deadlines / dispatched requests.
 * - 解决率 resolution rate: follow-ups answered "resolved" / follow-ups answered.
 * - 满意率 satisfaction rate: follow-ups 满意 or 基本满意 / follow-ups answered.
 *   Both as reviewed (差评复核, the headline): a follow-up whose rating a reviewer judged 不合理 is out of both the
 *   base and the numerator; and raw (`_raw`), every follow-up as the resident answered.
 * - 按时办结率 on-time rate: replied before the reply deadline / replies due (replied, or past the deadline).
 * - 知识库直办率 knowledge direct rate: requests answered directly citing a 知识库 article / requests registered.
 *
 * A voided request (作废) counts nowhere, as a merged duplicate. A withdrawn request (撤单) counts in the total
 * and in `withdrawn`, and in no rate's base. An extension granted while the reply was already overdue keeps the
 * missed deadline (`missed_reply_by`) as the one the reply is judged against.
 */

export type MetricInput = {
  /** The request's status; absent counts as an ordinary request. */
  status?: string;
  /** The deadline an overdue request had missed when an extension was granted (it stays the one that counts). */
  missed_reply_by?: Date | null;
  dispatched_at: Date | null;
  sign_by: Date | null;
  signed_at: Date | null;
  contact_by: Date | null;
  contacted_at: Date | null;
  reply_by: Date | null;
  replied_at: Date | null;
  followed_up_at: Date | null;
  followup_resolved: boolean | null;
  followup_satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  /** 差评复核: a reviewer judged the last follow-up's rating 不合理; absent counts as not excluded. */
  followup_excluded?: boolean;
};

export type Rates = {
  response_rate: number | null;
  resolution_rate: number | null;
  satisfaction_rate: number | null;
  /** 差评复核: the rates before review, every rating as given. */
  resolution_rate_raw: number | null;
  satisfaction_rate_raw: number | null;
  on_time_rate: number | null;
};

const within = (done: Date | null, deadline: Date | null) =>
  done !== null && deadline !== null && done.getTime() <= deadline.getTime();

/** Counted at all: not a merged duplicate, not voided. */
export const isCounted = (r: MetricInput) => r.status !== 'merged' && r.status !== 'voided';
export const isWithdrawn = (r: MetricInput) => r.status === 'withdrawn';
/** The reply deadline the figures judge by: the missed one, when an overdue request was extended. */
const dueBy = (r: MetricInput) => r.missed_reply_by ?? r.reply_by;

export const isDispatched = (r: MetricInput) => !isWithdrawn(r) && r.dispatched_at !== null;
export const isResponded = (r: MetricInput) =>
  isDispatched(r) && within(r.signed_at, r.sign_by) && within(r.contacted_at, r.contact_by);
export const isFollowedUp = (r: MetricInput) => !isWithdrawn(r) && r.followed_up_at !== null;
export const isResolved = (r: MetricInput) => isFollowedUp(r) && r.followup_resolved === true;
export const isSatisfied = (r: MetricInput) =>
  isFollowedUp(r) &&
  (r.followup_satisfaction === 'satisfied' || r.followup_satisfaction === 'basically_satisfied');
/** 差评复核 不合理: the follow-up's rating is out of the reviewed 满意率 and 解决率 (and counted apart). */
export const isRatingExcluded = (r: MetricInput) => isFollowedUp(r) && r.followup_excluded === true;
export const isExcludedResolved = (r: MetricInput) => isRatingExcluded(r) && isResolved(r);
export const isExcludedSatisfied = (r: MetricInput) => isRatingExcluded(r) && isSatisfied(r);
export const isReplyDue = (r: MetricInput, now: Date) => {
  const due = dueBy(r);
  return isDispatched(r) && due !== null && (r.replied_at !== null || due.getTime() < now.getTime());
};
export const isRepliedOnTime = (r: MetricInput) => isDispatched(r) && within(r.replied_at, dueBy(r));
export const isOverdueOpen = (r: MetricInput, now: Date) => {
  const due = dueBy(r);
  return isDispatched(r) && r.replied_at === null && due !== null && due.getTime() < now.getTime();
};

type Predicate = (r: MetricInput, now: Date) => boolean;

/** Each count but the total, and what makes a request count in it. */
const COUNTED_BY = {
  withdrawn: isWithdrawn,
  dispatched: isDispatched,
  responded: isResponded,
  followed_up: isFollowedUp,
  resolved: isResolved,
  satisfied: isSatisfied,
  replies_due: isReplyDue,
  replied_on_time: isRepliedOnTime,
  rating_excluded: isRatingExcluded,
  excluded_resolved: isExcludedResolved,
  excluded_satisfied: isExcludedSatisfied,
  overdue_open: isOverdueOpen,
} satisfies Record<string, Predicate>;
const COUNTERS = Object.entries(COUNTED_BY) as [keyof typeof COUNTED_BY, Predicate][];

export type Counts = { total: number } & Record<keyof typeof COUNTED_BY, number>;

/** The names of the counts, the total first. */
export const COUNT_NAMES: readonly (keyof Counts)[] = ['total', ...COUNTERS.map(([k]) => k)];

export const ZERO_COUNTS = Object.fromEntries(COUNT_NAMES.map((k) => [k, 0])) as Readonly<Counts>;

export function count(rows: Iterable<MetricInput>, now: Date): Counts {
  const c: Counts = { ...ZERO_COUNTS };
  for (const r of rows) {
    if (!isCounted(r)) continue;
    c.total++;
    for (const [k, counts] of COUNTERS) if (counts(r, now)) c[k]++;
  }
  return c;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** 知识库直办率 of a period: its requests answered from an article, of all it registered. */
export const knowledgeFigures = (answeredWithArticle: number, registered: number) => ({
  registered,
  answered_with_article: answeredWithArticle,
  knowledge_direct_rate: ratio(answeredWithArticle, registered),
});

export function rates(c: Counts): Rates {
  return {
    response_rate: ratio(c.responded, c.dispatched),
    resolution_rate: ratio(c.resolved - c.excluded_resolved, c.followed_up - c.rating_excluded),
    satisfaction_rate: ratio(c.satisfied - c.excluded_satisfied, c.followed_up - c.rating_excluded),
    resolution_rate_raw: ratio(c.resolved, c.followed_up),
    satisfaction_rate_raw: ratio(c.satisfied, c.followed_up),
    on_time_rate: ratio(c.replied_on_time, c.replies_due),
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof Counts)[]) out[k] += b[k];
  return out;
}

/** The counts of several groups together. */
export const sumCounts = (counts: readonly Counts[]): Counts => counts.reduce(addCounts, { ...ZERO_COUNTS });

export const METRIC_DEFINITIONS = {
  response_rate: {
    zh: '响应率 = 在时限内签收并联系群众的派单数 / 派单数',
    en: 'Response rate = dispatched requests signed and the resident contacted before their deadlines / dispatched requests',
  },
  resolution_rate: {
    zh: '解决率（复核后）= 回访中表示“已解决”的数量 / 已回访数，均不含差评复核认定不合理的评价',
    en: 'Resolution rate (reviewed) = follow-ups answered "resolved" / follow-ups answered, both without the ratings a dispute review found unfair',
  },
  satisfaction_rate: {
    zh: '满意率（复核后）= 回访“满意”或“基本满意”的数量 / 已回访数，均不含差评复核认定不合理的评价',
    en: 'Satisfaction rate (reviewed) = follow-ups "satisfied" or "basically satisfied" / follow-ups answered, both without the ratings a dispute review found unfair',
  },
  resolution_rate_raw: {
    zh: '解决率（原始）= 回访中表示“已解决”的数量 / 已回访数',
    en: 'Resolution rate (raw) = follow-ups answered "resolved" / follow-ups answered',
  },
  satisfaction_rate_raw: {
    zh: '满意率（原始）= 回访“满意”或“基本满意”的数量 / 已回访数',
    en: 'Satisfaction rate (raw) = follow-ups "satisfied" or "basically satisfied" / follow-ups answered',
  },
  on_time_rate: {
    zh: '按时办结率 = 在答复时限内答复的数量 / 应答复数（已答复或已过时限）',
    en: 'On-time rate = replied before the reply deadline / replies due (replied, or past the deadline)',
  },
  knowledge_direct_rate: {
    zh: '知识库直办率 = 引用知识库条目直接答复的数量 / 受理数',
    en: 'Knowledge direct rate = requests answered directly citing a knowledge-base article / requests registered',
  },
} as const;
