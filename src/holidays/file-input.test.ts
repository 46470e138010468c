import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { cleanDays, dayLines, packageYear } from '../../test/support/holiday-days.js';
import { parseCsv, parseIcal } from './file-input.js';

const require = createRequire(import.meta.url);

describe('parseIcal', () => {
  test("chinese-days' own iCalendar feed gives the days of its data, one year at a time", () => {
    const text = fs.readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8');
    for (const year of [2024, 2025, 2026]) {
      const r = parseIcal(text, year);
      assert.deepEqual(dayLines(r.days), packageYear(year), `${year}`);
      assert.ok(r.issues.every((i) => i.severity === 'warning'));
    }
    assert.equal(parseIcal(text, 2026).days.find((d) => d.date === '2026-02-17')!.name, '春节');
  });

  test('multi-day events expand; a feed without the year, or not iCalendar at all, is an error', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:1',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20310122',
      'DTEND;VALUE=DATE:20310129',
      'SUMMARY:春节(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:2',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20310208',
      'SUMMARY:春节(班)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    assert.deepEqual(cleanDays(parseIcal(ics, 2031)), [
      '2031-01-22 休 春节',
      '2031-01-23 休 春节',
      '2031-01-24 休 春节',
      '2031-01-25 休 春节',
      '2031-01-26 休 春节',
      '2031-01-27 休 春节',
      '2031-01-28 休 春节',
      '2031-02-08 班 春节',
    ]);
    assert.equal(parseIcal(ics, 2032).issues[1]!.severity, 'error');
    assert.match(parseIcal('hello', 2031).issues[0]!.message, /不是有效的 iCalendar/);
  });
});

describe('parseCsv', () => {
  test('rows of date, kind and name, with or without a header', () => {
    const read = parseCsv(
      'date,kind,name\n2031-01-01,休,元旦\n2031-02-08,班,春节\n"2031-10-01",holiday,国庆节\n',
      2031,
    );
    assert.deepEqual(cleanDays(read), ['2031-01-01 休 元旦', '2031-02-08 班 春节', '2031-10-01 休 国庆节']);
    assert.equal(parseCsv('2031-01-01,休,元旦\n', 2031).days.length, 1);
  });

  test('a bad date or kind names its row', () => {
    const r = parseCsv('2031-01-01,休,元旦\n2031-13-01,休,x\n2031-02-08,maybe,春节\n', 2031);
    assert.deepEqual(
      r.issues.map((i) => [i.line, i.severity]),
      [
        [2, 'error'],
        [3, 'error'],
      ],
    );
  });
});
