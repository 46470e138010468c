/**
 * Trains the shipped message classifier on all of train.csv and train_tokens.csv, plus optional
 * dispatcher corrections ({title, body, label} JSON lines), and writes the binary model.
 *
 *   npx tsx scripts/train-classifier.ts [--out data/model/classifier.bin] [--corrections FILE.jsonl]
 *
 * The data folder defaults to the shipped copy in data/text/tipdm (override with BANSHI_TIPDM_DIR).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, encodeModel, LABELS } from '../src/text/classify.js';
import { messageText } from '../src/text/features.js';
import { normalise } from '../src/text/normalise.js';
import {
  deriveStopwords,
  parseLabelledMessages,
  parseTokenisedMessages,
  trainClassifier,
  type LabelledMessage,
} from '../src/text/train.js';

const DATA_DIR = process.env.BANSHI_TIPDM_DIR ?? new URL('../data/text/tipdm', import.meta.url).pathname;

const isLabel = (x: unknown): x is string => (LABELS as readonly unknown[]).includes(x);

function readCorrections(path: string): LabelledMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      const { title = '', body = '', label } = JSON.parse(line) as Partial<LabelledMessage>;
      if (!isLabel(label)) throw new Error(`${path}:${i + 1}: bad label ${label}`);
      return [{ title: normalise(title), body: normalise(body), label }];
    });
}

const { values } = parseArgs({
  options: { out: { type: 'string' }, corrections: { type: 'string' } },
});
const started = performance.now();
const messages = [
  ...parseLabelledMessages(readFileSync(`${DATA_DIR}/train.csv`, 'utf8')),
  ...(values.corrections ? readCorrections(values.corrections) : []),
];
const tokenised = parseTokenisedMessages(readFileSync(`${DATA_DIR}/train_tokens.csv`, 'utf8'));
const stopwords = deriveStopwords(
  messages.map((m) => messageText(m.title, m.body)),
  new Set(tokenised.flatMap((t) => t.tokens)),
);
const model = trainClassifier(messages, tokenised, stopwords);
const out = values.out ?? fileURLToPath(DEFAULT_MODEL_PATH);
const bytes = encodeModel(model);
writeFileSync(out, bytes);
console.log(
  `trained on ${messages.length} messages + ${tokenised.length} token rows (${stopwords.length} stopwords, ` +
    `temperature ${model.temperature.toFixed(3)}) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `wrote ${(bytes.length / 1e6).toFixed(1)} MB to ${out}`,
);
