import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { testCases } from '../../../test/support/cases.js';
import {
  approximateCount,
  bulletinText,
  groupDigits,
  periodPhrase,
  scopeOf,
  type BulletinFigures,
  type BulletinPeriod,
} from './bulletin.js';

describe('counts as the reports write them', () => {
  testCases(approximateCount, {
    'below 100: exactly': [
      [0, '0'],
      [7, '7'],
      [86, '86'],
      [99, '99'],
    ],
    'below 10,000: two significant digits, rounded down, 余 when something was dropped': [
      [100, '100'],
      [101, '100 余'],
      [862, '860 余'],
      [999, '990 余'],
      [1_000, '1,000'],
      [1_050, '1,000 余'],
      [6_200, '6,200'],
      [6_234, '6,200 余'],
      [9_999, '9,900 余'],
    ],
    'below 100,000: 万 to one decimal': [
      [10_000, '1 万'],
      [10_500, '1 万余'],
      [12_345, '1.2 万余'],
      [30_000, '3 万'],
      [99_999, '9.9 万余'],
    ],
    'from 100,000: whole 万': [
      [100_000, '10 万'],
      [470_000, '47 万'],
      [470_123, '47 万余'],
      [1_214_760, '121 万余'],
      [12_345_678, '1,234 万余'],
    ],
  });

  /** The figure a written count stands for, and whether it says 余. */
  const readBack = (text: string) => {
    const m = /^([\d.,]+)(?: (万))?(?: ?(余))?$/.exec(text);
    assert.ok(m, text);
    const value = Number(m[1]!.replace(/,/g, '')) * (m[2] ? 10_000 : 1);
    return { value: Math.round(value), more: m[3] === '余' };
  };

  test('never more than the count, within 10 % below it, 余 exactly when something was dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (n) => {
        const { value, more } = readBack(approximateCount(n));
        assert.ok(value <= n && value >= n * 0.9, `${n} → ${value}`);
        assert.equal(more, value < n);
      }),
    );
  });

  test('a larger count is never written smaller', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 0, max: 1e8 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(readBack(approximateCount(lo)).value <= readBack(approximateCount(hi)).value);
      }),
    );
  });

  test('a negative or fractional figure is no count', () => {
    assert.throws(() => approximateCount(-1), RangeError);
    assert.throws(() => approximateCount(1.5), RangeError);
  });

  testCases(groupDigits, {
    'thousands separated by commas': [
      [0, '0'],
      [999, '999'],
      [1_000, '1,000'],
      [128_000, '128,000'],
      [1_234_567, '1,234,567'],
    ],
  });
});

describe('the jurisdiction as a whole', () => {
  testCases(scopeOf, {
    'by the last character(s) of its name': [
      ['相城区', '全区'],
      ['无锡市', '全市'],
      ['望亭镇', '全镇'],
      ['元和街道', '全街道'],
      ['某某县', '全县'],
      ['某某乡', '全乡'],
      ['  相城区 ', '全区'],
    ],
    'otherwise the whole territory': [
      ['Xiangcheng', '全域'],
      ['', '全域'],
    ],
  });
});

describe('the period in words', () => {
  const today = '2026-12-07';
  const phrase = ([from, to]: [string | undefined, string | undefined]) => periodPhrase({ from, to, today });
  testCases(phrase, {
    'from the first of this year up to now: 今年以来': [
      [['2026-01-01', undefined], '今年以来'],
      [['2026-01-01', '2026-12-07'], '今年以来'],
      [['2026-01-01', '2026-12-31'], '今年以来'],
    ],
    'no start: up to now, or up to a past day': [
      [[undefined, undefined], '截至目前'],
      [[undefined, '2026-12-31'], '截至目前'],
      [[undefined, '2026-06-30'], '截至2026年6月30日'],
    ],
    'an open end from another day: 以来': [
      [['2026-03-01', undefined], '2026年3月以来'],
      [['2025-01-01', undefined], '2025年1月以来'],
      [['2026-03-05', undefined], '2026年3月5日以来'],
    ],
    'whole months of one year': [
      [['2026-11-01', '2026-11-30'], '2026年11月'],
      [['2026-02-01', '2026-02-28'], '2026年2月'],
      [['2024-02-01', '2024-02-29'], '2024年2月'],
      [['2026-01-01', '2026-06-30'], '2026年1月至6月'],
      [['2025-01-01', '2025-12-31'], '2025年'],
    ],
    'whole months across years': [[['2025-11-01', '2026-02-28'], '2025年11月至2026年2月']],
    'days otherwise, the year written once when it is the same': [
      [['2026-03-05', '2026-04-10'], '2026年3月5日至4月10日'],
      [['2026-02-01', '2026-02-27'], '2026年2月1日至2月27日'],
      [['2025-12-15', '2026-01-10'], '2025年12月15日至2026年1月10日'],
    ],
  });

  test('a date not written YYYY-MM-DD is refused', () => {
    assert.throws(() => periodPhrase({ from: '2026-1-1', today }), RangeError);
  });
});

describe('the bulletin sentence', () => {
  const figures = (over: Partial<BulletinFigures> = {}): BulletinFigures => ({
    lectures: 128,
    studies: 0,
    communitiesCovered: 45,
    communitiesTarget: 52,
    attendance: 6_234,
    needsRaised: 86,
    needsResolved: 71,
    ...over,
  });
  const thisYear: BulletinPeriod = { from: '2026-01-01', today: '2026-12-07' };
  const text = (f: Partial<BulletinFigures>, period = thisYear, topicTitle?: string) =>
    bulletinText(figures(f), period, { jurisdictionName: '相城区', topicTitle });

  test('the source reports’ sentence', () => {
    assert.equal(
      text({}),
      '今年以来，全区各宣讲团开展宣讲活动 128 场，覆盖社区 45 个（目标 52 个），参与群众 6,200 余人次，' +
        '收集意见建议 86 条，已解决 71 条。',
    );
  });

  test('large attendance in 万, exact attendance with a space', () => {
    assert.match(text({ attendance: 470_123 }), /参与群众 47 万余人次/);
    assert.match(text({ attendance: 470_000 }), /参与群众 47 万人次/);
    assert.match(text({ attendance: 86 }), /参与群众 86 人次/);
    assert.match(text({ lectures: 12_800 }), /开展宣讲活动 12,800 场/);
  });

  test('study sessions beside the lectures, or alone', () => {
    assert.match(text({ studies: 9 }), /开展宣讲活动 128 场，各基层党组织开展学习活动 9 场，覆盖社区/);
    assert.match(text({ lectures: 0, studies: 9 }), /^今年以来，全区各基层党组织开展学习活动 9 场，/);
  });

  test('without a target, the communities alone; without communities or target, nothing of them', () => {
    assert.match(text({ communitiesTarget: null }), /覆盖社区 45 个，参与群众/);
    assert.match(text({ communitiesCovered: 0 }), /覆盖社区 0 个（目标 52 个）/);
    assert.doesNotMatch(text({ communitiesCovered: 0, communitiesTarget: null }), /覆盖社区/);
  });

  test('no attendance, no needs, none resolved yet', () => {
    assert.doesNotMatch(text({ attendance: 0 }), /参与群众/);
    assert.equal(
      text({ needsRaised: 0, needsResolved: 0 }),
      '今年以来，全区各宣讲团开展宣讲活动 128 场，覆盖社区 45 个（目标 52 个），参与群众 6,200 余人次。',
    );
    assert.match(text({ needsResolved: 0 }), /收集意见建议 86 条，正在办理中。$/);
  });

  test('nothing held', () => {
    assert.equal(text({ lectures: 0, studies: 0 }), '今年以来，全区尚未开展宣讲和学习活动。');
    assert.equal(
      text({ lectures: 0, studies: 0 }, thisYear, '垃圾分类'),
      '今年以来，围绕“垃圾分类”主题，全区尚未开展宣讲和学习活动。',
    );
  });

  test('about one topic, in a month, in a city', () => {
    assert.equal(
      bulletinText(
        figures({
          lectures: 3,
          communitiesCovered: 2,
          communitiesTarget: 8,
          attendance: 210,
          needsRaised: 4,
          needsResolved: 1,
        }),
        { from: '2026-11-01', to: '2026-11-30', today: '2026-12-07' },
        { jurisdictionName: '无锡市', topicTitle: '反诈宣传' },
      ),
      '2026年11月，围绕“反诈宣传”主题，全市各宣讲团开展宣讲活动 3 场，覆盖社区 2 个（目标 8 个），' +
        '参与群众 210 人次，收集意见建议 4 条，已解决 1 条。',
    );
  });
});
