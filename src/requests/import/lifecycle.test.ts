import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageDays } from '../../calendar/package-days.js';
import { WorkingCalendar } from '../../calendar/working-calendar.js';
import { addWorkingDays } from '../deadlines.js';
import { rebuildLifecycle, type ImportEnv } from './lifecycle.js';
import { ImportRecord } from './record.js';

const TZ = 'Asia/Shanghai';
const calendar = new WorkingCalendar({ package: packageDays() });
const profile = {
  sign_working_days: 1,
  contact_working_days: 2,
  reply_working_days: 5,
  urgent_sign_hours: 2,
  urgent_contact_hours: 4,
  urgent_reply_hours: 24,
  max_extension_working_days: 10,
};
const env: ImportEnv = {
  now: new Date('2026-12-01T00:00:00Z'),
  tz: TZ,
  calendar,
  profileOf: () => profile,
  departments: new Set(['housing', 'urban']),
  areas: new Set(['xc-yuanhe']),
  categories: new Set(['housing.property']),
};

const record = (more: Record<string, unknown>) =>
  ImportRecord.parse({
    source_ticket_no: 'SZ2025-0001',
    title: '小区电梯停运',
    body: '3号楼电梯停运两天',
    created_at: '2025-03-03T09:00:00+08:00',
    status: 'closed',
    ...more,
  });

const reasonsOf = (more: Record<string, unknown>) => {
  const r = rebuildLifecycle(record(more), env);
  return 'reasons' in r ? r.reasons.join(' | ') : '';
};

const closedStory = [
  { type: 'dispatch', at: '2025-03-03T10:00:00+08:00', department_code: 'housing' },
  { type: 'sign', at: '2025-03-03T11:00:00+08:00' },
  { type: 'contact', at: '2025-03-03T15:00:00+08:00', text: '已电话联系' },
  { type: 'reply', at: '2025-03-05T10:00:00+08:00', text: '电梯已修复' },
  { type: 'follow-up', at: '2025-03-06T10:00:00+08:00', resolved: true, satisfaction: 'satisfied' },
  { type: 'close', at: '2025-03-06T11:00:00+08:00' },
];

test('a closed request: its lifecycle columns, its deadlines on the working-day calendar, its timeline', () => {
  const r = rebuildLifecycle(record({ events: closedStory }), env);
  assert.ok('lifecycle' in r, JSON.stringify(r));
  const dispatchedAt = new Date('2025-03-03T10:00:00+08:00');
  assert.equal(r.lifecycle.department_code, 'housing');
  assert.deepEqual(r.lifecycle.dispatched_at, dispatchedAt);
  assert.deepEqual(r.lifecycle.sign_by, addWorkingDays(dispatchedAt, 1, TZ, calendar));
  assert.deepEqual(r.lifecycle.reply_by, addWorkingDays(dispatchedAt, 5, TZ, calendar));
  assert.deepEqual(r.lifecycle.signed_at, new Date('2025-03-03T11:00:00+08:00'));
  assert.deepEqual(r.lifecycle.replied_at, new Date('2025-03-05T10:00:00+08:00'));
  assert.equal(r.lifecycle.followup_resolved, true);
  assert.equal(r.lifecycle.followup_satisfaction, 'satisfied');
  assert.deepEqual(r.lifecycle.closed_at, new Date('2025-03-06T11:00:00+08:00'));
  assert.deepEqual(r.lifecycle.triaged_at, env.now);
  assert.deepEqual(
    r.events.map((e) => `${e.type}:${e.from_status}→${e.to_status}`),
    [
      'register:null→registered',
      'dispatch:registered→dispatched',
      'sign:dispatched→signed',
      'contact:signed→in_progress',
      'reply:in_progress→replied',
      'follow-up:replied→followed_up',
      'close:followed_up→closed',
    ],
  );
});

test('a return counts, and a re-dispatch sets the department and deadlines again', () => {
  const r = rebuildLifecycle(
    record({
      status: 'signed',
      events: [
        { type: 'dispatch', at: '2025-03-03T10:00:00+08:00', department_code: 'urban' },
        { type: 'return', at: '2025-03-03T12:00:00+08:00', text: '非本部门职责' },
        { type: 'dispatch', at: '2025-03-04T09:00:00+08:00', department_code: 'housing' },
        { type: 'sign', at: '2025-03-04T10:00:00+08:00' },
      ],
    }),
    env,
  );
  assert.ok('lifecycle' in r);
  assert.equal(r.lifecycle.return_count, 1);
  assert.equal(r.lifecycle.last_return_reason, '非本部门职责');
  assert.equal(r.lifecycle.department_code, 'housing');
  assert.deepEqual(r.lifecycle.dispatched_at, new Date('2025-03-04T09:00:00+08:00'));
  assert.equal(r.lifecycle.triaged_at, null);
  assert.equal(r.events[2]!.payload.from_department_code, 'urban');
});

test('records that cannot be rebuilt say why', () => {
  assert.match(reasonsOf({ events: closedStory.slice(0, 4) }), /止于 replied，与状态 closed 不符/);
  assert.match(reasonsOf({ status: 'dispatched' }), /须附其经过/);
  assert.match(
    reasonsOf({ status: 'dispatched', events: [{ type: 'dispatch', at: '2025-03-03T10:00:00+08:00' }] }),
    /缺少承办部门/,
  );
  assert.match(
    reasonsOf({ events: [closedStory[1], closedStory[0], ...closedStory.slice(2)] }),
    /events.1（dispatch） 早于前一步/,
  );
  assert.match(
    reasonsOf({ events: [{ ...closedStory[0], at: '2025-03-02T10:00:00+08:00' }, ...closedStory.slice(1)] }),
    /events.0（dispatch） 早于前一步/,
  );
  assert.match(reasonsOf({ department_code: 'nope' }), /department_code nope 不存在/);
  assert.match(reasonsOf({ category_code: 'nope' }), /category_code nope 不存在/);
  assert.match(reasonsOf({ created_at: '2027-01-01T00:00:00+08:00' }), /created_at 晚于当前时间/);
  assert.match(
    reasonsOf({
      events: [
        ...closedStory.slice(0, 4),
        { type: 'follow-up', at: '2025-03-06T10:00:00+08:00' },
        closedStory[5],
      ],
    }),
    /须有 resolved 与 satisfaction/,
  );
  assert.equal(reasonsOf({ events: closedStory }), '');
});

test('a record without events stands as registered, or ended as it is', () => {
  for (const status of ['registered', 'closed', 'withdrawn', 'voided']) {
    const r = rebuildLifecycle(record({ status }), env);
    assert.ok('lifecycle' in r, status);
    assert.equal(r.events.length, 1);
  }
  const closed = rebuildLifecycle(record({}), env);
  assert.ok('lifecycle' in closed);
  assert.deepEqual(closed.lifecycle.closed_at, new Date('2025-03-03T09:00:00+08:00'));
});

test('the record schema wants offsets on times and refuses merged or reviewing', () => {
  assert.equal(ImportRecord.safeParse({ ...record({}), created_at: '2025-03-03T09:00:00' }).success, false);
  for (const status of ['merged', 'reviewing'])
    assert.equal(
      ImportRecord.safeParse({ ...record({}), created_at: '2025-03-03T09:00:00Z', status }).success,
      false,
    );
  assert.equal(
    ImportRecord.safeParse({ ...record({}), created_at: '2025-03-03T09:00:00Z', extra: 1 }).success,
    false,
  );
});
