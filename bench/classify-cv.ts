/**
 * bench/classify-cv: the classifier judged by stratified 5-fold cross-validation on all 2,361 messages of
 * train.csv (identical texts kept in one fold), each fold trained on the other four plus train_tokens.csv minus the
 * near-copies of the fold's messages. Prints macro-F1 and ECE per fold with their mean ± standard deviation, and
 * auto-dispatch's view of the pooled held-out predictions: precision and coverage above each confidence threshold.
 * BENCH_CV_VARIANTS=1 also cross-validates the settings beside the shipped ones (what chose them).
 */
import { readFileSync } from 'node:fs';
import { createClassifier } from '../src/text/classify.js';
import { messageText, messageTokens } from '../src/text/features.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  deriveStopwords,
  parseLabelledMessages,
  parseTokenisedMessages,
  stratifiedFolds,
  textKey,
  trainClassifier,
  type TrainOptions,
} from '../src/text/train.js';
import { aboveThreshold, evaluate, labelIndex, nearDuplicates } from './classify-metrics.js';

const DATA_DIR = process.env.BANSHI_TIPDM_DIR ?? new URL('../../shared/data/tipdm', import.meta.url).pathname;
const K = 5;
const SEED = 12345;
const THRESHOLDS = [0.5, 0.8, 0.9, 0.95];

const messages = parseLabelledMessages(readFileSync(`${DATA_DIR}/train.csv`, 'utf8'));
const tokenised = parseTokenisedMessages(readFileSync(`${DATA_DIR}/train_tokens.csv`, 'utf8'));
const folds = stratifiedFolds(
  messages.map((m) => m.label),
  K,
  SEED,
  messages.map((m) => textKey(m.title, m.body)),
);
const tokenVocabulary = new Set(tokenised.flatMap((t) => t.tokens));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const f4 = (x: number) => x.toFixed(4);

function crossValidate(name: string, opts: TrainOptions) {
  const f1s: number[] = [];
  const eces: number[] = [];
  const confidences: number[] = [];
  const correct: boolean[] = [];
  const started = performance.now();
  for (let f = 0; f < K; f++) {
    const train = messages.filter((_, i) => folds[i] !== f);
    const test = messages.filter((_, i) => folds[i] === f);
    const stopwords = deriveStopwords(
      train.map((m) => messageText(m.title, m.body)),
      tokenVocabulary,
    );
    const stop = new Set(stopwords);
    const copies = nearDuplicates(
      test.map((m) => messageTokens(m.title, m.body, stop, Infinity)),
      tokenised.map((t) => t.tokens.filter((w) => !stop.has(w))),
    );
    const classifier = createClassifier(
      trainClassifier(
        train,
        tokenised.filter((_, i) => !copies.has(i)),
        stopwords,
        opts,
      ),
    );
    const scores = evaluate(classifier, test);
    f1s.push(scores.macroF1);
    eces.push(scores.ece);
    for (const m of test) {
      const top = classifier.predict(m.title, m.body, 1)[0]!;
      confidences.push(top.confidence);
      correct.push(labelIndex(top.label) === labelIndex(m.label));
    }
  }
  console.log(
    `  ${name.padEnd(28)} macro-F1 ${f4(mean(f1s))} ± ${f4(sd(f1s))} (folds ${f1s.map(f4).join(' ')}), ` +
      `ECE ${f4(mean(eces))} ± ${f4(sd(eces))}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(
    `    auto-dispatch (pooled held-out): ${THRESHOLDS.map((t) => {
      const a = aboveThreshold(confidences, correct, t);
      return `>${t}: ${(100 * a.precision).toFixed(1)} % right of ${(100 * a.coverage).toFixed(1)} %`;
    }).join(' · ')}`,
  );
  return mean(f1s);
}

console.log(
  `classify, ${K}-fold cross-validation: ${messages.length} messages of train.csv, + ${tokenised.length} train_tokens rows`,
);
crossValidate('shipped settings', DEFAULT_TRAIN_OPTIONS);
if (process.env.BENCH_CV_VARIANTS) {
  const d = DEFAULT_TRAIN_OPTIONS;
  crossValidate('C = 1', { ...d, svm: { ...d.svm, C: 1 } });
  crossValidate('C = 4', { ...d, svm: { ...d.svm, C: 4 } });
  crossValidate('char n-grams 1–3', { ...d, features: { ...d.features, charNgrams: [1, 2, 3] } });
}
