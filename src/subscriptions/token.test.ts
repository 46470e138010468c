import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { checkSubscriptionLink, signSubscriptionLink, type SubscriptionClaims } from './token.js';

const mac = (input: string) => crypto.createHmac('sha256', 'k').update(input).digest('base64url');
const claims: SubscriptionClaims = {
  purpose: 'confirm',
  jurisdictionId: 'xiangcheng',
  subscriptionId: 4321,
  seq: 2,
  expiresAt: new Date('2026-12-14T00:00:00Z'),
};
const now = new Date('2026-12-10T00:00:00Z');
const token = signSubscriptionLink(mac, claims);

test('a token reads back its claims', () => {
  assert.ok(token.length < 60, token);
  assert.deepEqual(checkSubscriptionLink(mac, token, 'confirm', now), { ok: true, claims });
});

test('expired at its expiry', () => {
  assert.deepEqual(checkSubscriptionLink(mac, token, 'confirm', claims.expiresAt), {
    ok: false,
    reason: 'expired',
  });
});

test('tampered, for the other purpose, under another key or not a token at all: invalid', () => {
  const invalid = { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  const swap = (i: number, v: string) => parts.map((p, j) => (j === i ? v : p)).join('.');
  for (const t of [
    swap(2, (4322).toString(36)),
    swap(3, '3'),
    swap(4, (parseInt(parts[4]!, 36) + 86_400).toString(36)),
    swap(1, 'other'),
    swap(5, `${parts[5]!.slice(0, -1)}${parts[5]!.endsWith('A') ? 'B' : 'A'}`),
    swap(0, 'u'),
    '',
    'x'.repeat(200),
    `${token}.`,
  ])
    assert.deepEqual(checkSubscriptionLink(mac, t, 'confirm', now), invalid, t);
  assert.deepEqual(checkSubscriptionLink(mac, token, 'unsubscribe', now), invalid);
  const other = (input: string) => crypto.createHmac('sha256', 'other').update(input).digest('base64url');
  assert.deepEqual(checkSubscriptionLink(other, token, 'confirm', now), invalid);
});

test('an unsubscribe token is its own', () => {
  const u = signSubscriptionLink(mac, { ...claims, purpose: 'unsubscribe' });
  assert.equal(u[0], 'u');
  assert.deepEqual(checkSubscriptionLink(mac, u, 'unsubscribe', now), {
    ok: true,
    claims: { ...claims, purpose: 'unsubscribe' },
  });
});
