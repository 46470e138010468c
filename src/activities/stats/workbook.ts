/**
 * The statistics as an xlsx workbook (ExcelJS, like the projects' ledger): the bulletin sentence first, then one
 * sheet per grouping (按主题, 按宣讲团, 按区域, 按月份) with Chinese headers and a 合计 row.
 */
import ExcelJS from 'exceljs';
import { GROUPINGS, type Grouping, type StatsRow } from './grouping.js';

export const SHEET_NAMES: Record<Grouping, string> = {
  topic: '按主题',
  team: '按宣讲团',
  area: '按区域',
  month: '按月份',
};
const FIRST_HEADER: Record<Grouping, string> = {
  topic: '主题',
  team: '宣讲团',
  area: '街道（镇）',
  month: '月份',
};
export const SUMMARY_SHEET = '概况';

type Column = { header: string; width: number; value: (r: StatsRow) => ExcelJS.CellValue };
const COLUMNS: readonly Column[] = [
  { header: '开展场次', width: 10, value: (r) => r.sessions },
  { header: '实名签到（人次）', width: 16, value: (r) => r.named },
  { header: '现场计数（人次）', width: 16, value: (r) => r.headcount },
  { header: '参与群众（人次）', width: 16, value: (r) => r.attendance },
  { header: '覆盖社区（个）', width: 14, value: (r) => r.communities_covered },
  { header: '目标社区（个）', width: 14, value: (r) => r.communities_target },
  { header: '收集意见建议（条）', width: 18, value: (r) => r.needs_raised },
  { header: '已解决（条）', width: 12, value: (r) => r.needs_resolved },
];
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

export type WorkbookInput = {
  /** The period in words and the bulletin sentence. */
  title: string;
  bulletin: string;
  rows: Record<Grouping, StatsRow[]>;
  total: StatsRow;
};

export async function statsWorkbook(input: WorkbookInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'banshi';
  const summary = wb.addWorksheet(SUMMARY_SHEET);
  summary.columns = [{ width: 100 }];
  summary.addRow([input.title]).font = { bold: true, size: 14 };
  summary.addRow([input.bulletin]).alignment = { wrapText: true, vertical: 'top' };
  for (const by of GROUPINGS) addSheet(wb, by, input.rows[by], input.total);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, by: Grouping, rows: readonly StatsRow[], total: StatsRow) {
  const ws = wb.addWorksheet(SHEET_NAMES[by]);
  const columns = by === 'topic' ? COLUMNS : COLUMNS.filter((c) => c.header !== '目标社区（个）');
  ws.columns = [{ header: FIRST_HEADER[by], width: 28 }, ...columns].map((c) => ({
    header: c.header,
    width: c.width,
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow([r.label, ...columns.map((c) => c.value(r))]);
  const sum = ws.addRow([total.label, ...columns.map((c) => c.value(total))]);
  sum.font = { bold: true };
}
