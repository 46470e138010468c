import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsParts } from '../delivery/templates.js';
import { confirmationMail, describeScope, digestMail, digestSms, localMinute } from './messages.js';

test('a scope in words: an area, or a place and its radius, with its category', () => {
  assert.equal(describeScope({ area: '果园社区', circle: null, category: null }), '果园社区');
  assert.equal(
    describeScope({ area: null, circle: { lat: 31.42151, lon: 120.4, radius_m: 500 }, category: '路灯' }),
    '(31.4215, 120.4000) 周边 500 米 · 路灯',
  );
});

test('the confirmation carries its link, its expiry and the unsubscribe link', () => {
  const m = confirmationMail({
    jurisdiction: '相城区',
    scope: '果园社区',
    confirmUrl: 'https://x/subscriptions/confirm/c.t',
    unsubscribeUrl: 'https://x/subscriptions/unsubscribe/u.t',
    days: 7,
  });
  assert.match(m.subject, /请确认订阅 相城区/);
  assert.ok(m.text.includes('https://x/subscriptions/confirm/c.t'));
  assert.ok(m.text.includes('7 天'));
  assert.ok(m.text.trimEnd().endsWith('https://x/subscriptions/unsubscribe/u.t'));
});

test('the digest lists its entries, counts the rest and ends with the unsubscribe link', () => {
  const m = digestMail({
    jurisdiction: '相城区',
    scope: '果园社区',
    since: '2026-12-07 10:00',
    entries: [
      { title: '[新诉求] 路灯坏了', url: 'https://x/public/requests/A' },
      { title: '[已答复] 垃圾清运', url: 'https://x/public/requests/B' },
    ],
    more: 3,
    publicUrl: 'https://x/public',
    unsubscribeUrl: 'https://x/subscriptions/unsubscribe/u.t',
  });
  assert.equal(m.subject, '相城区 12345 公开诉求提醒：果园社区（5 条）');
  assert.match(m.text, /1\. \[新诉求\] 路灯坏了\n {3}https:\/\/x\/public\/requests\/A\n2\. /);
  assert.ok(m.text.includes('另有 3 条'));
  assert.ok(m.text.trimEnd().endsWith('https://x/subscriptions/unsubscribe/u.t'));
});

test('the SMS digest fits three parts with a long scope and its two links', () => {
  const link = `https://12345.example.cn/public`;
  const unsubscribeUrl = `https://12345.example.cn/subscriptions/unsubscribe/u.xiangcheng.zzzz.1.zzzzzz.${'A'.repeat(22)}`;
  const s = digestSms({
    scope: '望亭镇果园社区周边很长很长很长的名字 · 路灯',
    count: 12,
    link,
    unsubscribeUrl,
  });
  assert.ok(s.text.includes('…'));
  assert.ok(smsParts(s.text, '相城12345').parts <= 3, s.text);
  assert.deepEqual(
    s.params.map(([k]) => k),
    ['scope', 'count', 'link', 'unsubscribe'],
  );
});

test('times in the jurisdiction’s clock, to the minute', () => {
  assert.equal(localMinute(new Date('2026-12-07T16:05:59Z'), 'Asia/Shanghai'), '2026-12-08 00:05');
});
