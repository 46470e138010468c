/**
 * Hot topics (pure, deterministic): groups the requests of a period into topics so that supervisors can pick
 * 每月一题. Each request becomes a TF-IDF vector of its jieba words (stopwords of data/text/stopwords.txt removed,
 * the title counted twice), keeping its 12 heaviest words. Then:
 *  1. single pass in order of creation: a request joins the most similar cluster (cosine with the cluster's summed
 *     vector ≥ threshold, 0.25) or opens a new one;
 *  2. every request moves to its best final cluster, so that early requests are not stuck with the immature
 *     clusters they met first;
 *  3. clusters whose centres are similar (cosine ≥ mergeThreshold, 0.3) merge, largest first: one story told in
 *     different words (a fraud case followed for months) becomes one topic.
 * The thresholds were set on messages_likes.csv (bench/topics.ts). The previous period of equal length is
 * clustered together with the current one, so that each topic's trend compares like with like.
 */
import fs from 'node:fs';
import { normalise } from './normalise.js';
import { segment } from './segment.js';

export type TopicDoc = {
  id: number;
  title?: string | null | undefined;
  body: string;
  area_code: string | null;
  created_at: Date;
  likes?: number | undefined;
};

/** A document with its words (see topicTerms), the input of the clustering. */
export type TermDoc = TopicDoc & { terms: readonly string[] };

export type Trend = {
  previous: number;
  change: number;
  /** count / previous, null when the topic had no request in the previous period. */
  ratio: number | null;
  direction: 'new' | 'up' | 'down' | 'flat';
};

export type Topic = {
  keywords: string[];
  count: number;
  member_ids: number[];
  /** The members closest to the topic's centre, best first: what to show as examples. */
  sample_ids: number[];
  areas: { code: string; count: number }[];
  trend: Trend;
  likes: number;
};

export type TopicOptions = {
  from: Date;
  to: Date;
  /** Smallest number of requests in [from, to) that makes a topic. */
  minCount?: number;
  /** Cosine similarity to join a topic. */
  threshold?: number;
  /** Cosine similarity of two topics' centres to merge them. */
  mergeThreshold?: number;
  maxTopics?: number;
};

const TERMS_PER_DOC = 12;
/** Words kept in a cluster's centre when clusters are merged. */
const CENTRE_TERMS = 24;
const KEYWORDS = 5;
const SAMPLES = 3;
/** Words in more than this share of the requests (and more than 20 of them) say nothing about a topic. */
const MAX_DF_SHARE = 0.15;

let stopwords: Set<string> | undefined;

/** The shipped stopword list (data/text/stopwords.txt), read once. */
export function loadStopwords(): Set<string> {
  stopwords ??= new Set(
    fs
      .readFileSync(new URL('../../data/text/stopwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  return stopwords;
}

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[a-z]{2,}$/;

/** Content words of a text: jieba words of two or more characters with Han script (or Latin words), no stopwords. */
export function contentWords(text: string, stop = loadStopwords()): string[] {
  return segment(normalise(text).toLowerCase()).filter(
    (w) => w.length >= 2 && (HAN.test(w) || LATIN_WORD.test(w)) && !stop.has(w),
  );
}

/** The words of a request for clustering: the title's twice (titles name the problem), then the body's. */
export function topicTerms(doc: Pick<TopicDoc, 'title' | 'body'>, stop = loadStopwords()): string[] {
  const title = doc.title ? contentWords(doc.title, stop) : [];
  return [...title, ...title, ...contentWords(doc.body, stop)];
}

type Vector = Map<string, number>;
/** The clustering runs as steps, so that a caller can yield to the event loop between them (topics-query.ts). */
type Steps<T> = Generator<void, T, void>;
const STEP = 250;

function* vectorise(docs: readonly TermDoc[]): Steps<{ vectors: Vector[]; idf: Map<string, number> }> {
  const df = new Map<string, number>();
  for (const [n, d] of docs.entries()) {
    if (n % STEP === STEP - 1) yield;
    for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, f] of df) if (f >= 2 && !(f > 20 && f > MAX_DF_SHARE * n)) idf.set(t, Math.log(n / f));
  const vectors: Vector[] = [];
  for (const d of docs) {
    if (vectors.length % STEP === STEP - 1) yield;
    const tf = new Map<string, number>();
    for (const t of d.terms) if (idf.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const weighted = [...tf].map(([t, f]) => [t, (1 + Math.log(f)) * idf.get(t)!] as const);
    // Heaviest first, ties in word order: deterministic.
    weighted.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = weighted.slice(0, TERMS_PER_DOC);
    const norm = Math.hypot(...top.map(([, w]) => w)) || 1;
    vectors.push(new Map(top.map(([t, w]) => [t, w / norm])));
  }
  return { vectors, idf };
}

/**
 * Clusters with an inverted index: for each word, the clusters whose summed vector has it and the summed weight,
 * so that the dot products of a vector with every cluster sharing a word take one pass over plain arrays.
 */
class Clusters {
  readonly norm2: number[] = [];
  readonly members: number[][] = [];
  /** Per cluster: word → its position in that word's posting arrays. */
  private readonly slots: Map<string, number>[] = [];
  private readonly postings = new Map<string, { ids: number[]; weights: number[] }>();
  private dots = new Float64Array(64);
  private readonly touched: number[] = [];

  get size() {
    return this.members.length;
  }

  open(v: Vector, member: number): number {
    const c = this.size;
    this.norm2.push(0);
    this.members.push([]);
    this.slots.push(new Map());
    this.add(c, v, member);
    return c;
  }

  add(c: number, v: Vector, member: number) {
    const slots = this.slots[c]!;
    for (const [t, w] of v) {
      let posting = this.postings.get(t);
      if (!posting) this.postings.set(t, (posting = { ids: [], weights: [] }));
      let slot = slots.get(t);
      if (slot === undefined) {
        slot = posting.ids.push(c) - 1;
        posting.weights.push(0);
        slots.set(t, slot);
      }
      const old = posting.weights[slot]!;
      posting.weights[slot] = old + w;
      this.norm2[c] = this.norm2[c]! + 2 * old * w + w * w;
    }
    this.members[c]!.push(member);
  }

  /** The cluster most similar to `v` (cosine with its summed vector), lowest index on ties. */
  best(v: Vector): { index: number; cos: number } | null {
    if (this.dots.length < this.size) this.dots = new Float64Array(this.size * 2);
    const dots = this.dots;
    const touched = this.touched;
    touched.length = 0;
    for (const [t, w] of v) {
      const posting = this.postings.get(t);
      if (!posting) continue;
      for (let k = 0; k < posting.ids.length; k++) {
        const c = posting.ids[k]!;
        if (dots[c] === 0) touched.push(c);
        dots[c] = dots[c]! + w * posting.weights[k]!;
      }
    }
    let best: { index: number; cos: number } | null = null;
    for (const c of touched) {
      const cos = dots[c]! / Math.sqrt(this.norm2[c]!);
      dots[c] = 0;
      if (!best || cos > best.cos || (cos === best.cos && c < best.index)) best = { index: c, cos };
    }
    return best;
  }

  cosine(v: Vector, c: number): number {
    let dot = 0;
    for (const [t, w] of v) {
      const slot = this.slots[c]!.get(t);
      if (slot !== undefined) dot += w * this.postings.get(t)!.weights[slot]!;
    }
    return dot / Math.sqrt(this.norm2[c]! || 1);
  }
}

/** Single pass: each vector joins its most similar cluster (cosine ≥ threshold) or opens one. */
function* singlePass(
  vectors: readonly Vector[],
  order: readonly number[],
  threshold: number,
): Steps<Clusters> {
  const clusters = new Clusters();
  for (const [n, i] of order.entries()) {
    if (n % STEP === STEP - 1) yield;
    const v = vectors[i]!;
    if (v.size === 0) continue;
    const best = clusters.best(v);
    if (best && best.cos >= threshold) clusters.add(best.index, v, i);
    else clusters.open(v, i);
  }
  return clusters;
}

/**
 * Joins clusters that tell the same story in different words: the same single pass, over the clusters' centre
 * vectors (largest clusters first), where the shared words of a topic outweigh each request's own.
 */
function* mergeGroups(groups: number[][], vectors: readonly Vector[], threshold: number): Steps<number[][]> {
  const ordered = [...groups].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const centres: Vector[] = [];
  let work = 0;
  for (const ids of ordered) {
    if ((work += ids.length) >= STEP) {
      work = 0;
      yield;
    }
    const sum = new Map<string, number>();
    for (const i of ids) for (const [t, w] of vectors[i]!) sum.set(t, (sum.get(t) ?? 0) + w);
    const top = [...sum].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CENTRE_TERMS);
    const norm = Math.hypot(...top.map(([, w]) => w)) || 1;
    centres.push(new Map(top.map(([t, w]) => [t, w / norm])));
  }
  const joined = yield* singlePass(
    centres,
    centres.map((_, i) => i),
    threshold,
  );
  return joined.members.map((members) => members.flatMap((g) => ordered[g]!));
}

export function trendOf(count: number, previous: number): Trend {
  const direction =
    previous === 0 ? 'new' : count > previous * 1.2 ? 'up' : count < previous * 0.8 ? 'down' : 'flat';
  return { previous, change: count - previous, ratio: previous === 0 ? null : count / previous, direction };
}

/** The clustering of clusterTopics, yielding every STEP documents. */
function* topicSteps(docs: readonly TermDoc[], opts: TopicOptions): Steps<Topic[]> {
  const span = opts.to.getTime() - opts.from.getTime();
  const prevFrom = opts.from.getTime() - span;
  const kept = docs.filter((d) => d.created_at.getTime() >= prevFrom && d.created_at < opts.to);
  const { vectors, idf } = yield* vectorise(kept);
  const order = kept
    .map((_, i) => i)
    .sort(
      (a, b) => kept[a]!.created_at.getTime() - kept[b]!.created_at.getTime() || kept[a]!.id - kept[b]!.id,
    );
  const threshold = opts.threshold ?? 0.25;
  const first = yield* singlePass(vectors, order, threshold);

  // Second pass: every document to its best final cluster (staying alone if none is similar enough).
  const groups = new Map<number, number[]>();
  for (const [n, i] of order.entries()) {
    if (n % STEP === STEP - 1) yield;
    const best = first.best(vectors[i]!);
    if (!best || best.cos < threshold) continue;
    const list = groups.get(best.index);
    if (list) list.push(i);
    else groups.set(best.index, [i]);
  }
  const merged = yield* mergeGroups([...groups.values()], vectors, opts.mergeThreshold ?? 0.3);
  const final = new Clusters();
  let work = 0;
  for (const ids of merged) {
    if ((work += ids.length) >= STEP) {
      work = 0;
      yield;
    }
    const c = final.open(vectors[ids[0]!]!, ids[0]!);
    for (const i of ids.slice(1)) final.add(c, vectors[i]!, i);
  }

  const topics: (Topic & { first: number })[] = [];
  for (const [index, ids] of final.members.entries()) {
    if ((work += ids.length) >= STEP) {
      work = 0;
      yield;
    }
    const current = ids.filter((i) => kept[i]!.created_at >= opts.from);
    if (current.length < (opts.minCount ?? 3)) continue;
    const docsOf = current.map((i) => kept[i]!);
    topics.push({
      keywords: keywordsOf(ids, vectors, idf),
      count: current.length,
      member_ids: docsOf.map((d) => d.id),
      sample_ids: current
        .map((i) => ({ i, cos: final.cosine(vectors[i]!, index) }))
        .sort((a, b) => b.cos - a.cos || a.i - b.i)
        .slice(0, SAMPLES)
        .map(({ i }) => kept[i]!.id),
      areas: topAreas(docsOf),
      trend: trendOf(current.length, ids.length - current.length),
      likes: docsOf.reduce((s, d) => s + (d.likes ?? 0), 0),
      first: Math.min(...docsOf.map((d) => d.id)),
    });
  }
  topics.sort((a, b) => b.count - a.count || a.first - b.first);
  return topics.slice(0, opts.maxTopics ?? 20).map(({ first: _, ...t }) => t);
}

/**
 * Topics of the requests created in [from, to), with their trend against [from − (to − from), from). Documents
 * outside both periods are ignored. Sorted by size, largest first.
 */
export function clusterTopics(docs: readonly TermDoc[], opts: TopicOptions): Topic[] {
  const steps = topicSteps(docs, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** clusterTopics, awaiting `pause` every few hundred documents (the same result). */
export async function clusterTopicsYielding(
  docs: readonly TermDoc[],
  opts: TopicOptions,
  pause: () => Promise<unknown>,
): Promise<Topic[]> {
  const steps = topicSteps(docs, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The words most members share, weighted by how distinctive they are; a word inside another counts once. */
function keywordsOf(ids: readonly number[], vectors: readonly Vector[], idf: ReadonlyMap<string, number>) {
  const shared = new Map<string, number>();
  for (const i of ids) for (const t of vectors[i]!.keys()) shared.set(t, (shared.get(t) ?? 0) + 1);
  const ranked = [...shared]
    .map(([t, n]) => [t, n * idf.get(t)!] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const chosen: string[] = [];
  for (const [t] of ranked) {
    if (chosen.length === KEYWORDS) break;
    if (!chosen.some((k) => k.includes(t) || t.includes(k))) chosen.push(t);
  }
  return chosen;
}

function topAreas(docs: readonly TopicDoc[]) {
  const counts = new Map<string, number>();
  for (const d of docs) if (d.area_code) counts.set(d.area_code, (counts.get(d.area_code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([code, count]) => ({ code, count }));
}

/** Words, then topics, in one call (for small sets and tests; see topics-query.ts for the chunked version). */
export function findTopics(docs: readonly TopicDoc[], opts: TopicOptions): Topic[] {
  const stop = loadStopwords();
  return clusterTopics(
    docs.map((d) => ({ ...d, terms: topicTerms(d, stop) })),
    opts,
  );
}
