import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCases } from '../../test/support/cases.js';
import { ROLES } from '../db/schema.js';
import { deadlineNews, isUnread, kindsFor, pendingDeadline } from './kinds.js';

test('who is told what', () => {
  const table = Object.fromEntries(ROLES.map((r) => [r, kindsFor(r, 'housing')]));
  assert.deepEqual(table, {
    resident: [],
    operator: [],
    dispatcher: [],
    handler: ['dispatched', 'deadline_soon'],
    department_head: ['dispatched', 'deadline_soon', 'supervised'],
    supervisor: ['escalated_returns'],
    admin: [],
    field_worker: [],
  });
  assert.deepEqual(kindsFor('handler', null), [], 'a handler without a department');
});

const at = (h: number) => new Date(Date.UTC(2026, 11, 7, h));
testCases(
  ([status, sign, reply]: [string, number | null, number | null]) =>
    pendingDeadline({
      status,
      sign_by: sign === null ? null : at(sign),
      reply_by: reply === null ? null : at(reply),
    }),
  {
    'signing before it is signed, replying once signed, nothing once answered': [
      [['dispatched', 10, 20], { deadline: 'sign', at: at(10) }],
      [['signed', 10, 20], { deadline: 'reply', at: at(20) }],
      [['in_progress', 10, 20], { deadline: 'reply', at: at(20) }],
      [['replied', 10, 20], null],
      [['registered', null, null], null],
      [['dispatched', null, 20], null],
    ],
  },
);

testCases(([deadline, now]: [number, number]) => deadlineNews(at(deadline), at(now)), {
  'news within the last hours before a deadline, not before, not after it fell': [
    [[12, 7], null],
    [[12, 8], at(8)],
    [[12, 11], at(8)],
    [[12, 12], null],
    [[12, 13], null],
  ],
});

test('unread: newer than the last read, or never read', () => {
  assert.equal(isUnread(at(9), null), true);
  assert.equal(isUnread(at(9), at(8)), true);
  assert.equal(isUnread(at(9), at(9)), false);
  assert.equal(isUnread(at(9), at(10)), false);
});
