import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testCases } from '../../../test/support/cases.js';
import { COLUMNS } from './columns.js';
import { headerMap, normaliseHeader, rowCells } from './sheet.js';

const row = (values: unknown[]) => new ExcelJS.Workbook().addWorksheet('s').addRow(values);

describe('headers as offices write them', () => {
  testCases(normaliseHeader, {
    'notes in brackets, spaces, asterisks and colons are dropped': [
      ['完成时限（年月日）', '完成时限'],
      ['完成比例(%)', '完成比例'],
      ['*项目名称', '项目名称'],
      ['＊ 责任 单位：', '责任单位'],
    ],
  });
  test('columns found by header or alias; the first of a repeated header wins; unknown headers listed', () => {
    const h = headerMap(
      row(['序号', '任务名称', '牵头单位', 123, '备注', '项目名称', '', '完成时限*']),
      COLUMNS,
    );
    assert.deepEqual(
      [...h.map],
      [
        ['serial', 1],
        ['title', 2],
        ['owner', 3],
        ['due_date', 8],
      ],
    );
    assert.deepEqual(h.unknown, ['备注']);
  });
});

describe("a row's cells by field", () => {
  test('values, text and number formats; a column the sheet lacks reads as blank', () => {
    const r = row([' 河道整治 ', 0.45, new Date(Date.UTC(2021, 11, 31))]);
    r.getCell(2).numFmt = '0%';
    const cells = rowCells(
      r,
      new Map([
        ['title', 1],
        ['progress', 2],
        ['due_date', 3],
      ]),
    );
    assert.equal(cells.value('title'), '河道整治');
    assert.equal(cells.numFmt('progress'), '0%');
    assert.equal(cells.text('due_date'), '2021-12-31');
    assert.equal(cells.value('code'), null);
    assert.equal(cells.text('code'), '');
    assert.equal(cells.numFmt('code'), undefined);
  });
});
