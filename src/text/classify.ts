import { readFileSync } from 'node:fs';
import { forEachFeature, messageTokens, tfidf, type FeatureOptions } from './features.js';

/** The 7 一级 categories of the 12345 hotline. */
export const LABELS = [
  '城乡建设',
  '劳动和社会保障',
  '教育文体',
  '商贸旅游',
  '卫生计生',
  '环境保护',
  '交通运输',
] as const;

export interface Prediction {
  label: string;
  confidence: number;
}

export interface Classifier {
  labels: readonly string[];
  /** Top-k labels by calibrated probability, most likely first. */
  predict(title: string, body: string, k?: number): Prediction[];
}

/** One linear scorer per class (one-vs-rest SVM); weights laid out [bucket * nClasses + class]. */
export interface LinearModel {
  nClasses: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface ClassifierModel {
  labels: string[];
  features: FeatureOptions;
  stopwords: string[];
  /** Softmax temperature fitted on a calibration fold. */
  temperature: number;
  /** Per hash bucket. */
  idf: Float32Array;
  linear: LinearModel;
}

export const DEFAULT_MODEL_PATH = new URL('../../data/model/classifier.bin', import.meta.url);

/**
 * Uncalibrated per-class scores of a token stream. Same tf-idf and L2 normalisation as `featurize`,
 * fused with the dot products; idf and class weights of a bucket share one row (32 bytes for 7 classes).
 */
export function createScorer(model: ClassifierModel): (tokens: string[]) => Float64Array {
  const { nClasses, weights, bias } = model.linear;
  const stride = nClasses + 1;
  const rows = new Float32Array(model.idf.length * stride);
  for (let bucket = 0; bucket < model.idf.length; bucket++) {
    rows[bucket * stride] = model.idf[bucket] as number;
    for (let c = 0; c < nClasses; c++)
      rows[bucket * stride + 1 + c] = weights[bucket * nClasses + c] as number;
  }
  return (tokens) => {
    const sums = new Float64Array(nClasses);
    let norm = 0;
    forEachFeature(tokens, model.features, (bucket, count) => {
      const row = bucket * stride;
      const value = tfidf(count, rows[row] as number);
      norm += value * value;
      for (let c = 0; c < nClasses; c++) sums[c]! += (rows[row + 1 + c] as number) * value;
    });
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return sums.map((sum, c) => (bias[c] as number) + sum * scale);
  };
}

function softmax(scores: ArrayLike<number>, temperature: number): number[] {
  const max = Math.max(...Array.from(scores));
  const exps = Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function createClassifier(model: ClassifierModel): Classifier {
  const stopwords = new Set(model.stopwords);
  const score = createScorer(model);
  return {
    labels: model.labels,
    predict(title, body, k = 3) {
      const probabilities = softmax(
        score(messageTokens(title, body, stopwords, model.features.maxChars)),
        model.temperature,
      );
      return probabilities
        .map((confidence, i) => ({ label: model.labels[i] as string, confidence }))
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, k);
    },
  };
}

// Binary format: "BSC1", u32 header length, JSON header, zero padding to 4 bytes, then
// float32 idf (2^bits) and float32 weights (2^bits × nClasses), little-endian.
const MAGIC = 'BSC1';

interface Header {
  labels: string[];
  features: FeatureOptions;
  stopwords: string[];
  temperature: number;
  bias: number[];
}

export function encodeModel(model: ClassifierModel): Buffer {
  const header: Header = {
    labels: model.labels,
    features: model.features,
    stopwords: model.stopwords,
    temperature: model.temperature,
    bias: Array.from(model.linear.bias),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((8 + json.length) / 4) * 4;
  const prefix = Buffer.alloc(start);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 4);
  json.copy(prefix, 8);
  const body = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([prefix, body(model.idf), body(model.linear.weights)]);
}

export function decodeModel(buffer: Buffer): ClassifierModel {
  if (buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a banshi classifier model');
  const length = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + length)) as Header;
  const dim = 2 ** header.features.bits;
  const nClasses = header.labels.length;
  // Copy into a fresh, aligned ArrayBuffer so the float views are valid regardless of Buffer pooling.
  const floats = new Float32Array(dim * (1 + nClasses));
  const start = Math.ceil((8 + length) / 4) * 4;
  new Uint8Array(floats.buffer).set(buffer.subarray(start, start + floats.byteLength));
  if (buffer.length !== start + floats.byteLength) throw new Error('classifier model has the wrong size');
  return {
    labels: header.labels,
    features: header.features,
    stopwords: header.stopwords,
    temperature: header.temperature,
    idf: floats.subarray(0, dim),
    linear: { nClasses, weights: floats.subarray(dim), bias: Float32Array.from(header.bias) },
  };
}

export function loadClassifier(path: string | URL = DEFAULT_MODEL_PATH): Classifier {
  return createClassifier(decodeModel(readFileSync(path)));
}
