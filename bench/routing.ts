/**
 * bench/routing: routing by the finest category against the department a dispatcher would choose, on the 400
 * demo messages labelled by hand in bench/data/routing-labels.jsonl (see routing-labels.md). Prints the
 * department accuracy and, for auto-dispatch, its precision and coverage at each threshold — by the 一级 label's
 * default department (how banshi routed before) and by the finest category (text/fine-route.ts), with the
 * settings beside the chosen ones. The keywords (data/demo/category-keywords.json) were written before the
 * labels were read.
 */
import fs from 'node:fs';
import { readCategoryKeywords, shippedSnapshot } from '../src/demo/reference.js';
import { LABELS } from '../src/text/classify.js';
import { DEFAULT_SHARE, fineRoute, HIT_WEIGHT, LEVEL1_FLOOR } from '../src/text/fine-route.js';
import { normalise } from '../src/text/normalise.js';
import { routeCategory, sharedClassifier } from '../src/text/suggest.js';

type Label = { line: number; title: string; department: string; level1: string };
const labels = fs
  .readFileSync(new URL('./data/routing-labels.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Label);
const messages = fs
  .readFileSync(new URL('../data/demo/messages.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { title: string; body: string });

const ref = shippedSnapshot();
const classifier = sharedClassifier();
const cases = labels.map((l) => {
  const m = messages[l.line - 1]!;
  const [title, body] = [normalise(m.title), normalise(m.body)];
  const predictions = classifier.predict(title, body, LABELS.length);
  const level1 = predictions.map((p) => ({
    name: p.label,
    code: ref.level1ByName.get(p.label)?.code ?? null,
    confidence: p.confidence,
  }));
  return { label: l, title, body, level1 };
});

type Routed = { department: string | null; confidence: number };
function report(name: string, routed: Routed[]) {
  const right = routed.filter((r, i) => r.department === cases[i]!.label.department).length;
  const rows = [0.5, 0.7, 0.8, 0.9, 0.95].map((t) => {
    const sent = routed.map((r, i) => ({ r, i })).filter(({ r }) => r.confidence > t);
    const ok = sent.filter(({ r, i }) => r.department === cases[i]!.label.department).length;
    return `>${t}: ${pct(ok, sent.length)} right of ${pct(sent.length, routed.length)} sent`;
  });
  console.log(`  ${name.padEnd(44)} department right ${pct(right, routed.length)}`);
  console.log(`    auto-dispatch precision / coverage  ${rows.join(' · ')}`);
  return right / routed.length;
}
const pct = (a: number, b: number) => `${b ? ((100 * a) / b).toFixed(1) : '—'} %`;

const byLevel1 = cases.map((c) => ({
  department: routeCategory(ref, c.level1[0]!.name, null).department_code,
  confidence: c.level1[0]!.confidence,
}));
const byFine = (hitWeight: number, floor: number, defaultShare = DEFAULT_SHARE) =>
  cases.map((c) => {
    const r = fineRoute({
      title: c.title,
      body: c.body,
      level1: c.level1,
      categories: ref.keywordCategories,
      level1Route: (n) => routeCategory(ref, n, null),
      localOffice: () => null,
      hitWeight,
      floor,
      defaultShare,
    });
    return { department: r.department_code, confidence: r.department_confidence };
  });

const level1Right = cases.filter((c) => c.level1[0]!.name === c.label.level1).length;
console.log(
  `routing: ${cases.length} labelled messages, ${readCategoryKeywords().size} categories with keywords; ` +
    `the classifier's 一级 label is the labelled one for ${pct(level1Right, cases.length)} ` +
    `(${cases.filter((c) => !(LABELS as readonly string[]).includes(c.label.level1)).length} are of 一级 categories it does not know)`,
);
report('一级 label → its default department (before)', byLevel1);
report(
  `finest category (hit weight ${HIT_WEIGHT}, floor ${LEVEL1_FLOOR}, default share ${DEFAULT_SHARE})`,
  byFine(HIT_WEIGHT, LEVEL1_FLOOR),
);
console.log('  other settings:');
for (const [w, f, d] of [
  [2.5, 0.05, 1],
  [2.5, 0.05, 0.8],
  [2.5, 0.05, 0.4],
  [1.5, 0.05, 0.6],
  [3.5, 0.05, 0.6],
  [2.5, 0.01, 0.6],
  [2.5, 0.2, 0.6],
] as const)
  report(`hit weight ${w}, floor ${f}, default share ${d}`, byFine(w, f, d));
