import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { checkLink, readLink, signLink } from './link-token.js';

const mac = (input: string) => crypto.createHmac('sha256', 'k').update(input).digest('base64url');
const claims = {
  jurisdictionId: 'xiangcheng',
  requestId: 12345,
  expiresAt: new Date('2026-12-14T00:00:00Z'),
};
const binding = { phoneHash: 'hash-a', repliedAt: new Date('2026-12-07T03:00:00Z') };
const before = new Date('2026-12-10T00:00:00Z');
const token = signLink(mac, claims, binding);

test('a token is short and reads back its claims', () => {
  assert.ok(token.length < 45, token);
  const read = readLink(token)!;
  assert.deepEqual({ ...read, mac: undefined }, { ...claims, mac: undefined });
  assert.equal(checkLink(mac, read, binding, before), 'ok');
});

test('after its expiry it is expired', () => {
  assert.equal(checkLink(mac, readLink(token)!, binding, claims.expiresAt), 'expired');
});

test('another phone, another reply, another key or no binding: invalid', () => {
  const read = readLink(token)!;
  assert.equal(checkLink(mac, read, { ...binding, phoneHash: 'hash-b' }, before), 'invalid');
  assert.equal(checkLink(mac, read, { ...binding, repliedAt: new Date() }, before), 'invalid');
  const other = (i: string) => crypto.createHmac('sha256', 'other').update(i).digest('base64url');
  assert.equal(checkLink(other, read, binding, before), 'invalid');
  assert.equal(checkLink(mac, read, null, before), 'invalid');
});

test('a tampered id, expiry or MAC does not verify', () => {
  const [j, id, exp, m] = token.split('.') as [string, string, string, string];
  const tampered = [
    [j, (12346).toString(36), exp, m],
    [j, id, (parseInt(exp, 36) + 86_400).toString(36), m],
    [j, id, exp, (m[0] === 'A' ? 'B' : 'A') + m.slice(1)],
    ['other', id, exp, m],
  ];
  for (const t of tampered) {
    const read = readLink(t.join('.'));
    assert.ok(read);
    assert.equal(checkLink(mac, read, binding, before), 'invalid', t.join('.'));
  }
});

test('what is not a token reads as null', () => {
  for (const t of [
    '',
    'abc',
    `${token}.x`,
    token.slice(0, -1),
    'a.b.c.d',
    `X Y.${token}`,
    'a.zzzzzzzzzzzzz.1.AAAAAAAAAAAAAAAA',
  ])
    assert.equal(readLink(t), null, t);
});
