/**
 * Search terms from jieba tokens (pure): which tokens index an article and make a query, the query in
 * tsquery syntax, and the highlighted snippet of a result. Tokens are kept only when they are letters and digits,
 * so a query string can never carry tsquery operators.
 */

/** Words too common in residents' questions to tell articles apart. */
const STOPWORDS = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 是 在 有 和 与 及 或 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 哪 哪里 哪些 什么 怎么 怎样 ' +
    '怎么办 如何 为什么 可以 能 能否 能不能 会 要 想 请问 请 问 一下 一个 就 都 也 还 又 到 从 对 把 被 给 让 ' +
    '没有 不 没 很 多 多少 几 上 下 里 中 后 前 时 吗 么 之 等 该 应该 需要 已经 现在 您好 你好 谢谢 麻烦'
  ).split(' '),
);

const WORD = /^[\p{L}\p{N}]+$/u;

/** The tokens an article is indexed by, lower-cased, in order (repeats kept: they weigh in the rank). */
export function indexTerms(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const t = token.toLowerCase();
    if (WORD.test(t) && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}

/** The distinct terms of a query, at most `max`, the longest first when there are too many. */
export function queryTerms(tokens: readonly string[], max = 24): string[] {
  const distinct = [...new Set(indexTerms(tokens))];
  if (distinct.length <= max) return distinct;
  const kept = new Set([...distinct].sort((a, b) => b.length - a.length).slice(0, max));
  return distinct.filter((t) => kept.has(t));
}

/** Any of the terms. */
export const toTsQuery = (terms: readonly string[]) => terms.join(' | ');

/** Callers' words for what articles call otherwise: a query holding the first also looks for the second. */
const SYNONYMS: Record<string, string[]> = {
  狗: ['犬'],
  养狗: ['养犬', '犬只'],
  遛狗: ['犬只', '犬'],
  煤气: ['燃气'],
  电动车: ['电动自行车'],
  工资: ['薪'],
  欠薪: ['拖欠', '工资'],
  退休金: ['养老金'],
  医保: ['医疗保险'],
  社保: ['社会保险'],
  打车: ['出租车', '网约车'],
  摆摊: ['摊贩', '占道经营'],
  违建: ['违章建筑'],
  上学: ['入学'],
};

/** The terms with the words they stand for added (once each). */
export function withSynonyms(terms: readonly string[]): string[] {
  const out = [...terms];
  for (const t of terms) for (const s of SYNONYMS[t] ?? []) if (!out.includes(s)) out.push(s);
  return out;
}

/** A term's weight in a ranking: rarer terms (held by fewer of the n articles) weigh more. */
export const idf = (df: number, n: number) => Math.log(1 + (n + 1) / (df + 1));

/**
 * Terms most articles hold find nothing in particular, terms none holds nothing at all: the index is asked for the
 * others (the 3 rarest held at least) — and of those, the rarest first, only as many as make `budget` index entries
 * together (but the MIN_LOOKUP rarest always), since every entry read costs time; the terms left out still weigh in
 * the rank of the articles found.
 */
export const COMMON_SHARE = 0.2;
export const LOOKUP_BUDGET = 1000;
const MIN_LOOKUP = 3;

export function lookupTerms(
  terms: readonly string[],
  df: ReadonlyMap<string, number>,
  n: number,
  budget = LOOKUP_BUDGET,
): string[] {
  const count = (t: string) => df.get(t) ?? 0;
  const held = terms.filter((t) => count(t) > 0);
  const rare = held.filter((t) => count(t) <= COMMON_SHARE * n);
  const chosen =
    rare.length >= Math.min(3, held.length)
      ? rare
      : [...held].sort((a, b) => count(a) - count(b)).slice(0, 3);
  const kept = new Set<string>();
  let entries = 0;
  for (const t of [...chosen].sort((a, b) => count(a) - count(b))) {
    if (kept.size >= MIN_LOOKUP && entries + count(t) > budget) break;
    kept.add(t);
    entries += count(t);
  }
  return chosen.filter((t) => kept.has(t));
}

export type Segment = { text: string; hit: boolean };

/** Splits a text into highlighted and plain runs where any of the terms occurs (longest terms first). */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const sorted = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  const out: Segment[] = [];
  const lower = text.toLowerCase();
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const term = sorted.find((t) => lower.startsWith(t, i));
    if (!term) {
      i++;
      continue;
    }
    if (i > plainFrom) out.push({ text: text.slice(plainFrom, i), hit: false });
    const last = out[out.length - 1];
    if (last?.hit) last.text += text.slice(i, i + term.length);
    else out.push({ text: text.slice(i, i + term.length), hit: true });
    i += term.length;
    plainFrom = i;
  }
  if (plainFrom < text.length) out.push({ text: text.slice(plainFrom), hit: false });
  return out;
}

/**
 * The window of `width` characters of a text where the terms occur most (by characters covered), highlighted,
 * with an ellipsis where it was cut.
 */
export function snippet(text: string, terms: readonly string[], width = 120): Segment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return highlight(flat, terms);
  const covered = new Uint8Array(flat.length);
  const lower = flat.toLowerCase();
  for (const t of terms) {
    if (!t) continue;
    for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + 1))
      covered.fill(1, at, at + t.length);
  }
  let best = 0;
  let sum = 0;
  for (let i = 0; i < width; i++) sum += covered[i]!;
  let bestSum = sum;
  for (let start = 1; start + width <= flat.length; start++) {
    sum += covered[start + width - 1]! - covered[start - 1]!;
    if (sum > bestSum) [best, bestSum] = [start, sum];
  }
  // Start a little before the window's first hit, so that it reads with some context.
  const firstHit = covered.indexOf(1, best);
  const from = bestSum === 0 ? 0 : Math.max(0, Math.min(firstHit - 10, flat.length - width));
  const to = Math.min(flat.length, from + width);
  const segments = highlight(flat.slice(from, to), terms);
  if (from > 0) segments.unshift({ text: '…', hit: false });
  if (to < flat.length) segments.push({ text: '…', hit: false });
  return segments;
}
