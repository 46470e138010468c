import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { AppError } from './errors.js';
import { invalidField, issueOf, parse } from './validate.js';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, { reportInput: true });
  assert.equal(r.success, false);
  return r.error!.issues.map(issueOf).map(({ message: _m, ...rest }) => rest);
};

describe('validation issues: a machine code and the figures a sentence names', () => {
  test('a missing field, or an empty text that must have one character, is required', () => {
    const s = z.object({ a: z.string(), b: z.string().trim().min(1), c: z.number().nullable() }).strict();
    assert.deepEqual(issuesOf(s, { b: '  ', c: undefined }), [
      { path: 'a', code: 'required' },
      { path: 'b', code: 'required' },
      { path: 'c', code: 'required' },
    ]);
  });

  test('lengths and sizes carry their limit and what was measured', () => {
    const s = z.object({
      password: z.string().min(8),
      name: z.string().max(3),
      n: z.number().min(2).max(5),
      list: z.array(z.string()).max(1),
      code: z.string().length(6),
    });
    assert.deepEqual(issuesOf(s, { password: 'short', name: 'long', n: 9, list: ['a', 'b'], code: '1' }), [
      { path: 'password', code: 'too_small', params: { minimum: 8, origin: 'string' } },
      { path: 'name', code: 'too_big', params: { maximum: 3, origin: 'string' } },
      { path: 'n', code: 'too_big', params: { maximum: 5, origin: 'number' } },
      { path: 'list', code: 'too_big', params: { maximum: 1, origin: 'array' } },
      { path: 'code', code: 'too_small', params: { minimum: 6, origin: 'string', exact: true } },
    ]);
  });

  test('patterns, formats, choices, types and unknown keys; nested paths are dotted', () => {
    const s = z
      .object({
        visitee: z.object({ phone: z.string().regex(/^\d+$/) }),
        on: z.iso.date(),
        kind: z.enum(['a', 'b']),
        n: z.number(),
      })
      .strict();
    assert.deepEqual(issuesOf(s, { visitee: { phone: 'x' }, on: 'soon', kind: 'c', n: 'one', extra: 1 }), [
      { path: 'visitee.phone', code: 'invalid_format', params: { format: 'regex' } },
      { path: 'on', code: 'invalid_format', params: { format: 'date' } },
      { path: 'kind', code: 'invalid_value', params: { values: ['a', 'b'] } },
      { path: 'n', code: 'invalid_type', params: { expected: 'number' } },
      { path: '', code: 'unrecognized_keys', params: { keys: ['extra'] } },
    ]);
  });

  test('a refinement is a field that is not valid, with its own message', () => {
    const s = z.object({ a: z.string() }).refine(() => false, { message: 'never', path: ['a'] });
    const r = s.safeParse({ a: 'x' });
    assert.deepEqual(issueOf(r.error!.issues[0]!), { path: 'a', code: 'invalid', message: 'never' });
  });

  test('parse throws validation_failed with the issues, text_too_long for a text over its limit', () => {
    assert.throws(
      () => parse(z.object({ username: z.string().regex(/^[a-z]+$/) }), { username: 'A' }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'validation_failed' &&
        (e.details as { issues: { code: string }[] }).issues[0]!.code === 'invalid_format',
    );
    assert.throws(
      () => parse(z.object({ t: z.string().max(1) }), { t: 'ab' }),
      (e: unknown) => e instanceof AppError && e.code === 'text_too_long',
    );
  });

  test('invalidField names one field with a code of its own', () => {
    const e = invalidField('visited_at', 'in_future', 'in the future');
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(e.details, {
      issues: [{ path: 'visited_at', code: 'in_future', message: 'in the future' }],
    });
  });
});
