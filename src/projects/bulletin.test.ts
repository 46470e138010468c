import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildBulletin, periodOf, type BulletinProject } from './bulletin.js';
import { seed003Ledger } from '../../test/support/project-ledgers.js';

const rows = (ledger = seed003Ledger()): BulletinProject[] =>
  ledger.map((p, i) => ({
    id: i + 1,
    level: p.level,
    start_date: p.start_date,
    due_date: p.due_date,
    progress: p.progress,
    milestones: p.milestones,
  }));

const proj = (id: number, over: Partial<BulletinProject> = {}): BulletinProject => ({
  id,
  level: 'district',
  start_date: '2021-01-01',
  due_date: '2021-12-31',
  progress: 30,
  milestones: [],
  ...over,
});

describe('period words', () => {
  test('上旬 1–10, 中旬 11–20, 下旬 21 to the end', () => {
    assert.equal(periodOf('2021-07-01').label, '7月上旬');
    assert.equal(periodOf('2021-07-10').label, '7月上旬');
    assert.equal(periodOf('2021-07-11').label, '7月中旬');
    assert.equal(periodOf('2021-07-20').label, '7月中旬');
    assert.equal(periodOf('2021-07-21').label, '7月下旬');
    assert.equal(periodOf('2021-02-28').label, '2月下旬');
    assert.equal(periodOf('2021-11-15').label, '11月中旬');
  });
});

describe('the seed 003 ledger', () => {
  const b = buildBulletin(rows(), { asOf: '2021-07-15', subject: '相城区各部门单位' });

  test('states exactly the seed figures', () => {
    assert.equal(
      b.paragraph,
      '截至7月中旬，相城区各部门单位931件“我为群众办实事”项目已完成245项，42项市级公布项目进展过半，3个省重点备案项目按时序顺利推进。',
    );
    assert.equal(b.counts.total, 931);
    assert.equal(b.counts.completed, 245);
    assert.equal(b.by_level.city_published.past_halfway, 42);
    assert.equal(b.by_level.provincial_key.on_schedule, 3);
    assert.equal(b.counts.delayed, 0);
  });

  test('each figure carries the projects behind it', () => {
    for (const f of b.figures) assert.equal(f.project_ids.length, f.count, f.key);
    const fig = (k: string) => b.figures.find((f) => f.key === k)!;
    assert.equal(fig('past_halfway.city_published').count, 42);
    assert.equal(fig('on_schedule.provincial_key').label, '省重点备案项目按时序推进');
    const levelTotals = ['provincial_key', 'city_published', 'district', 'department'].map(
      (l) => fig(`total.${l}`).count,
    );
    assert.equal(
      levelTotals.reduce((a, c) => a + c, 0),
      931,
    );
    assert.equal(new Set(fig('completed').project_ids).size, 245);
    assert.equal(Object.keys(b.statuses).length, 931);
  });
});

describe('paragraph variants', () => {
  test('delays are stated after the main sentence, and a provincial project behind shows', () => {
    const b = buildBulletin(
      [
        proj(1, { level: 'provincial_key', progress: 40 }),
        proj(2, { level: 'provincial_key', due_date: '2021-06-30', progress: 80 }),
        proj(3, { level: 'city_published', progress: 100 }),
        proj(4, { level: 'city_published', progress: 20 }),
      ],
      { asOf: '2021-07-05', subject: '相城区各部门单位' },
    );
    assert.equal(
      b.paragraph,
      '截至7月上旬，相城区各部门单位4件“我为群众办实事”项目已完成1项，1项市级公布项目进展过半，2个省重点备案项目中1个按时序推进。其中1项进度滞后，正加快推进。',
    );
    assert.equal(
      b.by_level.provincial_key.past_halfway,
      1,
      'a delayed project past half-way counts by its progress',
    );
  });

  test('levels without projects are left out of the sentence', () => {
    const b = buildBulletin([proj(1, { progress: 100 }), proj(2)], {
      asOf: '2021-11-25',
      subject: '相城区住房和城乡建设局',
    });
    assert.equal(b.paragraph, '截至11月下旬，相城区住房和城乡建设局2件“我为群众办实事”项目已完成1项。');
  });

  test('key tasks and an empty ledger', () => {
    assert.equal(
      buildBulletin([proj(1)], { asOf: '2021-03-03', subject: '相城区', kind: 'key_task' }).paragraph,
      '截至3月上旬，相城区1项重点任务已完成0项。',
    );
    assert.equal(
      buildBulletin([], { asOf: '2021-03-13', subject: '相城区各部门单位' }).paragraph,
      '截至3月中旬，相城区各部门单位暂无“我为群众办实事”项目。',
    );
  });

  test('the as_of day decides delays: the same ledger a day after a due date', () => {
    const ledger = [proj(1, { due_date: '2021-07-15', progress: 90 })];
    assert.equal(buildBulletin(ledger, { asOf: '2021-07-15', subject: 'x' }).counts.delayed, 0);
    assert.equal(buildBulletin(ledger, { asOf: '2021-07-16', subject: 'x' }).counts.delayed, 1);
  });

  test('not started counts, and on schedule includes them', () => {
    const b = buildBulletin([proj(1, { start_date: '2021-09-01', progress: 0 })], {
      asOf: '2021-07-15',
      subject: 'x',
    });
    assert.equal(b.counts.not_started, 1);
    assert.equal(b.counts.on_schedule, 1);
    assert.equal(b.statuses[1], 'not_started');
  });
});
