/**
 * Gradient-boosted regression trees, small and pure: squared loss, histogram splits over per-feature quantile
 * bins, depth-limited trees with L2-shrunk leaves, row subsampling from a seeded generator, and missing values
 * (NaN) sent to whichever side of a split fits them better. Enough for a few tens of thousands of rows and a
 * score of features, trained in a second or two.
 */
import { seededRandom } from '../../text/seeded-random.js';

export type GbtParams = {
  trees: number;
  depth: number;
  learningRate: number;
  /** Fewest rows in a leaf. */
  minLeaf: number;
  /** L2 penalty on leaf values (shrinks leaves with few rows toward 0). */
  lambda: number;
  /** Share of rows each tree sees. */
  subsample: number;
  bins: number;
  seed: number;
  /** Squared error, or absolute error (leaves at the median residual: what an MAE rewards). */
  loss: 'l2' | 'l1';
};

export const DEFAULT_GBT: GbtParams = {
  trees: 300,
  depth: 4,
  learningRate: 0.05,
  minLeaf: 40,
  lambda: 10,
  subsample: 0.8,
  bins: 48,
  seed: 1,
  loss: 'l2',
};

type Split = { feature: number; threshold: number; nanLeft: boolean; left: Node; right: Node };
type Node = { value: number } | Split;

export type GbtModel = { base: number; rate: number; trees: Node[] };

/** Upper edges of up to `bins` quantile bins of a feature's finite values. */
function edgesOf(values: Float64Array, bins: number): number[] {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = finite[Math.floor((b * finite.length) / bins)];
    if (v !== undefined && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v);
  }
  return edges;
}

/** Bin 0 holds NaN; bin k ≥ 1 holds values up to edges[k-1] (the last bin everything above). */
function binOf(v: number, edges: number[]): number {
  if (!Number.isFinite(v)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

export function trainGbt(x: Float64Array[], y: Float64Array, params: Partial<GbtParams> = {}): GbtModel {
  const p = { ...DEFAULT_GBT, ...params };
  const n = y.length;
  const nf = x.length;
  const edges = x.map((col) => edgesOf(col, p.bins));
  const binned = x.map((col, f) => Uint8Array.from(col, (v) => binOf(v, edges[f]!)));
  let base = 0;
  for (let i = 0; i < n; i++) base += y[i]!;
  base = n ? base / n : 0;
  if (p.loss === 'l1') base = median(Array.from(y));
  const pred = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const l1 = p.loss === 'l1';
  const random = seededRandom(p.seed);
  const trees: Node[] = [];
  const maxBins = Math.max(...edges.map((e) => e.length + 2));
  const sum = new Float64Array(maxBins);
  const count = new Float64Array(maxBins);

  const leafOf = (rows: Int32Array, g: number): Node => ({
    value: l1
      ? (p.learningRate * median(Array.from(rows, (i) => y[i]! - pred[i]!)) * rows.length) /
        (rows.length + p.lambda)
      : (p.learningRate * g) / (rows.length + p.lambda),
  });

  const build = (rows: Int32Array, depth: number): Node => {
    let g = 0;
    for (const i of rows) g += grad[i]!;
    if (depth === 0 || rows.length < 2 * p.minLeaf) return leafOf(rows, g);
    const parentScore = (g * g) / (rows.length + p.lambda);
    let best: { gain: number; feature: number; bin: number; nanLeft: boolean } | null = null;
    for (let f = 0; f < nf; f++) {
      const bins = binned[f]!;
      const nb = edges[f]!.length + 2;
      sum.fill(0, 0, nb);
      count.fill(0, 0, nb);
      for (const i of rows) {
        const b = bins[i]!;
        sum[b] = sum[b]! + grad[i]!;
        count[b] = count[b]! + 1;
      }
      const nanSum = sum[0]!;
      const nanCount = count[0]!;
      let ls = 0;
      let lc = 0;
      for (let b = 1; b < nb - 1; b++) {
        ls += sum[b]!;
        lc += count[b]!;
        for (const nanLeft of [true, false]) {
          const cl = lc + (nanLeft ? nanCount : 0);
          const sl = ls + (nanLeft ? nanSum : 0);
          const cr = rows.length - cl;
          if (cl < p.minLeaf || cr < p.minLeaf) continue;
          const sr = g - sl;
          const gain = (sl * sl) / (cl + p.lambda) + (sr * sr) / (cr + p.lambda) - parentScore;
          if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, nanLeft };
          if (nanCount === 0) break;
        }
      }
    }
    if (!best) return leafOf(rows, g);
    const bins = binned[best.feature]!;
    const goesLeft = (i: number) => (bins[i] === 0 ? best.nanLeft : bins[i]! <= best.bin);
    const left = rows.filter(goesLeft);
    const right = rows.filter((i) => !goesLeft(i));
    return {
      feature: best.feature,
      threshold: edges[best.feature]![best.bin - 1]!,
      nanLeft: best.nanLeft,
      left: build(left, depth - 1),
      right: build(right, depth - 1),
    };
  };

  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < n; i++) grad[i] = l1 ? Math.sign(y[i]! - pred[i]!) : y[i]! - pred[i]!;
    const chosen: number[] = [];
    for (let i = 0; i < n; i++) if (random() < p.subsample) chosen.push(i);
    const tree = build(Int32Array.from(chosen), p.depth);
    trees.push(tree);
    for (let i = 0; i < n; i++) pred[i] = pred[i]! + evalTree(tree, (f) => x[f]![i]!);
  }
  return { base, rate: p.learningRate, trees };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

function evalTree(node: Node, value: (f: number) => number): number {
  let n = node;
  while (!('value' in n)) {
    const v = value(n.feature);
    n = Number.isFinite(v) ? (v <= n.threshold ? n.left : n.right) : n.nanLeft ? n.left : n.right;
  }
  return n.value;
}

export function predictGbt(model: GbtModel, features: readonly number[]): number {
  let out = model.base;
  for (const tree of model.trees) out += evalTree(tree, (f) => features[f]!);
  return out;
}
