import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  effectiveAttributes,
  parseAttributeFields,
  validateAttributes,
  type AttributeDefinition,
} from './attributes.js';
import { Open311Error, type Pair } from './params.js';

const def = (over: Partial<AttributeDefinition> & Pick<AttributeDefinition, 'code' | 'datatype'>) => ({
  variable: true,
  required: false,
  datatype_description: null,
  order: null,
  description: null,
  values: [],
  ...over,
});

/** A list attribute's values: each key with its name. */
const choices = (named: Record<string, string>) =>
  Object.entries(named).map(([key, name]) => ({ key, name }));

const LIGHT = [
  def({ code: 'pole', datatype: 'string', required: true }),
  def({ code: 'height', datatype: 'number' }),
  def({ code: 'seen_at', datatype: 'datetime' }),
  def({ code: 'kind', datatype: 'singlevaluelist', values: choices({ out: '不亮', blink: '闪烁' }) }),
  def({ code: 'when', datatype: 'multivaluelist', values: choices({ day: '白天', night: '夜间' }) }),
  def({ code: 'note', datatype: 'text', variable: false, required: false }),
];

function refused(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Open311Error);
    assert.equal(err.status, 400);
    assert.match(err.descriptions.join(' | '), pattern);
    return true;
  });
}

describe('parseAttributeFields', () => {
  test('reads attribute[code] and attribute[code][] and ignores other fields', () => {
    const pairs: Pair[] = [
      ['service_code', '010201'],
      ['attribute[pole]', 'A-12'],
      ['attribute[when][]', 'day'],
      ['attribute[when][]', 'night'],
      ['attribute[height]', ''],
      ['attributes_extra', 'x'.slice(0, 0)],
    ];
    // `attributes_extra` starts with "attribute" and is not of the form attribute[code]: refused.
    refused(() => parseAttributeFields(pairs), /malformed attribute field name: attributes_extra/);
    const raw = parseAttributeFields(pairs.slice(0, 5));
    assert.deepEqual(raw.get('pole'), { values: ['A-12'], list: false });
    assert.deepEqual(raw.get('when'), { values: ['day', 'night'], list: true });
    assert.deepEqual(raw.get('height'), { values: [], list: false });
  });

  for (const bad of [
    'attribute',
    'attribute[',
    'attribute[]',
    'attribute[a][b]',
    'attribute[a]x',
    'attribute[a][]x',
    'attribute[a[b]]',
    'attribute]a[',
    'attribute[]a',
  ]) {
    test(`refuses the malformed name ${bad}`, () => {
      refused(() => parseAttributeFields([[bad, '1']]), /malformed attribute field name/);
    });
  }
});

describe('validateAttributes', () => {
  /** Attribute fields as a form sends them: attribute[code] for a value, attribute[code][] for each of a list. */
  const fields = (values: Record<string, string | string[]>) =>
    parseAttributeFields(
      Object.entries(values).flatMap(([code, v]): Pair[] =>
        Array.isArray(v) ? v.map((x) => [`attribute[${code}][]`, x]) : [[`attribute[${code}]`, v]],
      ),
    );

  test('accepts valid values and stores them normalised', () => {
    const stored = validateAttributes(
      LIGHT,
      fields({
        pole: 'A-12',
        height: '7.5',
        seen_at: '2024-05-01T20:30:00+08:00',
        kind: 'blink',
        when: ['night', 'day', 'night'],
        unknown: 'ignored',
        note: 'informational only',
      }),
    );
    assert.deepEqual(stored, {
      pole: 'A-12',
      height: '7.5',
      seen_at: '2024-05-01T12:30:00.000Z',
      kind: 'blink',
      when: ['night', 'day'],
    });
  });

  test('a multivaluelist may also come as one comma-separated field', () => {
    const stored = validateAttributes(LIGHT, fields({ pole: 'A', when: 'day,night' }));
    assert.deepEqual(stored.when, ['day', 'night']);
  });

  test('a required attribute missing or empty is refused', () => {
    refused(() => validateAttributes(LIGHT, fields({})), /attribute\[pole\]: required/);
    refused(() => validateAttributes(LIGHT, fields({ pole: '  ' })), /attribute\[pole\]: required/);
  });

  test('bad values are refused, all problems listed at once', () => {
    refused(
      () =>
        validateAttributes(
          LIGHT,
          fields({ height: 'tall', seen_at: '2024-05-01 20:30', kind: 'broken', when: ['dusk'] }),
        ),
      /pole\]: required.*height\]: not a number.*seen_at\]: not an ISO 8601.*kind\]: not one of out, blink.*when\]: not among day, night: dusk/,
    );
  });

  test('a single-valued attribute given two different values is refused', () => {
    refused(
      () => validateAttributes(LIGHT, fields({ pole: 'A', kind: ['out', 'blink'] })),
      /kind\]: takes one value/,
    );
  });

  test('over-long values are refused', () => {
    refused(() => validateAttributes(LIGHT, fields({ pole: 'x'.repeat(501) })), /pole\]: longer than 500/);
  });
});

describe('effectiveAttributes', () => {
  test('a child overrides its parent by code; sorted by order, unordered last', () => {
    const parent = [def({ code: 'b', datatype: 'string', order: 2 }), def({ code: 'z', datatype: 'string' })];
    const child = [
      def({ code: 'b', datatype: 'text', order: 2, required: true }),
      def({ code: 'a', datatype: 'number', order: 1 }),
    ];
    const eff = effectiveAttributes([parent, child]);
    assert.deepEqual(
      eff.map((a) => [a.code, a.datatype]),
      [
        ['a', 'number'],
        ['b', 'text'],
        ['z', 'string'],
      ],
    );
  });
});
