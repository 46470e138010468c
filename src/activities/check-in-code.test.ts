import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkCheckInToken,
  checkInCode,
  CODE_MINUTE_MS,
  minuteOf,
  signCheckInToken,
} from './check-in-code.js';

const secret = crypto.createHash('sha256').update('session secret').digest();
const other = crypto.createHash('sha256').update('another secret').digest();
const SESSION = 42;
const T0 = new Date('2026-12-07T09:30:20Z');
const at = (minutes: number, seconds = 0) =>
  new Date(T0.getTime() + minutes * CODE_MINUTE_MS + seconds * 1000);

test('the content is the phone page’s URL with the token of the current minute', () => {
  const code = checkInCode(secret, SESSION, T0, 'https://banshi.example.cn/');
  assert.equal(code.content, `https://banshi.example.cn/m/checkin/42?t=${encodeURIComponent(code.token)}`);
  assert.equal(code.token, signCheckInToken(secret, SESSION, minuteOf(T0)));
  assert.match(code.token, /^\d+\.[A-Za-z0-9_-]{22}$/);
  // good during its minute and the next: it stops at the start of the minute after
  assert.equal(code.expiresAt.getTime(), (minuteOf(T0) + 2) * CODE_MINUTE_MS);
});

test('a token is good during its minute and the next one, expired after', () => {
  const token = signCheckInToken(secret, SESSION, minuteOf(T0));
  const start = minuteOf(T0) * CODE_MINUTE_MS;
  const cases: [Date, string][] = [
    [new Date(start), 'ok'],
    [T0, 'ok'],
    [new Date(start + CODE_MINUTE_MS - 1), 'ok'],
    [new Date(start + CODE_MINUTE_MS), 'ok'],
    [new Date(start + 2 * CODE_MINUTE_MS - 1), 'ok'],
    [new Date(start + 2 * CODE_MINUTE_MS), 'expired'],
    [at(60), 'expired'],
    [at(60 * 24 * 365), 'expired'],
  ];
  for (const [now, expected] of cases)
    assert.equal(checkCheckInToken(secret, SESSION, token, now), expected, now.toISOString());
});

test('a token of a minute not yet come was not issued: invalid', () => {
  const token = signCheckInToken(secret, SESSION, minuteOf(T0) + 1);
  assert.equal(checkCheckInToken(secret, SESSION, token, T0), 'invalid');
  assert.equal(checkCheckInToken(secret, SESSION, token, at(1)), 'ok');
});

test('another session’s token, another secret, a changed minute or MAC: invalid', () => {
  const minute = minuteOf(T0);
  const token = signCheckInToken(secret, SESSION, minute);
  const [m, mac] = token.split('.') as [string, string];
  const forged = [
    signCheckInToken(secret, SESSION + 1, minute),
    signCheckInToken(other, SESSION, minute),
    `${Number(m) - 1}.${mac}`,
    `${Number(m) + 1}.${mac}`,
    `${m}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`,
    `${m}.${mac.slice(1)}A`,
  ];
  for (const t of forged) assert.equal(checkCheckInToken(secret, SESSION, t, T0), 'invalid', t);
});

test('what is not a token is invalid', () => {
  const token = signCheckInToken(secret, SESSION, minuteOf(T0));
  for (const t of [
    '',
    '.',
    token.slice(0, -1),
    `${token}A`,
    `${token}.x`,
    token.replace('.', ':'),
    `-1${token}`,
    `x${token}`,
    ' '.repeat(30),
    '1234567890123.AAAAAAAAAAAAAAAAAAAAAA',
  ])
    assert.equal(checkCheckInToken(secret, SESSION, t, T0), 'invalid', JSON.stringify(t));
});

test('any string is ok, expired or invalid, never a throw; only the issued token of a recent minute is ok', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (t) => {
      const r = checkCheckInToken(secret, SESSION, t, T0);
      assert.ok(
        r === 'invalid' ||
          t === signCheckInToken(secret, SESSION, minuteOf(T0)) ||
          t === signCheckInToken(secret, SESSION, minuteOf(T0) - 1) ||
          r === 'expired',
      );
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 59 }), (dm, s) => {
      const token = signCheckInToken(secret, SESSION, minuteOf(T0) + dm);
      const expected = dm > 0 ? 'invalid' : dm >= -1 ? 'ok' : 'expired';
      assert.equal(
        checkCheckInToken(secret, SESSION, token, new Date(minuteOf(T0) * CODE_MINUTE_MS + s * 1000)),
        expected,
      );
    }),
  );
});
