import { segment } from './segment.js';

/** Feature settings stored with the model so that inference extracts exactly what training saw. */
export interface FeatureOptions {
  /** Hash space size is 2^bits. */
  bits: number;
  /** Character n-gram lengths taken over the joined content words, e.g. [1, 2, 3]. */
  charNgrams: number[];
  wordBigrams: boolean;
  /** The first `leadTokens` content words (≈ the title, which often opens the body) count `leadWeight` times. */
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

export function messageTokens(title: string, body: string, stopwords: ReadonlySet<string>): string[] {
  return contentTokens(messageText(title, body), stopwords);
}

// FNV-1a over UTF-16 code units, seeded per feature kind so words and n-grams don't share buckets.
function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashCodes(codes: number[], start: number, n: number): number {
  let h = (0x811c9dc5 ^ n) >>> 0;
  for (let i = start; i < start + n; i++) h = Math.imul(h ^ (codes[i] as number), 0x01000193);
  return h >>> 0;
}

const WORD_SEED = 0x9e3779b1;
const BIGRAM_SEED = 0x85ebca6b;

/** Hashed counts of words, word bigrams and char n-grams; lead tokens weigh more. */
function countFeatures(tokens: string[], opts: FeatureOptions): Map<number, number> {
  const mask = (1 << opts.bits) - 1;
  const counts = new Map<number, number>();
  const add = (hash: number, weight: number) => {
    const key = hash & mask;
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  const codes: number[] = [];
  const codeWeights: number[] = [];
  tokens.forEach((word, i) => {
    const weight = i < opts.leadTokens ? opts.leadWeight : 1;
    add(hashString(word, WORD_SEED), weight);
    if (opts.wordBigrams && i > 0) add(hashString(`${tokens[i - 1]} ${word}`, BIGRAM_SEED), weight);
    for (let j = 0; j < word.length; j++) {
      codes.push(word.charCodeAt(j));
      codeWeights.push(weight);
    }
  });
  for (const n of opts.charNgrams) {
    for (let i = 0; i + n <= codes.length; i++) add(hashCodes(codes, i, n), codeWeights[i] as number);
  }
  return counts;
}

/** Sublinear tf (1 + ln c) times idf, L2-normalised. `idf` is indexed by bucket. */
export function featurize(tokens: string[], opts: FeatureOptions, idf: Float32Array): SparseVector {
  const counts = countFeatures(tokens, opts);
  const indices = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [index, count] of counts) {
    const value = (1 + Math.log(count)) * (idf[index] ?? 1);
    indices[k] = index;
    values[k] = value;
    norm += value * value;
    k++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
  return { indices, values };
}

/** Smoothed idf per bucket, ln((1 + N) / (1 + df)) + 1, from the documents' hashed features. */
export function computeIdf(docs: string[][], opts: FeatureOptions): Float32Array {
  const df = new Uint32Array(1 << opts.bits);
  for (const tokens of docs) for (const index of countFeatures(tokens, opts).keys()) df[index]!++;
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + docs.length) / (1 + (df[i] as number))) + 1;
  return idf;
}
