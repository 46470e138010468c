import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isoInZone, Open311Error, Params, parseForm, parseIsoDateTime } from './params.js';
import { toXml } from './xml.js';

describe('parseIsoDateTime', () => {
  const ok: [string, string][] = [
    ['2024-05-01T08:15:30Z', '2024-05-01T08:15:30.000Z'],
    ['2024-05-01T08:15:30+08:00', '2024-05-01T00:15:30.000Z'],
    ['2024-05-01T08:15:30-0500', '2024-05-01T13:15:30.000Z'],
    ['2024-05-01T08:15+08', '2024-05-01T00:15:00.000Z'],
    ['2024-05-01T08:15:30.123456Z', '2024-05-01T08:15:30.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // `+` arrived as a space (not percent-encoded in a query string)
    ['2024-05-01T08:15:30 08:00', '2024-05-01T00:15:30.000Z'],
  ];
  for (const [input, iso] of ok)
    test(`reads ${input}`, () => assert.equal(parseIsoDateTime(input)?.toISOString(), iso));

  for (const bad of [
    'garbage',
    '2024-05-01',
    '2024-05-01T08:15:30',
    '2024-05-01 08:15:30Z',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T23:60:00Z',
    '2024-05-01T23:59:60Z',
    '2024-05-01T00:00:00+15:00',
    '1714550400',
    '',
  ])
    test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseIsoDateTime(bad), null));
});

describe('isoInZone', () => {
  test('writes the local time with its offset', () => {
    const d = new Date('2024-05-01T00:15:30.500Z');
    assert.equal(isoInZone(d, 'Asia/Shanghai'), '2024-05-01T08:15:30+08:00');
    assert.equal(isoInZone(d, 'UTC'), '2024-05-01T00:15:30+00:00');
    assert.equal(
      parseIsoDateTime(isoInZone(d, 'America/New_York'))?.getTime(),
      Date.parse('2024-05-01T00:15:30Z'),
    );
  });
});

describe('parseForm and Params', () => {
  test('decodes + and %XX, keeps order and repeats', () => {
    assert.deepEqual(parseForm('a=1+2&b=%E8%B7%AF%E7%81%AF&a=3&empty=&flag'), [
      ['a', '1 2'],
      ['b', '路灯'],
      ['a', '3'],
      ['empty', ''],
      ['flag', ''],
    ]);
  });

  test('refuses malformed percent-encoding and invalid UTF-8', () => {
    assert.throws(() => parseForm('a=%E8%B7'), Open311Error);
    assert.throws(() => parseForm('a=%zz'), Open311Error);
    assert.throws(() => parseForm(Buffer.from([0x61, 0x3d, 0xff])), Open311Error);
  });

  test('an empty optional parameter is absent; two different values are refused', () => {
    const p = new Params(parseForm('x=&y=1&y=1&z=1&z=2'));
    assert.equal(p.get('x'), undefined);
    assert.equal(p.get('y'), '1');
    assert.throws(() => p.get('z'), Open311Error);
  });

  test('lists are comma-separated or repeated', () => {
    const p = new Params(parseForm('status=open,closed&status=open'));
    assert.deepEqual(p.list('status'), ['open', 'closed']);
  });

  test('numbers are strict', () => {
    const p = new Params(parseForm('a=31.5&b=1e3&c=12abc&d=0x10'));
    assert.equal(p.number('a'), 31.5);
    assert.equal(p.number('b'), 1000);
    assert.throws(() => p.number('c'), Open311Error);
    assert.throws(() => p.number('d'), Open311Error);
    assert.throws(() => p.number('a', { max: 30 }), Open311Error);
  });

  test('body values win over the query string', () => {
    const p = Params.merge(
      [['a', 'body']],
      [
        ['a', 'query'],
        ['b', 'query'],
      ],
    );
    assert.equal(p.get('a'), 'body');
    assert.equal(p.get('b'), 'query');
  });
});

describe('toXml', () => {
  test('escapes text, names list items, writes null as an empty element, drops invalid characters', () => {
    const xml = toXml('service_requests', [
      { service_request_id: '1', description: '<a & "b">\u0001', lat: 31.5, zipcode: null, ok: true },
    ]);
    assert.equal(
      xml,
      '<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>1</service_request_id>' +
        '<description>&lt;a &amp; &quot;b&quot;&gt;</description><lat>31.5</lat><zipcode/><ok>true</ok></request>' +
        '</service_requests>\n',
    );
  });

  test('an empty list is an empty element', () => {
    assert.equal(toXml('services', []), '<?xml version="1.0" encoding="UTF-8"?>\n<services/>\n');
  });
});
