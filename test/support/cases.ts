/** Table-driven tests: a table of cases per rule, each case an input and what it should give. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';

export type Cases<I, O> = Record<string, readonly (readonly [I, O])[]>;

/**
 * One test a rule (named by it): `f(input)` is strictly deep-equal to what each of its cases expects; a failing
 * case is named by its input.
 */
export function testCases<I, O>(f: (input: I) => O, rules: Cases<I, O>): void {
  for (const [rule, cases] of Object.entries(rules))
    test(rule, () => {
      for (const [input, expected] of cases) assert.deepEqual(f(input), expected, inspect(input));
    });
}
