import { segment } from './segment.js';

/** Feature settings stored with the model so that inference extracts exactly what training saw. */
export interface FeatureOptions {
  /** Only the first `maxChars` characters of title + body are read (bounds the cost of long messages). */
  maxChars: number;
  /** Hash space size is 2^bits. */
  bits: number;
  /** Character n-gram lengths taken over the joined content words, e.g. [1, 2, 3]. */
  charNgrams: number[];
  /**
   * The first `leadTokens` content words (≈ the title, which often opens the body) count
   * `leadWeight` times.
   */
  leadTokens: number;
  leadWeight: number;
}

export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

// A token is content if it has a letter, digit or CJK character (drops punctuation and spaces).
const CONTENT = /[\p{L}\p{N}]/u;

/**
 * Content words of a message: jieba words minus stopwords and punctuation. This mirrors how
 * train_tokens.csv was prepared, so both training sources yield the same kind of token stream.
 */
export function contentTokens(text: string, stopwords: ReadonlySet<string>): string[] {
  return segment(text).filter((w) => !stopwords.has(w) && CONTENT.test(w));
}

/** Title and body as one text: many messages carry their title only as the body's first sentence. */
export function messageText(title: string, body: string): string {
  return title ? `${title}。${body}` : body;
}

export function messageTokens(
  title: string,
  body: string,
  stopwords: ReadonlySet<string>,
  maxChars: number,
): string[] {
  return contentTokens(messageText(title, body).slice(0, maxChars), stopwords);
}

// FNV-1a over UTF-16 code units of text[start, end), seeded per feature kind.
function fnv1a(text: string, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const WORD_SEED = 0x9e3779b1;

// Scratch open-addressing table (bucket → count), reused across calls: each message uses a
// power-of-two prefix about twice its feature count, which stays in cache, unlike a 2^bits array.
let slotBuckets = new Int32Array(0);
let slotCounts = new Float64Array(0);
let firstSeen = new Int32Array(0);

/** Readies a clean table prefix for up to `features` entries and returns its slot mask. */
function scratchMask(features: number): number {
  const capacity = 2 ** Math.ceil(Math.log2(2 * features + 2));
  if (slotBuckets.length < capacity) {
    slotBuckets = new Int32Array(capacity).fill(-1);
    slotCounts = new Float64Array(capacity);
    firstSeen = new Int32Array(capacity);
  }
  return capacity - 1;
}

/**
 * Visits each hashed feature once with its count, in first-seen order: words, plus char n-grams
 * over the words joined together; anything in the first `leadTokens` words counts `leadWeight` times.
 */
export function forEachFeature(
  tokens: string[],
  opts: FeatureOptions,
  visit: (bucket: number, count: number) => void,
): void {
  const mask = 2 ** opts.bits - 1;
  const joined = tokens.join('');
  const slotMask = scratchMask(tokens.length + joined.length * opts.charNgrams.length);
  let distinct = 0;
  const add = (hash: number, weight: number) => {
    const bucket = hash & mask;
    let slot = Math.imul(bucket, 0x9e3779b1) & slotMask;
    while (slotBuckets[slot] !== bucket && slotBuckets[slot] !== -1) slot = (slot + 1) & slotMask;
    if (slotBuckets[slot] === -1) {
      slotBuckets[slot] = bucket;
      firstSeen[distinct++] = slot;
    }
    slotCounts[slot]! += weight;
  };
  let leadChars = 0;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] as string;
    const lead = i < opts.leadTokens;
    if (lead) leadChars += word.length;
    add(fnv1a(word, 0, word.length, WORD_SEED), lead ? opts.leadWeight : 1);
  }
  for (const n of opts.charNgrams) {
    for (let i = 0; i + n <= joined.length; i++)
      add(fnv1a(joined, i, i + n, n), i < leadChars ? opts.leadWeight : 1);
  }
  for (let k = 0; k < distinct; k++) {
    const slot = firstSeen[k] as number;
    const bucket = slotBuckets[slot] as number;
    const count = slotCounts[slot] as number;
    slotBuckets[slot] = -1;
    slotCounts[slot] = 0;
    visit(bucket, count);
  }
}

/** Feature value before L2 normalisation: sublinear tf (1 + ln count) times idf. */
export function tfidf(count: number, idf: number): number {
  return (1 + Math.log(count)) * idf;
}

/** tf-idf over hashed features, L2-normalised; `idf` is indexed by bucket. */
export function featurize(tokens: string[], opts: FeatureOptions, idf: Float32Array): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  let norm = 0;
  forEachFeature(tokens, opts, (bucket, count) => {
    const value = tfidf(count, idf[bucket] as number);
    indices.push(bucket);
    values.push(value);
    norm += value * value;
  });
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return { indices: new Uint32Array(indices), values: new Float32Array(values) };
}

/** Smoothed idf per bucket, ln((1 + N) / (1 + df)) + 1, from the documents' hashed features. */
export function computeIdf(docs: string[][], opts: FeatureOptions): Float32Array {
  const df = new Uint32Array(2 ** opts.bits);
  for (const tokens of docs) forEachFeature(tokens, opts, (bucket) => df[bucket]!++);
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + docs.length) / (1 + (df[i] as number))) + 1;
  return idf;
}
