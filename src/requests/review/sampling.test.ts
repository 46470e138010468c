import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  reviewReason,
  sampleBucket,
  samplePercent,
  type ReviewRule,
  type ReviewSettings,
} from './sampling.js';

const ON: ReviewSettings = { enabled: true, sample_percent: 20, reopened_all: true, min_score: 40 };
const facts = {
  requestId: 1,
  reopenCount: 0,
  departmentCode: 'housing',
  categoryLineage: ['010201', '0102', '01'],
  sentBack: false,
  score: 90,
};

test('the bucket is reproducible, in 0–99, and changes with the reopening round', () => {
  assert.equal(sampleBucket(1, 0), sampleBucket(1, 0));
  // fixed values: a change of the hash would change which demo and test requests are reviewed
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((id) => sampleBucket(id, 0)),
    [45, 88, 59, 38, 29],
  );
  const buckets = Array.from({ length: 20_000 }, (_, i) => sampleBucket(i + 1, 0));
  assert.ok(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < 100));
  for (const percent of [5, 20, 50, 80]) {
    const share = buckets.filter((b) => b < percent).length / buckets.length;
    assert.ok(Math.abs(share - percent / 100) < 0.02, `${percent}%: ${share}`);
  }
  const moved = Array.from({ length: 200 }, (_, i) => sampleBucket(i + 1, 0) !== sampleBucket(i + 1, 1));
  assert.ok(moved.filter(Boolean).length > 150);
});

test('the most specific rule gives the rate: department and category, department, category, the default', () => {
  const rules: ReviewRule[] = [
    { department_code: null, category_code: '01', sample_percent: 30 },
    { department_code: null, category_code: '0102', sample_percent: 40 },
    { department_code: 'housing', category_code: null, sample_percent: 100 },
    { department_code: 'housing', category_code: '01', sample_percent: 60 },
    { department_code: 'transport', category_code: null, sample_percent: 0 },
  ];
  assert.equal(samplePercent(ON, rules, facts), 60);
  assert.equal(samplePercent(ON, rules.slice(0, 3), facts), 100);
  assert.equal(samplePercent(ON, rules.slice(0, 2), facts), 40, 'the nearer category');
  assert.equal(samplePercent(ON, rules.slice(0, 1), facts), 30);
  assert.equal(samplePercent(ON, [], facts), 20);
  assert.equal(samplePercent(ON, rules, { departmentCode: 'water', categoryLineage: ['02'] }), 20);
  assert.equal(samplePercent(ON, rules, { departmentCode: 'transport', categoryLineage: ['01'] }), 0);
});

test('why a reply is reviewed: resubmitted, reopened, low score, sampled — or not at all', () => {
  const none: ReviewRule[] = [];
  assert.equal(reviewReason({ ...ON, enabled: false }, none, { ...facts, sentBack: true }), null);
  assert.equal(reviewReason(ON, none, { ...facts, sentBack: true, reopenCount: 1 }), 'resubmitted');
  assert.equal(reviewReason(ON, none, { ...facts, reopenCount: 1 }), 'reopened');
  assert.equal(
    reviewReason({ ...ON, reopened_all: false, sample_percent: 0 }, none, { ...facts, reopenCount: 1 }),
    null,
  );
  assert.equal(reviewReason(ON, none, { ...facts, score: 39 }), 'low_score');
  assert.equal(
    reviewReason({ ...ON, min_score: null, sample_percent: 0 }, none, { ...facts, score: 0 }),
    null,
  );
  const all = { ...ON, sample_percent: 100 };
  const nothing = { ...ON, sample_percent: 0 };
  for (let id = 1; id <= 50; id++) {
    assert.equal(reviewReason(all, none, { ...facts, requestId: id }), 'sampled');
    assert.equal(reviewReason(nothing, none, { ...facts, requestId: id }), null);
    const half = reviewReason({ ...ON, sample_percent: 50 }, none, { ...facts, requestId: id });
    assert.equal(half, sampleBucket(id, 0) < 50 ? 'sampled' : null);
  }
});
