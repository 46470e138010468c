import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  deriveStatus,
  effectiveProgress,
  isCompleted,
  isDelayed,
  isIsoDate,
  isOnSchedule,
  isPastHalfway,
  isWeighted,
  overdueMilestones,
  progressFromMilestones,
  PROJECT_STATUSES,
  type MilestoneFacts,
  type ProjectFacts,
} from './status.js';

const p = (over: Partial<ProjectFacts> = {}): ProjectFacts => ({
  start_date: '2021-03-01',
  due_date: '2021-12-31',
  progress: 0,
  milestones: [],
  ...over,
});
const m = (due: string, done: string | null = null, weight: number | null = null): MilestoneFacts => ({
  due_date: due,
  done_date: done,
  weight,
});

describe('progress from milestones', () => {
  test('milestones without weights leave progress to the hand-set figure', () => {
    assert.equal(isWeighted([m('2021-05-01'), m('2021-06-01', '2021-05-30')]), false);
    assert.equal(progressFromMilestones([m('2021-05-01', '2021-04-01')]), null);
    assert.equal(progressFromMilestones([]), null);
    assert.equal(effectiveProgress(p({ progress: 37, milestones: [m('2021-05-01', '2021-04-01')] })), 37);
  });
  test('all-zero weights are no weights', () => {
    assert.equal(isWeighted([m('2021-05-01', null, 0), m('2021-06-01', null, 0)]), false);
    assert.equal(progressFromMilestones([m('2021-05-01', '2021-05-01', 0)]), null);
  });
  test('weighted: done weight over total weight, two decimals, unweighted ones count zero', () => {
    assert.equal(progressFromMilestones([m('2021-05-01', '2021-05-01', 1), m('2021-06-01', null, 2)]), 33.33);
    assert.equal(progressFromMilestones([m('2021-05-01', '2021-05-01', 30), m('2021-06-01', null, 70)]), 30);
    assert.equal(
      progressFromMilestones([m('2021-05-01', '2021-05-01', 50), m('2021-06-01', '2021-06-01', null)]),
      100,
    );
    assert.equal(progressFromMilestones([m('2021-05-01', null, 50), m('2021-06-01', '2021-06-01')]), 0);
  });
  test('weighted milestones override the recorded figure', () => {
    const proj = p({
      progress: 90,
      milestones: [m('2021-05-01', '2021-05-01', 1), m('2021-09-01', null, 3)],
    });
    assert.equal(effectiveProgress(proj), 25);
  });
  test('a recorded figure outside 0–100 is clamped', () => {
    assert.equal(effectiveProgress(p({ progress: 120 })), 100);
    assert.equal(effectiveProgress(p({ progress: -5 })), 0);
  });
});

describe('completed', () => {
  test('progress 100 completes, whatever the dates', () => {
    assert.equal(deriveStatus(p({ progress: 100 }), '2022-06-01'), 'completed');
    assert.equal(deriveStatus(p({ progress: 100 }), '2021-01-01'), 'completed');
  });
  test('all milestones done completes even when the hand-set progress lags', () => {
    const proj = p({
      progress: 80,
      milestones: [m('2021-05-01', '2021-05-02'), m('2021-11-01', '2021-10-01')],
    });
    assert.equal(isCompleted(proj), true);
    assert.equal(deriveStatus(proj, '2022-01-10'), 'completed');
  });
  test('no milestones and progress below 100 is not complete', () => {
    assert.equal(isCompleted(p({ progress: 99.99 })), false);
  });
  test('a completed project is never delayed, even if finished late', () => {
    const proj = p({ progress: 100, due_date: '2021-06-30', milestones: [m('2021-05-01', '2021-08-01')] });
    assert.equal(isDelayed(proj, '2021-09-01'), false);
    assert.equal(isOnSchedule(proj, '2021-09-01'), true);
  });
});

describe('delayed', () => {
  test('past the due date and not complete (the due date itself is still on time)', () => {
    const proj = p({ progress: 90, due_date: '2021-06-30' });
    assert.equal(deriveStatus(proj, '2021-06-30'), 'past_half');
    assert.equal(deriveStatus(proj, '2021-07-01'), 'delayed');
  });
  test('a milestone past its due date and not done', () => {
    const proj = p({ progress: 60, milestones: [m('2021-05-31'), m('2021-10-31')] });
    assert.equal(deriveStatus(proj, '2021-05-31'), 'past_half');
    assert.equal(deriveStatus(proj, '2021-06-01'), 'delayed');
    assert.deepEqual(overdueMilestones(proj.milestones, '2021-06-01'), [m('2021-05-31')]);
  });
  test('a milestone done late is not a delay once done', () => {
    const proj = p({ progress: 40, milestones: [m('2021-05-31', '2021-06-15'), m('2021-10-31')] });
    assert.equal(deriveStatus(proj, '2021-07-01'), 'in_progress');
  });
  test('delay wins over not started: a project that should have had a milestone done', () => {
    const proj = p({ start_date: '2021-09-01', milestones: [m('2021-08-01')] });
    assert.equal(deriveStatus(proj, '2021-08-15'), 'delayed');
  });
  test('not started past the due date is delayed', () => {
    assert.equal(deriveStatus(p({ start_date: null, due_date: '2021-03-31' }), '2021-04-01'), 'delayed');
  });
});

describe('not started, in progress, past half-way', () => {
  test('before the start date with no progress', () => {
    assert.equal(deriveStatus(p(), '2021-02-28'), 'not_started');
  });
  test('the start date has come: in progress even without progress', () => {
    assert.equal(deriveStatus(p(), '2021-03-01'), 'in_progress');
  });
  test('no start date and no progress: not started', () => {
    assert.equal(deriveStatus(p({ start_date: null }), '2021-06-01'), 'not_started');
  });
  test('any progress before the start date is in progress (work began early)', () => {
    assert.equal(deriveStatus(p({ progress: 5 }), '2021-01-15'), 'in_progress');
  });
  test('a milestone done with no recorded progress is in progress', () => {
    assert.equal(
      deriveStatus(p({ milestones: [m('2021-05-01', '2021-01-20'), m('2021-09-01')] }), '2021-01-25'),
      'in_progress',
    );
  });
  test('50 % is past half-way; 49.99 % is not', () => {
    assert.equal(deriveStatus(p({ progress: 50 }), '2021-07-15'), 'past_half');
    assert.equal(deriveStatus(p({ progress: 49.99 }), '2021-07-15'), 'in_progress');
  });
  test('weighted milestones decide past half-way', () => {
    const proj = p({ progress: 0, milestones: [m('2021-05-01', '2021-05-01', 1), m('2021-10-01', null, 1)] });
    assert.equal(deriveStatus(proj, '2021-07-15'), 'past_half');
  });
});

describe('the bulletin reading of 进展过半', () => {
  test('progress ≥ 50 or completed, delayed or not', () => {
    assert.equal(isPastHalfway(p({ progress: 50 })), true);
    assert.equal(isPastHalfway(p({ progress: 100 })), true);
    assert.equal(isPastHalfway(p({ progress: 10, milestones: [m('2021-05-01', '2021-05-01')] })), true);
    assert.equal(isPastHalfway(p({ progress: 49 })), false);
    assert.equal(isPastHalfway(p({ progress: 70, due_date: '2021-06-30' })), true);
  });
});

describe('dates', () => {
  test('only real calendar dates', () => {
    assert.equal(isIsoDate('2021-07-15'), true);
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2021-02-29'), false);
    assert.equal(isIsoDate('2021-13-01'), false);
    assert.equal(isIsoDate('2021-7-15'), false);
    assert.equal(isIsoDate('20210715'), false);
  });
});

describe('properties over every combination', () => {
  const date = fc
    .integer({ min: 0, max: 730 })
    .map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const milestone = fc.record({
    due_date: date,
    done_date: fc.option(date, { nil: null }),
    weight: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  });
  const project = fc
    .record({
      start_date: fc.option(date, { nil: null }),
      due_date: date,
      progress: fc.integer({ min: 0, max: 100 }),
      milestones: fc.array(milestone, { maxLength: 4 }),
    })
    .filter((x) => x.start_date === null || x.start_date <= x.due_date);

  test('exactly one status, consistent with its definition', () => {
    fc.assert(
      fc.property(project, date, (proj, asOf) => {
        const s = deriveStatus(proj, asOf);
        assert.ok(PROJECT_STATUSES.includes(s));
        assert.equal(s === 'completed', isCompleted(proj));
        assert.equal(s === 'delayed', isDelayed(proj, asOf));
        if (s === 'past_half') assert.ok(effectiveProgress(proj) >= 50);
        if (s === 'not_started') assert.equal(effectiveProgress(proj), 0);
        if (s === 'in_progress') assert.ok(effectiveProgress(proj) < 50);
        // on schedule is exactly "not delayed"
        assert.equal(isOnSchedule(proj, asOf), s !== 'delayed');
      }),
      { numRuns: 1000 },
    );
  });

  test('a project once completed stays completed on every later day; a delay never heals by waiting', () => {
    fc.assert(
      fc.property(project, date, date, (proj, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        if (deriveStatus(proj, early) === 'completed') assert.equal(deriveStatus(proj, late), 'completed');
        if (deriveStatus(proj, early) === 'delayed') assert.equal(deriveStatus(proj, late), 'delayed');
      }),
      { numRuns: 1000 },
    );
  });

  test('progress from weighted milestones is within 0–100', () => {
    fc.assert(
      fc.property(fc.array(milestone, { maxLength: 6 }), (ms) => {
        const v = progressFromMilestones(ms);
        if (v !== null) assert.ok(v >= 0 && v <= 100);
        assert.equal(v === null, !isWeighted(ms));
      }),
    );
  });
});
