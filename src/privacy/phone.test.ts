import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPhone, knownPhone, parsePhone, type PhoneProblem } from './phone.js';

const ok = (input: string, canonical: string, kinds?: Parameters<typeof parsePhone>[1]) =>
  assert.equal(canonicalPhone(input, kinds), canonical, `${JSON.stringify(input)} → ${canonical}`);
const refused = (input: string, problem: PhoneProblem, kinds?: Parameters<typeof parsePhone>[1]) =>
  assert.deepEqual(parsePhone(input, kinds), { ok: false, problem }, JSON.stringify(input));

test('a mobile as people type it is its 11 digits, as stored before', () => {
  for (const s of [
    '13800000000',
    '138-0000-0000',
    '138 0000 0000',
    '138.0000.0000',
    ' 138 0000 0000 ',
    '+86 138 0000 0000',
    '+86-138-0000-0000',
    '+8613800000000',
    '008613800000000',
    '0086 138 0000 0000',
    '8613800000000',
    '１３８００００００００',
    '＋８６ １３８－００００－００００',
    '138\u30000000\u30000000',
  ])
    ok(s, '13800000000');
  assert.deepEqual(parsePhone('19912345678'), {
    ok: true,
    phone: { canonical: '19912345678', kind: 'mobile', extension: null },
  });
});

test('a fixed line keeps its area code with the leading 0', () => {
  ok('010-12345678', '01012345678');
  ok('01012345678', '01012345678');
  ok('(010) 1234 5678', '01012345678');
  ok('0512 6555 1234', '051265551234');
  ok('0512-6555-1234', '051265551234');
  ok('(0512)65551234', '051265551234');
  ok('+86 512 6555 1234', '051265551234');
  ok('０５１２－６５５５１２３４', '051265551234');
  ok('021-12345678', '02112345678');
  ok('0755 1234 5678', '075512345678');
});

test('400 and 800 numbers are service numbers', () => {
  ok('400-123-4567', '4001234567');
  ok('4001234567', '4001234567');
  ok('800 820 8820', '8008208820');
  const r = parsePhone('400 123 4567');
  assert.ok(r.ok && r.phone.kind === 'service');
});

test('an extension follows a dash, however it was written', () => {
  for (const s of [
    '0512-65551234 转 123',
    '0512-65551234转123',
    '0512-65551234 分机123',
    '0512-65551234 ext. 123',
    '0512-65551234 EXT 123',
    '0512-65551234 x123',
    '0512-65551234#123',
    '0512-65551234-123',
    '0512 6555 1234 - 123',
    '０５１２－６５５５１２３４转１２３',
  ])
    ok(s, '051265551234-123');
  ok('400-123-4567 转 8', '4001234567-8');
  const r = parsePhone('010-12345678 ext. 9');
  assert.deepEqual(r, { ok: true, phone: { canonical: '01012345678-9', kind: 'fixed', extension: '9' } });
});

test('letters, words and signs are refused as characters', () => {
  for (const s of [
    'abc',
    '1380000000测试',
    '测试13800000000',
    '138@0000.0000',
    '13800000000!',
    'tel:13800000000',
  ])
    refused(s, 'characters');
});

test('digits that make no number here are refused', () => {
  for (const s of [
    '12',
    '1380000000',
    '138000000000',
    '12800000000',
    '65551234',
    '0101234567',
    '110',
    '95588',
    '+1 202 555 0100',
    '+44 20 7946 0958',
    '0512-65551234-1234567',
    '1'.repeat(41),
    '()',
    '+',
  ])
    refused(s, 'number');
  refused('', 'empty');
  refused('   ', 'empty');
  refused('\u3000', 'empty');
});

test('a mobile takes no extension', () => {
  refused('13800000000 转 12', 'extension');
  refused('13800000000 ext. 12', 'extension');
  refused('13800000000-12', 'number');
});

test('a field may take mobiles only', () => {
  ok('+86 138 0000 0000', '13800000000', ['mobile']);
  refused('010-12345678', 'kind', ['mobile']);
  refused('400-123-4567', 'kind', ['mobile']);
});

test('the canonical form is a fixed point', () => {
  for (const s of ['13800000000', '01012345678', '051265551234', '4001234567', '051265551234-123'])
    assert.equal(canonicalPhone(s), s);
});

test('storage takes only numbers already accepted', () => {
  assert.equal(knownPhone('+86 138 0000 0000'), '13800000000');
  assert.throws(() => knownPhone('12'), TypeError);
});
