import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { feedbackAttendee, signFeedbackToken } from './feedback-token.js';

const mac = (input: string) => crypto.createHmac('sha256', 'k').update(input).digest('base64url');
const session = { jurisdictionId: 'xiangcheng', sessionId: 7 };

test('a token names its attendee in its session', () => {
  for (const id of [1, 35, 36, 123_456_789, Number.MAX_SAFE_INTEGER]) {
    const token = signFeedbackToken(mac, session, id);
    assert.equal(feedbackAttendee(mac, session, token), id);
  }
});

test('another session, jurisdiction, key, attendee or MAC: not a token of this session', () => {
  const token = signFeedbackToken(mac, session, 12);
  const [id, m] = token.split('.') as [string, string];
  const otherMac = (i: string) => crypto.createHmac('sha256', 'other').update(i).digest('base64url');
  assert.equal(feedbackAttendee(mac, { ...session, sessionId: 8 }, token), null);
  assert.equal(feedbackAttendee(mac, { ...session, jurisdictionId: 'other' }, token), null);
  assert.equal(feedbackAttendee(otherMac, session, token), null);
  assert.equal(feedbackAttendee(mac, session, `${(13).toString(36)}.${m}`), null);
  assert.equal(feedbackAttendee(mac, session, `${id}.${(m[0] === 'A' ? 'B' : 'A') + m.slice(1)}`), null);
});

test('what is not a token reads as null, never a throw', () => {
  for (const t of [
    '',
    '.',
    'c',
    'c.',
    '0.AAAAAAAAAAAAAAAAAAAAAA',
    'C.AAAAAAAAAAAAAAAAAAAAAA',
    'zzzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA',
  ])
    assert.equal(feedbackAttendee(mac, session, t), null, t);
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (t) => void feedbackAttendee(mac, session, t)));
});
