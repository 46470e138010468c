import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { readLedger } from './reader.js';

const names = {
  departments: new Map([
    ['housing', '相城区住房和城乡建设局'],
    ['urban-mgmt', '相城区城市管理局（综合行政执法局）'],
    ['water', '相城区水务局'],
    ['water-supply', '相城区自来水公司'],
  ]),
  areas: new Map([
    ['xc-wangting', '望亭镇'],
    ['xc-yuanhe', '元和街道'],
    ['xc-a-beiqiao', '北桥社区'],
    ['xc-b-beiqiao', '北桥社区'],
  ]),
};

async function book(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading a ledger as offices keep it', () => {
  test('a title row, aliases, free column order, blank rows, Chinese dates; absent columns noted', async () => {
    const file = await book({
      Sheet1: [
        ['2021年“我为群众办实事”项目台账'],
        ['序号', '项目名称', '级别', '牵头单位', '完成时限（年月日）', '完成比例', '进展情况', '备注'],
        [1, '河道整治', '区级', '相城区水务局', '2021年12月底', '45%', '已完成清淤', '无'],
        [],
        [2, '加装电梯', '市级公布', 'housing', '2021/10/31', 0.6, null, null],
      ],
      节点安排: [
        ['序号', '节点名称', '计划完成时间', '实际完成时间', '权重'],
        [2, '方案', '2021-03-31', '2021-03-20', null],
        [2, '施工', '2021-09-30', null, null],
      ],
    });
    const r = await readLedger(file, names, '2021-07-15');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, ['Sheet1：未识别的列已忽略：备注']);
    assert.ok(r.absent.has('public') && r.absent.has('year') && !r.absent.has('milestones'));
    assert.deepEqual(
      r.projects.map((p) => [
        p.line,
        p.input.title,
        p.input.level,
        p.input.owner_department_code,
        p.input.due_date,
        p.input.progress,
        p.input.year,
      ]),
      [
        [3, '河道整治', 'district', 'water', '2021-12-31', 45, 2021],
        [5, '加装电梯', 'city_published', 'housing', '2021-10-31', 60, 2021],
      ],
    );
    assert.equal(r.projects[1]!.input.milestones.length, 2);
    assert.equal(r.projects[1]!.input.public, false);
  });

  test('a missing required column refuses the file at the header', async () => {
    const r = await readLedger(
      await book({
        Sheet1: [
          ['序号', '项目名称', '级别'],
          [1, 'x', '区级'],
        ],
      }),
      names,
      '2021-07-15',
    );
    assert.equal(r.projects.length, 0);
    assert.deepEqual(r.errors, [{ sheet: 'Sheet1', line: 1, reasons: ['缺少必填列：责任单位、完成时限'] }]);
  });

  test('weighted milestones must agree with a stated 完成比例; done dates may not be in the future', async () => {
    const r = await readLedger(
      await book({
        实事项目台账: [
          ['序号', '项目编号', '项目名称', '级别', '责任单位', '完成时限', '完成比例'],
          [1, 'A-1', '甲', '区级', 'water', '2021-12-31', '50%'],
          [2, 'A-2', '乙', '区级', 'water', '2021-12-31', '30%'],
        ],
        节点安排: [
          ['项目编号', '节点名称', '计划完成时间', '实际完成时间', '权重'],
          ['A-1', '一', '2021-03-31', '2021-03-01', 30],
          ['A-1', '二', '2021-09-30', null, 70],
          ['A-2', '一', '2021-03-31', '2021-08-01', 30],
          ['A-9', '一', '2021-03-31', null, null],
        ],
      }),
      names,
      '2021-07-15',
    );
    const byLine = Object.fromEntries(r.errors.map((e) => [`${e.sheet}:${e.line}`, e.reasons.join('；')]));
    assert.match(byLine['实事项目台账:2']!, /完成比例50%与按节点权重计算的30%不一致/);
    assert.match(byLine['节点安排:4']!, /实际完成时间2021-08-01晚于今天/);
    assert.match(byLine['实事项目台账:3']!, /节点安排第4行有误/);
    assert.match(byLine['节点安排:5']!, /项目编号“A-9”不在实事项目台账中/);
    assert.equal(r.projects.length, 0);
  });

  test('not an xlsx file', async () => {
    const r = await readLedger(Buffer.from('not a spreadsheet'), names, '2021-07-15');
    assert.match(r.errors[0]!.reasons[0]!, /不是有效的xlsx文件/);
  });
});
