// Throughput of normalise() on short texts: TipDM titles and body snippets (Simplified), the same
// converted to Traditional, and lines of the pinyin-corrupted seed reports, plus a few with
// full-width characters and invisible characters. Run: npx tsx bench/normalise.ts
import { readFileSync } from 'node:fs';
import OpenCC from 'opencc-js';
import { readCsvObjects } from '../src/text/csv.js';
import { normalise } from '../src/text/normalise.js';

const TARGET = 100_000;
const data = (path: string) => readFileSync(new URL(`../../shared/data/${path}`, import.meta.url), 'utf8');

let cuts = 0;
/** Cuts a text into up to `max` pieces of 20–120 characters (lengths vary pseudo-randomly). */
function snippets(text: string, max = 3): string[] {
  const pieces: string[] = [];
  for (let start = 0; start + 20 <= text.length && pieces.length < max;) {
    const length = 20 + ((cuts++ * 37) % 101);
    pieces.push(text.slice(start, start + length));
    start += length;
  }
  return pieces;
}

const simplified = readCsvObjects(data('tipdm/train.csv')).flatMap(({ title = '', body = '' }) => [
  ...(title.length >= 20 ? [title] : []),
  ...snippets(body),
]);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
const traditional = simplified.filter((_, i) => i % 10 === 0).map((text) => toTraditional(text));
const corrupted = ['seeds/000_00e2e018f71a1877.txt', 'seeds/001_29903c7782596b03.txt'].flatMap((path) =>
  data(path)
    .split('\n')
    .flatMap((line) => snippets(line, Infinity)),
);
const messy = simplified
  .filter((_, i) => i % 20 === 0)
  .map(
    (text) =>
      `\u3000${text.replace(/，/g, '\u200b，').replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))} \r\n`,
  );
const texts = [...simplified, ...traditional, ...corrupted, ...messy];

/** Texts per second for `fn` over all samples, best of a few rounds after a warm-up. */
function throughput(fn: (text: string) => string): number {
  let best = 0;
  let sink = 0; // uses every result, so none of the work can be optimised away
  for (let round = 0; round < 6; round++) {
    const started = performance.now();
    for (const text of texts) sink += fn(text).length;
    const perSecond = texts.length / ((performance.now() - started) / 1000);
    if (round > 0) best = Math.max(best, perSecond);
  }
  if (sink === 0) throw new Error('no output');
  return Math.round(best);
}

const averageLength = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
console.log(
  `samples: ${texts.length} (simplified ${simplified.length}, traditional ${traditional.length}, ` +
    `pinyin-corrupted ${corrupted.length}, messy ${messy.length}), average ${averageLength} chars`,
);
// Reference: the converter alone on every text — the cost normalise() skips for texts that
// contain no convertible character.
const converter = OpenCC.Converter({ from: 't', to: 'cn' });
console.log(`opencc t2s on every text: ${throughput(converter)} texts/s`);
const result = throughput(normalise);
console.log(`normalise: ${result} texts/s (target >= ${TARGET})`);
if (result < TARGET) process.exitCode = 1;
