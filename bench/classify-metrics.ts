/** Scores of a classifier on labelled messages, shared by bench/classify and bench/classify-cv. */
import { type Classifier, LABELS } from '../src/text/classify.js';
import type { LabelledMessage } from '../src/text/train.js';

/** Token-set Jaccard above which a train_tokens row counts as a copy of a held-out message. */
export const NEAR_DUPLICATE = 0.5;

export const nClasses = LABELS.length;

export const labelIndex = (label: string) => (LABELS as readonly string[]).indexOf(label);
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function confusionMatrix(gold: number[], predicted: number[]): number[][] {
  const matrix = LABELS.map(() => new Array<number>(nClasses).fill(0));
  gold.forEach((g, i) => matrix[g]![predicted[i] as number]!++);
  return matrix;
}

export function perClass(matrix: number[][]): ClassScores[] {
  return matrix.map((row, c) => {
    const tp = row[c] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, r) => a + (r[c] as number), 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

export const macroF1 = (scores: ClassScores[]) => scores.reduce((a, s) => a + s.f1, 0) / scores.length;

/** Expected calibration error of the top-1 confidence over equal-width bins. */
export function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 15): number {
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const correctSum = new Array<number>(bins).fill(0);
  confidences.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    confidenceSum[b]! += p;
    if (correct[i]) correctSum[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) ece += Math.abs((confidenceSum[b] as number) - (correctSum[b] as number));
  return ece / confidences.length;
}

/** train_tokens rows whose content-word set nearly equals that of some held-out message. */
export function nearDuplicates(heldOut: string[][], corpus: string[][]): Set<number> {
  const corpusSets = corpus.map((tokens) => new Set(tokens));
  const postings = new Map<string, number[]>();
  corpusSets.forEach((set, i) => {
    for (const token of set) (postings.get(token) ?? postings.set(token, []).get(token)!).push(i);
  });
  const found = new Set<number>();
  for (const tokens of heldOut) {
    const set = new Set(tokens);
    const shared = new Map<number, number>();
    for (const token of set)
      for (const i of postings.get(token) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const [i, n] of shared) {
      if (n / (set.size + (corpusSets[i] as Set<string>).size - n) >= NEAR_DUPLICATE) found.add(i);
    }
  }
  return found;
}

export function evaluate(classifier: Classifier, messages: LabelledMessage[]) {
  const gold = messages.map((m) => labelIndex(m.label));
  const top = messages.map((m) => classifier.predict(m.title, m.body, 1)[0]!);
  const predicted = top.map((p) => labelIndex(p.label));
  const matrix = confusionMatrix(gold, predicted);
  const scores = perClass(matrix);
  const ece = expectedCalibrationError(
    top.map((p) => p.confidence),
    predicted.map((p, i) => p === gold[i]),
  );
  return { matrix, scores, macroF1: macroF1(scores), ece };
}

/** Of the messages whose top confidence is above each threshold: the share rightly classified, and their share. */
export function aboveThreshold(confidences: number[], correct: boolean[], threshold: number) {
  const sent = confidences.map((c, i) => ({ c, i })).filter(({ c }) => c > threshold);
  return {
    precision: sent.length ? sent.filter(({ i }) => correct[i]).length / sent.length : NaN,
    coverage: sent.length / confidences.length,
  };
}
