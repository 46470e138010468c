import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMAT_LABELS, FORMATS_OF_KIND, formatFitsKind } from './formats.js';
import { SESSION_FORMATS, SESSION_KINDS } from './schema.js';

test('every format is a format of some kind, with a label; study formats are not lectures and back', () => {
  for (const f of SESSION_FORMATS) {
    assert.ok(
      SESSION_KINDS.some((k) => formatFitsKind(k, f)),
      f,
    );
    assert.ok(FORMAT_LABELS[f], f);
  }
  const table: [string, string, boolean][] = [
    ['lecture', 'teahouse', true],
    ['lecture', 'central', true],
    ['lecture', 'three_one', false],
    ['study', 'three_one', true],
    ['study', 'party_day', true],
    ['study', 'teahouse', false],
    ['study', 'onsite', true],
    ['lecture', 'online', true],
  ];
  for (const [kind, format, fits] of table)
    assert.equal(formatFitsKind(kind as 'lecture', format as 'central'), fits, `${kind} ${format}`);
  assert.deepEqual(Object.keys(FORMATS_OF_KIND).sort(), [...SESSION_KINDS].sort());
});
