import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testCases } from '../../test/support/cases.js';
import { cleanDays, dayLines, packageYear } from '../../test/support/holiday-days.js';
import { parseNoticeText } from './notice-text.js';

/** The State Council's schedule for 2026 (国办发明电〔2025〕7号), as the notice words it. */
const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。`;

/** 2025's notice, with a single-day holiday, a range across months and a combined name. */
const NOTICE_2025 = `一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`;

describe('parseNoticeText', () => {
  test("2026's notice gives exactly the days chinese-days carries for 2026", () => {
    const r = parseNoticeText(NOTICE_2026, 2026);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(dayLines(r.days), packageYear(2026));
    const spring = r.days.find((d) => d.date === '2026-02-17')!;
    assert.equal(spring.name, '春节');
    assert.equal(r.days.find((d) => d.date === '2026-10-10')!.name, '国庆节');
  });

  test("2025's notice: a single day, a range across months, a combined name", () => {
    const r = parseNoticeText(NOTICE_2025, 2025);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(dayLines(r.days), packageYear(2025));
    assert.equal(r.days.find((d) => d.date === '2025-06-01')!.name, '端午节');
    assert.equal(r.days.find((d) => d.date === '2025-10-06')!.name, '国庆节、中秋节');
  });

  test('a notice under the wrong year fails on its weekdays and its own title', () => {
    const r = parseNoticeText(NOTICE_2026, 2027);
    assert.ok(r.issues.some((i) => i.severity === 'error' && i.message.includes('通知写的是 2026 年')));
    assert.ok(r.issues.some((i) => i.severity === 'error' && i.message.includes('年份是否正确')));
  });

  test('a count that disagrees with the range is an error', () => {
    const r = parseNoticeText('春节：2月15日（周日）至23日（周一）放假调休，共8天。', 2026);
    assert.equal(r.issues.length, 1);
    assert.match(r.issues[0]!.message, /共 8 天.*9 天/);
    assert.equal(r.issues[0]!.line, 1);
  });

  testCases(([text, year]: readonly [string, number]) => cleanDays(parseNoticeText(text, year)), {
    'full-width digits, ASCII brackets and 星期 are read': [
      [
        ['元旦：１月１日(星期四)至３日(星期六)放假调休，共３天。１月４日(星期日)上班。', 2026],
        ['2026-01-01 休 元旦', '2026-01-02 休 元旦', '2026-01-03 休 元旦', '2026-01-04 班 元旦'],
      ],
    ],
    'an explicit year on a make-up day of the year before, and a range into the next year': [
      [
        [
          '元旦：2030年12月30日（周一）至2031年1月1日（周三）放假调休，共3天。2030年12月28日（周六）上班。',
          2031,
        ],
        ['2030-12-28 班 元旦', '2030-12-30 休 元旦', '2030-12-31 休 元旦', '2031-01-01 休 元旦'],
      ],
    ],
  });

  test('a make-up working day on a weekday is a warning; a day both off and on is an error', () => {
    const warn = parseNoticeText('劳动节：5月1日（周五）放假。5月6日（周三）上班。', 2026);
    assert.deepEqual(
      warn.issues.map((i) => i.severity),
      ['warning'],
    );
    const both = parseNoticeText('劳动节：5月1日至3日放假。5月2日上班。', 2026);
    assert.ok(both.issues.some((i) => i.severity === 'error' && i.message.includes('既是放假日又是上班日')));
  });

  test('text without dates, or with a date that does not exist, is an error', () => {
    assert.equal(parseNoticeText('今年不放假', 2026).issues[0]!.severity, 'error');
    const bad = parseNoticeText('元旦：2月30日放假。', 2026);
    assert.match(bad.issues[0]!.message, /无法读出日期/);
    assert.deepEqual(bad.days, []);
  });
});
