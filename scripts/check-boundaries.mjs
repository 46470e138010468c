#!/usr/bin/env node
/**
 * The folder boundaries of src/, as `npm run lint` checks them: dependency-cruiser's rules
 * (.dependency-cruiser.cjs: no module cycles, pure modules do no I/O, low layers import no feature, no route
 * imports another feature's routes) and no cycle between folders. A folder is src/<name>/; each file at the
 * top of src/ is its own node. Type-only imports do not count for folder cycles (they vanish at run time: the
 * policies name the request actions' type). Exit status 1 on any violation.
 */
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');

const result = await cruise(['src'], {
  ...config.options,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
  outputType: 'json',
});
const { modules, summary } = JSON.parse(result.output);

const problems = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

const folderOf = (file) => {
  const m = /^src\/([^/]+)\//.exec(file);
  return m ? m[1] : file.startsWith('src/') ? file.slice(4) : null;
};
/** folder → folder → one example import. */
const edges = new Map();
for (const m of modules) {
  if (m.source.endsWith('.test.ts')) continue;
  const from = folderOf(m.source);
  for (const d of m.dependencies) {
    if (d.dependencyTypes.includes('type-only')) continue;
    const to = folderOf(d.resolved);
    if (!from || !to || from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components: a component of more than one folder is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component);
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);
for (const c of components) {
  const why = c.flatMap((a) =>
    c.filter((b) => edges.get(a)?.has(b)).map((b) => `    ${edges.get(a).get(b)}`),
  );
  problems.push(`folder cycle: ${c.sort().join(' ↔ ')}\n${why.join('\n')}`);
}

if (problems.length) {
  console.error(`boundaries: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`boundaries: ${modules.length} modules, ${edges.size} folders, no cycle, every rule kept`);
