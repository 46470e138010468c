import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_DEPTH, nestingDepth } from './json-body.js';

test('nestingDepth counts brackets of arrays and objects, not those inside strings', () => {
  assert.equal(nestingDepth('1'), 0);
  assert.equal(nestingDepth('{"a":[1,{"b":[]}]}'), 4);
  assert.equal(nestingDepth('{"a":"[[[[{{{{"}'), 1);
  assert.equal(nestingDepth('["\\"[[[", ["\\\\"]]'), 2);
  assert.equal(nestingDepth('['.repeat(100_000) + ']'.repeat(100_000)), 100_000);
});

test('nestingDepth agrees with the depth of any JSON value', () => {
  const depthOf = (v: unknown): number =>
    v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
      assert.equal(nestingDepth(JSON.stringify(v)), depthOf(v));
    }),
    { numRuns: 500 },
  );
  assert.ok(MAX_DEPTH >= 8);
});
