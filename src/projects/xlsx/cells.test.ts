import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CellValue } from 'exceljs';
import { testCases } from '../../../test/support/cases.js';
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

/** A parser's answer as one value: what it read, or why not. */
const outcome = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => (r.ok ? r.value : r.error);

/** Read as the value given. */
const read = <T>(value: T) => ({ ok: true, value }) as const;
/** Cases of texts and what each reads as. */
const reads = <T>(table: Record<string, T>) =>
  Object.entries(table).map(([text, value]) => [text, read(value)] as const);

describe('cell values as plain data', () => {
  const cell = (v: unknown) => plain(v as CellValue);
  testCases(cell, {
    'empty cells and blank text are null; text is trimmed': [
      [null, null],
      [undefined, null],
      ['', null],
      [' \t\n　', null],
      ['  河道整治 ', '河道整治'],
    ],
    'numbers and booleans as they are (zero and false are values, not blanks)': [
      [0, 0],
      [45.5, 45.5],
      [false, false],
    ],
    'rich text joined, then trimmed': [
      [{ richText: [{ text: ' 河道' }, { font: { bold: true }, text: '整治 ' }] }, '河道整治'],
      [{ richText: [{ text: ' ' }, { text: '' }] }, null],
      [{ richText: [] }, null],
    ],
    'formulas by their result': [
      [{ formula: 'A1*2', result: 90 }, 90],
      [{ formula: 'TRIM(A1)', result: ' 区级 ' }, '区级'],
      [{ sharedFormula: 'B2', result: '是' }, '是'],
      [{ formula: 'A1>0', result: true }, true],
      [{ formula: '1/0', result: { error: '#DIV/0!' } }, '#DIV/0!'],
      [{ formula: 'A1' }, null], // never calculated
      [{ formula: 'A1', result: '' }, null],
    ],
    'hyperlinks by their text, errors as their text, anything else as null': [
      [{ text: ' 见附件 ', hyperlink: 'https://example.org/a' }, '见附件'],
      [{ error: '#N/A' }, '#N/A'],
      [{}, null],
    ],
  });
  test('dates as they are, in a cell or as a formula’s result', () => {
    const d = new Date(Date.UTC(2021, 6, 15));
    assert.equal(cell(d), d);
    const end = new Date(Date.UTC(2021, 11, 31));
    assert.equal(cell({ formula: 'DATE(2021,12,31)', result: end }), end);
  });
});

describe('cell values as text', () => {
  testCases(shown, {
    'blank, text, numbers and booleans': [
      [null, ''],
      ['区级', '区级'],
      [45.5, '45.5'],
      [0, '0'],
      [true, 'true'],
    ],
    'dates as their UTC day; an invalid date says so instead of throwing': [
      [new Date('2021-07-15T23:30:00Z'), '2021-07-15'],
      [new Date(Number.NaN), 'Invalid Date'],
    ],
  });
});

describe('dates as offices write them', () => {
  testCases((v: unknown) => parseDate(v as never), {
    'accepted forms': [
      ...reads({
        '2021-12-31': '2021-12-31',
        '2021/6/5': '2021-06-05',
        '2021.6.5': '2021-06-05',
        '2021年6月5日': '2021-06-05',
        '2021年6月5': '2021-06-05',
        '20210605': '2021-06-05',
        '2021年2月底': '2021-02-28',
        '2024年2月': '2024-02-29',
        '2021-06': '2021-06-30',
        '2021年底': '2021-12-31',
        '2021年上半年': '2021-06-30',
        '2021年下半年': '2021-12-31',
      }),
      [new Date(Date.UTC(2021, 6, 15)), read('2021-07-15')],
      [44392, read('2021-07-15')], // an Excel serial day
    ],
  });
  test('refused forms', () => {
    for (const v of ['2021-02-30', '2021年13月', '明年', '12/31/2021', '', true, -1, new Date(Number.NaN)])
      assert.equal(parseDate(v as never).ok, false, String(v));
  });
});

describe('完成比例', () => {
  testCases(([v, fmt]: readonly [unknown, string?]) => parseProgress(v as never, fmt), {
    'percent formats, strings, whole numbers and fractions': [
      [[0.45, '0%'], { ok: true, value: 45 }],
      [[0.3333, '0.00%'], { ok: true, value: 33.33 }],
      [[1, '0%'], { ok: true, value: 100 }],
      [[45], { ok: true, value: 45 }],
      [[1], { ok: true, value: 1 }],
      [[0.45], { ok: true, value: 45 }],
      [['45%'], { ok: true, value: 45 }],
      [['45 ％'], { ok: true, value: 45 }],
      [['45'], { ok: true, value: 45 }],
      [['0.5'], { ok: true, value: 50 }],
      [['100%'], { ok: true, value: 100 }],
    ],
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
  const value = (v: unknown) => outcome(parseDate(v as never));
  const unreadable = (v: string) => [v, `无法识别的日期“${v}”`] as const;
  testCases(value, {
    'Excel serial days: fractions are times of day; the range is Excel’s': [
      [44392.75, '2021-07-15'],
      [25569, '1970-01-01'],
      [2_958_465, '9999-12-31'],
      [2_958_466, '无法识别的日期“2958466”'],
      [0, '无法识别的日期“0”'],
      [0.5, '无法识别的日期“0.5”'],
      [Number.POSITIVE_INFINITY, '无法识别的日期“Infinity”'],
      [Number.NaN, '无法识别的日期“NaN”'],
    ],
    'a date cell by its UTC day, whatever its time': [
      [new Date('2021-07-15T23:59:59Z'), '2021-07-15'],
      [new Date(Number.NaN), '无法识别的日期“Invalid Date”'],
    ],
    'spaces anywhere are ignored': [
      [' 2021 - 6 - 5 ', '2021-06-05'],
      ['2021 年 6 月 5 日', '2021-06-05'],
    ],
    'month ends, year ends and halves': [
      ['2021年6月末', '2021-06-30'],
      ['2021年6月份', '2021-06-30'],
      ['2021/2', '2021-02-28'],
      ['2021.12', '2021-12-31'],
      ['2021年末', '2021-12-31'],
      ['2021年内', '2021-12-31'],
      ['2021年年底', '2021-12-31'],
    ],
    'leap days only in leap years; months and days in range': [
      ['2024年2月29日', '2024-02-29'],
      ...['2021年2月29日', '2021-00-10', '2021-04-31', '20211301', '2021年0月'].map(unreadable),
    ],
    'a year alone, two-digit years and other shapes are refused': [
      ...['2021', '2021年', '21-6-5', '2021-6-5-1', '二〇二一年底', '2021年第三季度'].map(unreadable),
      [null, '无法识别的日期“”'],
    ],
  });
});

describe('完成比例: edge cases', () => {
  const value = ([v, fmt]: readonly [unknown, string?]) => outcome(parseProgress(v as never, fmt));
  const outOfRange = (v: number | string, shown: string) => [[v], `完成比例${shown}%超出0%–100%`] as const;
  testCases(value, {
    'zero in every form': [
      [[0], 0],
      [[0, '0%'], 0],
      [['0'], 0],
      [['0%'], 0],
    ],
    'a number below 1 is a fraction unless the text says %': [
      [[0.005], 0.5],
      [['0.5%'], 0.5],
      [[0.455, '0.0%'], 45.5],
    ],
    'rounded to two decimals, then checked against 0–100': [
      [[33.333], 33.33],
      [[100.004], 100],
      outOfRange(100.01, '100.01'),
      outOfRange(-0.1, '-0.1'),
      outOfRange('101%', '101'),
      outOfRange(Number.POSITIVE_INFINITY, 'Infinity'),
    ],
    'text that is not a plain number': ['四成', '45%%', '4,5', '１２', '1e2', ''].map(
      (v) => [[v], `无法识别的完成比例“${v}”`] as const,
    ),
  });
  test('a date is not a number', () =>
    assert.match(String(value([new Date(Date.UTC(2021, 0, 1))])), /^无法识别的完成比例/));
});

describe('级别', () => {
  testCases(parseLevel, {
    'labels, variants and codes, spaces ignored': reads({
      区级: 'district',
      ' 市级 公布 ': 'city_published',
      省重点: 'provincial_key',
      省级重点备案: 'provincial_key',
      县级: 'district',
      部门级: 'department',
      provincial_key: 'provincial_key',
    }),
    'required; anything else named as written': [
      ['', { ok: false, error: '级别不能为空' }],
      ['国家 级', { ok: false, error: '级别“国家 级”应为：省重点备案、市级公布、区级、部门' }],
    ],
  });
});

describe('类别', () => {
  testCases(parseKind, {
    'blank is a project; labels, variants and codes, spaces ignored': reads({
      '': 'project',
      实事项目: 'project',
      我为群众办实事: 'project',
      ' 重点 任务 ': 'key_task',
      任务: 'key_task',
      key_task: 'key_task',
    }),
    'anything else is named without its spaces': [
      ['其 他', { ok: false, error: '类别“其他”应为：实事项目、重点任务' }],
    ],
  });
});

describe('是否公开', () => {
  const yes = (v: string) => [v, read(true)] as const;
  const no = (v: string) => [v, read(false)] as const;
  testCases(parsePublic, {
    'Chinese yes and no, their variants, ticks and crosses': [
      ...['是', '公开', 'Y', 'y', 'yes', '1', '√', '✓'].map(yes),
      ...['否', '不公开', '内部', 'N', 'n', 'no', '0', '×'].map(no),
    ],
    'Excel’s TRUE and FALSE, and the numbers 1 and 0, by their text': [
      yes(shown(true)),
      no(shown(false)),
      yes(shown(1)),
      no(shown(0)),
    ],
    'blank is internal; anything else is refused (case matters)': [
      no(''),
      ...['可以', 'YES', 'True', '是的'].map(
        (v) => [v, { ok: false, error: `是否公开“${v}”应为：是、否` }] as const,
      ),
    ],
  });
});

describe('年度', () => {
  testCases(parseYear, {
    'a whole number, as a number or text, 年 allowed after it': [
      [2021, read(2021)],
      ['2021', read(2021)],
      ['2021年', read(2021)],
    ],
    'anything else is named as shown (a date by its day)': [
      [2021.5, { ok: false, error: '年度“2021.5”不是年份' }],
      ['二〇二一', { ok: false, error: '年度“二〇二一”不是年份' }],
      [new Date(Date.UTC(2021, 0, 1)), { ok: false, error: '年度“2021-01-01”不是年份' }],
    ],
  });
});

describe('权重', () => {
  testCases(parseWeight, {
    'a non-negative number, % allowed after it, rounded to two decimals': [
      [30, read(30)],
      [0, read(0)],
      ['30%', read(30)],
      ['30％', read(30)],
      [33.333, read(33.33)],
    ],
    'negative numbers and text are refused': [-1, '三成', true, Number.POSITIVE_INFINITY].map(
      (v) => [v, { ok: false, error: `权重“${String(v)}”应为非负数` }] as const,
    ),
  });
});

describe('lists of names', () => {
  testCases(splitList, {
    'split at 、 , ， ; ； and line ends, blanks dropped, spaces kept': [
      [
        '住建局、水务局,交通局，教育局;卫健委；民政局\n生态局',
        ['住建局', '水务局', '交通局', '教育局', '卫健委', '民政局', '生态局'],
      ],
      ['、、望亭镇、\n', ['望亭镇']],
      ['望亭 镇', ['望亭 镇']],
      ['', []],
    ],
  });
});
