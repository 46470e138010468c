/** The 通报 as a workbook: one sheet per kind of unit (the ranking table) and one with the notes on method. */
import ExcelJS from 'exceljs';
import { KIND_LABELS, RATE_LABELS, type BulletinContent } from './bulletin-content.js';
import { RATES } from './scheme.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };

export async function bulletinXlsx(c: BulletinContent): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'banshi';
  // a fixed date: the same month and inputs give the same file
  wb.created = wb.modified = new Date(`${c.isoDate}T00:00:00Z`);
  for (const s of c.sections) {
    const ws = wb.addWorksheet(`${KIND_LABELS[s.kind]}排名`);
    ws.addRow([c.title]).font = { bold: true, size: 14 };
    ws.addRow([c.number, c.provisional ? '临时排名（未冻结）' : '已冻结', c.date]);
    ws.addRow([`红榜：${s.red.join('、') || '（无）'}`, `黑榜：${s.black.join('、') || '（无）'}`]);
    const header = ws.addRow([
      '名次',
      '单位',
      '派单数',
      ...RATES.map((r) => RATE_LABELS[r]),
      '扣分',
      '综合得分',
      '名次变化',
      '备注',
    ]);
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.font = { bold: true };
    });
    for (const r of s.rows) {
      const row = ws.addRow([
        r.rank,
        r.name,
        r.dispatched,
        ...RATES.map((rate) => r.rates[rate]),
        r.deduction_points,
        r.score,
        r.change,
        r.note,
      ]);
      RATES.forEach((_, i) => (row.getCell(4 + i).numFmt = '0.0%'));
      row.getCell(8).numFmt = row.getCell(9).numFmt = '0.00';
    }
    ws.columns.forEach((col, i) => (col.width = i === 1 ? 22 : i === 11 ? 28 : 11));
  }
  const notes = wb.addWorksheet('说明');
  notes.addRow([c.summary]);
  for (const m of c.method) notes.addRow([m]);
  notes.getColumn(1).width = 120;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
