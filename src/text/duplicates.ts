/**
 * Duplicate scoring (pure): is a new request probably the same problem as an open one nearby?
 *
 * Text: the 2- and 3-character shingles of the normalised text (letters and digits only, lower-cased), plus the
 * title's shingles once more under a separate tag, so that the title, which usually names the place and the
 * grievance, weighs about double. Similarity is the exact Jaccard index of the two shingle sets.
 *
 * Lookup: a 64 × 32-bit MinHash signature estimates that Jaccard index; LSH cuts it into 32 bands of 2 rows, and
 * two texts become candidates when any band agrees. With 2 rows a pair at Jaccard 0.2 (our threshold) is found with
 * probability 1 − (1 − 0.2²)³² ≈ 0.73, at 0.3 ≈ 0.95, at 0.5 ≈ 1; an unrelated pair (Jaccard ≈ 0.01) ≈ 0.003.
 * Candidates are then re-ranked on the exact Jaccard index.
 *
 * Score: text similarity times a factor in [0.8, 1] for place and recency (see duplicateScore). The threshold
 * DUPLICATE_THRESHOLD = 0.2 was chosen on a hand-labelled set from messages_likes.csv (bench/duplicates.ts): at a
 * text similarity of 0.2 the labelled pairs give precision ≈ 0.9 and recall ≈ 0.85 on text alone, before the place
 * and time filters remove most of the remaining false matches (the same complaint template about another estate).
 */
import { distanceMetres } from '../routing/geo.js';
import { normalise } from './normalise.js';

export const SIGNATURE_SIZE = 64;
export const BAND_ROWS = 2;
export const BANDS = SIGNATURE_SIZE / BAND_ROWS;
export const DUPLICATE_THRESHOLD = 0.2;

/** A request's text: a bare string is a body without a title. */
export type DuplicateText = string | { title?: string | null | undefined; body: string };

/** Texts already normalised (the requests' title_norm and body_norm) skip normalise(), which is idempotent. */
export type TextOptions = { normalised?: boolean };

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const TITLE_SALT = 0x5bd1e995;
const EMPTY = 0xffffffff;
const SIGN = 0x80000000 | 0;

/** The characters that carry meaning for duplicates: normalised, lower-cased, letters and digits only. */
export function canonical(text: string, opts: TextOptions = {}): string {
  return (opts.normalised ? text : normalise(text)).toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Shingle hashes are collected in one growing buffer, then sorted and deduplicated: faster than a Set.
let buffer = new Uint32Array(1024);

function codePoints(text: string): Uint32Array {
  const out = new Uint32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      out[n++] = text.codePointAt(i)!;
      i++;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Appends the 2- and 3-gram hashes (a lone character's own hash) of `cps` to the buffer from `n`. */
function addShingles(cps: Uint32Array, salt: number, n: number): number {
  const needed = n + 2 * cps.length + 1;
  if (needed > buffer.length) {
    const bigger = new Uint32Array(Math.max(needed, buffer.length * 2));
    bigger.set(buffer.subarray(0, n));
    buffer = bigger;
  }
  if (cps.length === 1) buffer[n++] = fmix32(Math.imul(cps[0]! ^ salt, 0x01000193) ^ 1);
  for (let i = 0; i + 1 < cps.length; i++) {
    const two = Math.imul(Math.imul(cps[i]! ^ salt, 0x01000193) ^ cps[i + 1]!, 0x01000193);
    buffer[n++] = fmix32(two ^ 2);
    if (i + 2 < cps.length) buffer[n++] = fmix32(Math.imul(two ^ cps[i + 2]!, 0x01000193) ^ 3);
  }
  return n;
}

/** The shingle hashes of a text, sorted ascending, without repeats. */
export function shingles(text: DuplicateText, opts: TextOptions = {}): Uint32Array {
  const { title, body } = typeof text === 'string' ? { title: '', body: text } : text;
  const t = canonical(title ?? '', opts);
  let n = addShingles(codePoints(t + canonical(body, opts)), 0, 0);
  n = addShingles(codePoints(t), TITLE_SALT, n);
  const sorted = buffer.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i]!;
  return sorted.slice(0, unique);
}

/** Exact Jaccard index of two sorted shingle sets; two empty texts are identical. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      common++;
      i++;
      j++;
    }
  }
  return common / (a.length + b.length - common);
}

/** Text similarity in [0, 1]: the Jaccard index of the texts' shingle sets. */
export function similarity(a: DuplicateText, b: DuplicateText, opts: TextOptions = {}): number {
  return jaccard(shingles(a, opts), shingles(b, opts));
}

// Fixed multipliers (odd) and offsets of the 64 hash functions, from a seeded generator: signatures stored in the
// database must stay comparable across processes and releases.
const [MUL, ADD] = (() => {
  let s = 0x2545f491;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    return fmix32(s);
  };
  const mul = new Uint32Array(SIGNATURE_SIZE);
  const add = new Uint32Array(SIGNATURE_SIZE);
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    mul[i] = next() | 1;
    add[i] = next();
  }
  return [mul, add];
})();

/** MinHash signature of a shingle set: for each of 64 hash functions, the smallest value over the set. */
export function signatureOf(set: Uint32Array): number[] {
  // Signed 32-bit arithmetic keeps V8 on small integers; flipping the sign bit makes signed order unsigned order.
  const xs = new Int32Array(set.buffer, set.byteOffset, set.length);
  const sig: number[] = [];
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    const mul = MUL[i]! | 0;
    const add = ADD[i]! ^ SIGN;
    let min = EMPTY ^ SIGN;
    // The shingle hashes are already uniformly mixed, so one multiply-add per function is enough.
    for (let k = 0; k < xs.length; k++) {
      const v = (Math.imul(xs[k]!, mul) + add) | 0;
      if (v < min) min = v;
    }
    sig.push((min ^ SIGN) >>> 0);
  }
  return sig;
}

export function signature(text: DuplicateText, opts: TextOptions = {}): number[] {
  return signatureOf(shingles(text, opts));
}

/** Share of agreeing positions: an unbiased estimate of the Jaccard index. */
export function estimateSimilarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/**
 * LSH band keys: band number × 2³² + a 32-bit hash of the band's rows, so that keys of different bands never
 * collide and every key fits a bigint column (and a JS number). An empty text has no keys.
 */
export function bandKeys(sig: readonly number[]): number[] {
  if (sig.every((v) => v === EMPTY)) return [];
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = band;
    for (let r = 0; r < BAND_ROWS; r++) h = fmix32(Math.imul(h ^ sig[band * BAND_ROWS + r]!, 0x9e3779b1));
    keys.push(band * 2 ** 32 + h);
  }
  return keys;
}

export type Place = {
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  areaCode?: string | null;
};

const located = (p: Place): p is Place & { lat: number; lon: number } => p.lat != null && p.lon != null;

export type PlaceMatch = { near: boolean; distanceM: number | null; sameArea: boolean; closeness: number };

/**
 * Whether two requests are near: both located → within the radius (closeness falls from 1 at the same spot to 0
 * at the radius); otherwise the same area code (closeness 0.5, an area being coarser than the radius). A query
 * with no place at all matches anywhere with closeness 0. `sameArea` compares codes as given; the caller may pass
 * the codes that count as the query's area (its community and the community's grids) in `areaCodes`.
 */
export function placeMatch(
  query: Place & { areaCodes?: readonly string[] },
  other: Place,
  radiusMetres: number,
): PlaceMatch {
  const areas = query.areaCodes ?? (query.areaCode ? [query.areaCode] : []);
  const sameArea = !!other.areaCode && areas.includes(other.areaCode);
  if (located(query) && located(other)) {
    const d = distanceMetres(query.lat, query.lon, other.lat, other.lon);
    return { near: d <= radiusMetres, distanceM: d, sameArea, closeness: Math.max(0, 1 - d / radiusMetres) };
  }
  if (areas.length > 0) return { near: sameArea, distanceM: null, sameArea, closeness: sameArea ? 0.5 : 0 };
  return { near: !located(query), distanceM: null, sameArea: false, closeness: 0 };
}

/**
 * Score in [0, 1]: text similarity × (0.8 + 0.15 · closeness + 0.05 · recency), recency falling from 1 (now) to 0
 * (`days` ago). Outside the radius or the window the score is 0. A pair is shown as a probable duplicate from
 * DUPLICATE_THRESHOLD: a co-located report of today needs text similarity ≥ 0.2, one at the edge of the radius
 * and the window ≥ 0.25.
 */
export function duplicateScore(
  textSimilarity: number,
  place: Pick<PlaceMatch, 'near' | 'closeness'>,
  ageDays: number,
  days: number,
): number {
  if (!place.near || ageDays > days) return 0;
  const recency = Math.min(1, Math.max(0, 1 - ageDays / days));
  return textSimilarity * (0.8 + 0.15 * place.closeness + 0.05 * recency);
}
