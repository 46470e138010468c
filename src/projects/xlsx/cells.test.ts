import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CellValue } from 'exceljs';
import {
  parseDate,
  parseKind,
  parseLevel,
  parseProgress,
  parsePublic,
  parseWeight,
  parseYear,
  plain,
  shown,
  splitList,
} from './cells.js';

describe('cell values as plain data', () => {
  const cell = (v: unknown) => plain(v as CellValue);
  test('empty cells and blank text are null; text is trimmed', () => {
    assert.equal(cell(null), null);
    assert.equal(cell(undefined), null);
    assert.equal(cell(''), null);
    assert.equal(cell(' \t\n　'), null);
    assert.equal(cell('  河道整治 '), '河道整治');
  });
  test('numbers, booleans and dates as they are (zero and false are values, not blanks)', () => {
    assert.equal(cell(0), 0);
    assert.equal(cell(45.5), 45.5);
    assert.equal(cell(false), false);
    const d = new Date(Date.UTC(2021, 6, 15));
    assert.equal(cell(d), d);
  });
  test('rich text joined, then trimmed', () => {
    assert.equal(
      cell({ richText: [{ text: ' 河道' }, { font: { bold: true }, text: '整治 ' }] }),
      '河道整治',
    );
    assert.equal(cell({ richText: [{ text: ' ' }, { text: '' }] }), null);
    assert.equal(cell({ richText: [] }), null);
  });
  test('formulas by their result', () => {
    assert.equal(cell({ formula: 'A1*2', result: 90 }), 90);
    assert.equal(cell({ formula: 'TRIM(A1)', result: ' 区级 ' }), '区级');
    assert.equal(cell({ sharedFormula: 'B2', result: '是' }), '是');
    assert.equal(cell({ formula: 'A1>0', result: true }), true);
    const d = new Date(Date.UTC(2021, 11, 31));
    assert.equal(cell({ formula: 'DATE(2021,12,31)', result: d }), d);
    assert.equal(cell({ formula: '1/0', result: { error: '#DIV/0!' } }), '#DIV/0!');
    assert.equal(cell({ formula: 'A1' }), null, 'never calculated');
    assert.equal(cell({ formula: 'A1', result: '' }), null);
  });
  test('hyperlinks by their text, errors as their text, anything else as null', () => {
    assert.equal(cell({ text: ' 见附件 ', hyperlink: 'https://example.org/a' }), '见附件');
    assert.equal(cell({ error: '#N/A' }), '#N/A');
    assert.equal(cell({}), null);
  });
});

describe('cell values as text', () => {
  test('blank, text, numbers and booleans', () => {
    assert.equal(shown(null), '');
    assert.equal(shown('区级'), '区级');
    assert.equal(shown(45.5), '45.5');
    assert.equal(shown(0), '0');
    assert.equal(shown(true), 'true');
  });
  test('dates as their UTC day; an invalid date says so instead of throwing', () => {
    assert.equal(shown(new Date('2021-07-15T23:30:00Z')), '2021-07-15');
    assert.equal(shown(new Date(Number.NaN)), 'Invalid Date');
  });
});

describe('dates as offices write them', () => {
  const ok = (v: unknown, expected: string) =>
    assert.deepEqual(parseDate(v as never), { ok: true, value: expected });
  test('accepted forms', () => {
    ok('2021-12-31', '2021-12-31');
    ok('2021/6/5', '2021-06-05');
    ok('2021.6.5', '2021-06-05');
    ok('2021年6月5日', '2021-06-05');
    ok('2021年6月5', '2021-06-05');
    ok('20210605', '2021-06-05');
    ok('2021年2月底', '2021-02-28');
    ok('2024年2月', '2024-02-29');
    ok('2021-06', '2021-06-30');
    ok('2021年底', '2021-12-31');
    ok('2021年上半年', '2021-06-30');
    ok('2021年下半年', '2021-12-31');
    ok(new Date(Date.UTC(2021, 6, 15)), '2021-07-15');
    ok(44392, '2021-07-15'); // an Excel serial day
  });
  test('refused forms', () => {
    for (const v of ['2021-02-30', '2021年13月', '明年', '12/31/2021', '', true, -1, new Date(Number.NaN)])
      assert.equal(parseDate(v as never).ok, false, String(v));
  });
});

describe('完成比例', () => {
  const ok = (v: unknown, fmt: string | undefined, expected: number) =>
    assert.deepEqual(parseProgress(v as never, fmt), { ok: true, value: expected });
  test('percent formats, strings, whole numbers and fractions', () => {
    ok(0.45, '0%', 45);
    ok(0.3333, '0.00%', 33.33);
    ok(1, '0%', 100);
    ok(45, undefined, 45);
    ok(1, undefined, 1);
    ok(0.45, undefined, 45);
    ok('45%', undefined, 45);
    ok('45 ％', undefined, 45);
    ok('45', undefined, 45);
    ok('0.5', undefined, 50);
    ok('100%', undefined, 100);
  });
  test('outside 0–100 or not a number', () => {
    for (const [v, f] of [
      [120, undefined],
      [1.2, '0%'],
      ['一半', undefined],
      ['-5%', undefined],
      [true, undefined],
    ] as const)
      assert.equal(parseProgress(v as never, f).ok, false, String(v));
  });
});

describe('dates: edge cases', () => {
  const value = (v: unknown) => {
    const r = parseDate(v as never);
    return r.ok ? r.value : r.error;
  };
  test('Excel serial days: fractions are times of day; the range is Excel’s', () => {
    assert.equal(value(44392.75), '2021-07-15');
    assert.equal(value(25569), '1970-01-01');
    assert.equal(value(2_958_465), '9999-12-31');
    assert.equal(value(2_958_466), '无法识别的日期“2958466”');
    assert.equal(value(0), '无法识别的日期“0”');
    assert.equal(value(0.5), '无法识别的日期“0.5”');
    assert.equal(value(Number.POSITIVE_INFINITY), '无法识别的日期“Infinity”');
    assert.equal(value(Number.NaN), '无法识别的日期“NaN”');
  });
  test('a date cell by its UTC day, whatever its time', () => {
    assert.equal(value(new Date('2021-07-15T23:59:59Z')), '2021-07-15');
    assert.equal(value(new Date(Number.NaN)), '无法识别的日期“Invalid Date”');
  });
  test('spaces anywhere are ignored', () => {
    assert.equal(value(' 2021 - 6 - 5 '), '2021-06-05');
    assert.equal(value('2021 年 6 月 5 日'), '2021-06-05');
  });
  test('month ends, year ends and halves', () => {
    assert.equal(value('2021年6月末'), '2021-06-30');
    assert.equal(value('2021年6月份'), '2021-06-30');
    assert.equal(value('2021/2'), '2021-02-28');
    assert.equal(value('2021.12'), '2021-12-31');
    assert.equal(value('2021年末'), '2021-12-31');
    assert.equal(value('2021年内'), '2021-12-31');
    assert.equal(value('2021年年底'), '2021-12-31');
  });
  test('leap days only in leap years; months and days in range', () => {
    assert.equal(value('2024年2月29日'), '2024-02-29');
    assert.equal(value('2021年2月29日'), '无法识别的日期“2021年2月29日”');
    assert.equal(value('2021-00-10'), '无法识别的日期“2021-00-10”');
    assert.equal(value('2021-04-31'), '无法识别的日期“2021-04-31”');
    assert.equal(value('20211301'), '无法识别的日期“20211301”');
    assert.equal(value('2021年0月'), '无法识别的日期“2021年0月”');
  });
  test('a year alone, two-digit years and other shapes are refused', () => {
    for (const v of ['2021', '2021年', '21-6-5', '2021-6-5-1', '二〇二一年底', '2021年第三季度'])
      assert.equal(value(v), `无法识别的日期“${v}”`);
    assert.equal(value(null), '无法识别的日期“”');
  });
});

describe('完成比例: edge cases', () => {
  const value = (v: unknown, fmt?: string) => {
    const r = parseProgress(v as never, fmt);
    return r.ok ? r.value : r.error;
  };
  test('zero in every form', () => {
    assert.equal(value(0), 0);
    assert.equal(value(0, '0%'), 0);
    assert.equal(value('0'), 0);
    assert.equal(value('0%'), 0);
  });
  test('a number below 1 is a fraction unless the text says %', () => {
    assert.equal(value(0.005), 0.5);
    assert.equal(value('0.5%'), 0.5);
    assert.equal(value(0.455, '0.0%'), 45.5);
  });
  test('rounded to two decimals, then checked against 0–100', () => {
    assert.equal(value(33.333), 33.33);
    assert.equal(value(100.004), 100);
    assert.equal(value(100.01), '完成比例100.01%超出0%–100%');
    assert.equal(value(-0.1), '完成比例-0.1%超出0%–100%');
    assert.equal(value('101%'), '完成比例101%超出0%–100%');
    assert.equal(value(Number.POSITIVE_INFINITY), '完成比例Infinity%超出0%–100%');
  });
  test('text that is not a plain number', () => {
    for (const v of ['四成', '45%%', '4,5', '１２', '1e2', ''])
      assert.equal(value(v), `无法识别的完成比例“${v}”`);
    assert.match(String(value(new Date(Date.UTC(2021, 0, 1)))), /^无法识别的完成比例/);
  });
});

describe('级别', () => {
  test('labels, variants and codes, spaces ignored', () => {
    assert.deepEqual(parseLevel('区级'), { ok: true, value: 'district' });
    assert.deepEqual(parseLevel(' 市级 公布 '), { ok: true, value: 'city_published' });
    assert.deepEqual(parseLevel('省重点'), { ok: true, value: 'provincial_key' });
    assert.deepEqual(parseLevel('省级重点备案'), { ok: true, value: 'provincial_key' });
    assert.deepEqual(parseLevel('县级'), { ok: true, value: 'district' });
    assert.deepEqual(parseLevel('部门级'), { ok: true, value: 'department' });
    assert.deepEqual(parseLevel('provincial_key'), { ok: true, value: 'provincial_key' });
  });
  test('required; anything else named as written', () => {
    assert.deepEqual(parseLevel(''), { ok: false, error: '级别不能为空' });
    assert.deepEqual(parseLevel('国家 级'), {
      ok: false,
      error: '级别“国家 级”应为：省重点备案、市级公布、区级、部门',
    });
  });
});

describe('类别', () => {
  test('blank is a project; labels, variants and codes, spaces ignored', () => {
    assert.deepEqual(parseKind(''), { ok: true, value: 'project' });
    assert.deepEqual(parseKind('实事项目'), { ok: true, value: 'project' });
    assert.deepEqual(parseKind('我为群众办实事'), { ok: true, value: 'project' });
    assert.deepEqual(parseKind(' 重点 任务 '), { ok: true, value: 'key_task' });
    assert.deepEqual(parseKind('任务'), { ok: true, value: 'key_task' });
    assert.deepEqual(parseKind('key_task'), { ok: true, value: 'key_task' });
  });
  test('anything else is named without its spaces', () => {
    assert.deepEqual(parseKind('其 他'), { ok: false, error: '类别“其他”应为：实事项目、重点任务' });
  });
});

describe('是否公开', () => {
  test('Chinese yes and no, their variants, ticks and crosses', () => {
    for (const v of ['是', '公开', 'Y', 'y', 'yes', '1', '√', '✓'])
      assert.deepEqual(parsePublic(v), { ok: true, value: true }, v);
    for (const v of ['否', '不公开', '内部', 'N', 'n', 'no', '0', '×'])
      assert.deepEqual(parsePublic(v), { ok: true, value: false }, v);
  });
  test('Excel’s TRUE and FALSE, and the numbers 1 and 0, by their text', () => {
    assert.deepEqual(parsePublic(shown(true)), { ok: true, value: true });
    assert.deepEqual(parsePublic(shown(false)), { ok: true, value: false });
    assert.deepEqual(parsePublic(shown(1)), { ok: true, value: true });
    assert.deepEqual(parsePublic(shown(0)), { ok: true, value: false });
  });
  test('blank is internal; anything else is refused (case matters)', () => {
    assert.deepEqual(parsePublic(''), { ok: true, value: false });
    for (const v of ['可以', 'YES', 'True', '是的'])
      assert.deepEqual(parsePublic(v), { ok: false, error: `是否公开“${v}”应为：是、否` }, v);
  });
});

describe('年度', () => {
  test('a whole number, as a number or text, 年 allowed after it', () => {
    assert.deepEqual(parseYear(2021), { ok: true, value: 2021 });
    assert.deepEqual(parseYear('2021'), { ok: true, value: 2021 });
    assert.deepEqual(parseYear('2021年'), { ok: true, value: 2021 });
  });
  test('anything else is named as shown (a date by its day)', () => {
    assert.deepEqual(parseYear(2021.5), { ok: false, error: '年度“2021.5”不是年份' });
    assert.deepEqual(parseYear('二〇二一'), { ok: false, error: '年度“二〇二一”不是年份' });
    assert.deepEqual(parseYear(new Date(Date.UTC(2021, 0, 1))), {
      ok: false,
      error: '年度“2021-01-01”不是年份',
    });
  });
});

describe('权重', () => {
  test('a non-negative number, % allowed after it, rounded to two decimals', () => {
    assert.deepEqual(parseWeight(30), { ok: true, value: 30 });
    assert.deepEqual(parseWeight(0), { ok: true, value: 0 });
    assert.deepEqual(parseWeight('30%'), { ok: true, value: 30 });
    assert.deepEqual(parseWeight('30％'), { ok: true, value: 30 });
    assert.deepEqual(parseWeight(33.333), { ok: true, value: 33.33 });
  });
  test('negative numbers and text are refused', () => {
    for (const v of [-1, '三成', true, Number.POSITIVE_INFINITY])
      assert.deepEqual(parseWeight(v), { ok: false, error: `权重“${String(v)}”应为非负数` }, String(v));
  });
});

describe('lists of names', () => {
  test('split at 、 , ， ; ； and line ends, blanks dropped, spaces kept', () => {
    assert.deepEqual(splitList('住建局、水务局,交通局，教育局;卫健委；民政局\n生态局'), [
      '住建局',
      '水务局',
      '交通局',
      '教育局',
      '卫健委',
      '民政局',
      '生态局',
    ]);
    assert.deepEqual(splitList('、、望亭镇、\n'), ['望亭镇']);
    assert.deepEqual(splitList('望亭 镇'), ['望亭 镇']);
    assert.deepEqual(splitList(''), []);
  });
});
