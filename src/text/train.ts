import type { SparseVector } from './features.js';

/** One-vs-rest linear scores: weights laid out [feature * nClasses + class]. */
export interface LinearModel {
  nClasses: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Scale C per class by n / (nClasses · n_class) so small classes are not drowned out. */
  balanced: boolean;
  maxEpochs: number;
  /** Stop when the projected-gradient spread falls below this (liblinear uses 0.1). */
  tolerance: number;
  seed: number;
}

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * L2-regularised squared-hinge SVM for one class against the rest, by dual coordinate descent with
 * shrinking (Hsieh et al. 2008, as in liblinear). Docs are L2-normalised; the bias is an extra
 * constant feature of value 1, so every ‖x‖² is 2.
 */
function trainBinary(
  docs: PackedDocs,
  positive: boolean[],
  costs: Float64Array,
  dim: number,
  opts: SvmOptions,
): { w: Float64Array; b: number } {
  const w = new Float64Array(dim);
  let b = 0;
  const { offsets, indices, values, length } = docs;
  const alpha = new Float64Array(length);
  const diag = costs.map((c) => 0.5 / c);
  const order = Array.from({ length }, (_, i) => i);
  const random = seededRandom(opts.seed);
  let active = length;
  let maxOld = Infinity;
  let minOld = -Infinity;
  let epochs_dbg = 0;
  for (let epoch = 0; epoch < opts.maxEpochs; epoch++) {
    epochs_dbg++;
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let s = active - 1; s > 0; s--) {
      const j = Math.floor(random() * (s + 1));
      [order[s], order[j]] = [order[j] as number, order[s] as number];
    }
    for (let s = 0; s < active; s++) {
      const i = order[s] as number;
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      const y = positive[i] ? 1 : -1;
      let margin = b;
      for (let k = start; k < end; k++) margin += (w[indices[k] as number] as number) * (values[k] as number);
      const a = alpha[i] as number;
      const d = diag[i] as number;
      const gradient = y * margin - 1 + d * a;
      let projected = gradient;
      if (a === 0) {
        if (gradient > maxOld) {
          // Comfortably outside the margin: drop from this round of sweeps.
          active--;
          [order[s], order[active]] = [order[active] as number, i];
          s--;
          continue;
        }
        projected = Math.min(gradient, 0);
      }
      maxNew = Math.max(maxNew, projected);
      minNew = Math.min(minNew, projected);
      if (Math.abs(projected) < 1e-12) continue;
      const next = Math.max(a - gradient / (2 + d), 0);
      const step = (next - a) * y;
      alpha[i] = next;
      for (let k = start; k < end; k++) w[indices[k] as number]! += step * (values[k] as number);
      b += step;
    }
    if (maxNew - minNew <= opts.tolerance) {
      if (active === length) break;
      // Converged on the active set: recheck everything once before stopping.
      active = length;
      maxOld = Infinity;
      minOld = -Infinity;
      continue;
    }
    maxOld = maxNew > 0 ? maxNew : Infinity;
    minOld = minNew < 0 ? minNew : -Infinity;
  }
  if (process.env.DBG) console.log('epochs', epochs_dbg);
  return { w, b };
}

/** Docs concatenated into flat arrays (CSR) for a tight training loop. */
interface PackedDocs {
  length: number;
  offsets: Uint32Array;
  indices: Uint32Array;
  values: Float64Array;
}

function pack(docs: SparseVector[]): PackedDocs {
  const offsets = new Uint32Array(docs.length + 1);
  docs.forEach((d, i) => (offsets[i + 1] = (offsets[i] as number) + d.indices.length));
  const indices = new Uint32Array(offsets[docs.length] as number);
  const values = new Float64Array(indices.length);
  docs.forEach((d, i) => {
    indices.set(d.indices, offsets[i]);
    values.set(d.values, offsets[i]);
  });
  return { length: docs.length, offsets, indices, values };
}

export function trainLinearSvm(
  docs: SparseVector[],
  labels: number[],
  nClasses: number,
  dim: number,
  opts: SvmOptions,
): LinearModel {
  const counts = new Array<number>(nClasses).fill(0);
  for (const y of labels) counts[y]!++;
  const packed = pack(docs);
  const weights = new Float32Array(dim * nClasses);
  const bias = new Float32Array(nClasses);
  for (let c = 0; c < nClasses; c++) {
    const positive = labels.map((y) => y === c);
    const costs = new Float64Array(
      labels.map((y) =>
        opts.balanced ? (opts.C * labels.length) / (nClasses * (counts[y] as number)) : opts.C,
      ),
    );
    const { w, b } = trainBinary(packed, positive, costs, dim, { ...opts, seed: opts.seed + c });
    for (let f = 0; f < dim; f++) weights[f * nClasses + c] = w[f] as number;
    bias[c] = b;
  }
  return { nClasses, weights, bias };
}

export function scores(model: LinearModel, doc: SparseVector): Float64Array {
  const { nClasses, weights } = model;
  const out = Float64Array.from(model.bias);
  for (let k = 0; k < doc.indices.length; k++) {
    const base = (doc.indices[k] as number) * nClasses;
    const v = doc.values[k] as number;
    for (let c = 0; c < nClasses; c++) out[c]! += (weights[base + c] as number) * v;
  }
  return out;
}
