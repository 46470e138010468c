/**
 * Writing the ledger: the 实事项目台账 sheet (one project per row, with the status it has on the day asked
 * about), the 节点安排 sheet and the 填写说明 sheet; with no projects, the template offices fill in.
 */
import ExcelJS from 'exceljs';
import { KIND_LABELS } from '../model.js';
import type { Names, ProjectRow } from '../queries.js';
import { deriveStatus, effectiveProgress, LEVEL_LABELS, LEVELS, STATUS_LABELS } from '../status.js';
import {
  COLUMNS,
  GUIDE_SHEET,
  LEDGER_SHEET,
  MILESTONE_SHEET,
  MS_COLUMNS,
  type Field,
  type MsField,
} from './columns.js';

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const DATE_FORMAT = 'yyyy-mm-dd';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
/** The template's rows that get drop-down lists and formats. */
const TEMPLATE_ROWS = 300;

/** The ledger as an xlsx file, with the status each project has on `asOf`; with no projects, the template. */
export async function writeLedger(
  projects: readonly ProjectRow[],
  names: Names,
  asOf: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'banshi';
  const ws = wb.addWorksheet(LEDGER_SHEET);
  sheetHeader(ws, COLUMNS);
  addProjects(ws, projects, names, asOf);
  const ms = wb.addWorksheet(MILESTONE_SHEET);
  sheetHeader(ms, MS_COLUMNS);
  addMilestones(ms, projects);
  addGuide(wb.addWorksheet(GUIDE_SHEET));
  if (projects.length === 0) addTemplateValidation(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheetHeader(ws: ExcelJS.Worksheet, cols: readonly { header: string; width: number }[]) {
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** Area labels for export: the name when it is unique in the jurisdiction, else the code. */
function areaLabeller(names: Names) {
  const count = new Map<string, number>();
  for (const n of names.areas.values()) count.set(n, (count.get(n) ?? 0) + 1);
  return (code: string) => {
    const n = names.areas.get(code);
    return n && count.get(n) === 1 ? n : code;
  };
}

function addProjects(ws: ExcelJS.Worksheet, projects: readonly ProjectRow[], names: Names, asOf: string) {
  const area = areaLabeller(names);
  const dept = (c: string) => names.departments.get(c) ?? c;
  projects.forEach((p, i) => {
    const progress = effectiveProgress(p);
    const values: Record<Field, ExcelJS.CellValue> = {
      serial: i + 1,
      title: p.title,
      owner: dept(p.owner_department_code),
      level: LEVEL_LABELS[p.level],
      target: p.target || null,
      due_date: utcDate(p.due_date),
      progress_note: p.progress_note || null,
      progress: progress / 100,
      code: p.code,
      year: p.year,
      kind: KIND_LABELS[p.kind],
      co: p.co_department_codes.map(dept).join('、') || null,
      areas: p.area_codes.map(area).join('、') || null,
      description: p.description || null,
      start_date: p.start_date ? utcDate(p.start_date) : null,
      public: p.public ? '是' : '否',
      status: STATUS_LABELS[deriveStatus(p, asOf)],
    };
    const row = ws.addRow(COLUMNS.map((c) => values[c.field]));
    COLUMNS.forEach((c, k) => {
      const cell = row.getCell(k + 1);
      if (c.field === 'due_date' || c.field === 'start_date') cell.numFmt = DATE_FORMAT;
      if (c.field === 'progress') cell.numFmt = Number.isInteger(progress) ? '0%' : '0.00%';
    });
  });
}

function addMilestones(ws: ExcelJS.Worksheet, projects: readonly ProjectRow[]) {
  projects.forEach((p, i) => {
    for (const m of p.milestones) {
      const values: Record<MsField, ExcelJS.CellValue> = {
        code: p.code,
        serial: i + 1,
        project_title: p.title,
        seq: m.seq,
        title: m.title,
        due_date: utcDate(m.due_date),
        done_date: m.done_date ? utcDate(m.done_date) : null,
        weight: m.weight,
        evidence: m.evidence || null,
      };
      const row = ws.addRow(MS_COLUMNS.map((c) => values[c.field]));
      MS_COLUMNS.forEach((c, k) => {
        if (c.field === 'due_date' || c.field === 'done_date') row.getCell(k + 1).numFmt = DATE_FORMAT;
      });
    }
  });
}

/** 填写说明: what each column takes, the status rules and how an import proceeds. */
function addGuide(guide: ExcelJS.Worksheet) {
  guide.columns = [
    { header: '工作表', width: 14 },
    { header: '列', width: 16 },
    { header: '填写要求', width: 90 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of COLUMNS) guide.addRow([LEDGER_SHEET, c.header, c.doc]);
  for (const c of MS_COLUMNS) guide.addRow([MILESTONE_SHEET, c.header, c.doc]);
  guide.addRow([]);
  guide.addRow([
    '说明',
    '状态规则',
    '已完成：完成比例100%或节点全部完成；滞后：超过完成时限或有节点逾期未完成；未开始：未到开始时间且无进度；进展过半：完成比例≥50%；其余为推进中',
  ]);
  guide.addRow([
    '说明',
    '导入',
    '先逐行校验，任一行有误则整体不导入并列出所有错误行（可选择跳过错误行）；有项目编号的行更新原项目，无编号的行按“年度+项目名称+责任单位”匹配原项目，否则新建',
  ]);
}

/** Drop-down lists on the template's first rows, so that offices type only values the import accepts. */
function addTemplateValidation(ws: ExcelJS.Worksheet) {
  const col = (f: Field) => COLUMNS.findIndex((c) => c.field === f) + 1;
  const lists: [Field, string[]][] = [
    ['level', LEVELS.map((l) => LEVEL_LABELS[l])],
    ['kind', Object.values(KIND_LABELS)],
    ['public', ['是', '否']],
  ];
  for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
    const row = ws.getRow(r);
    for (const [f, values] of lists) {
      row.getCell(col(f)).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${values.join(',')}"`],
        showErrorMessage: true,
        error: `请选择：${values.join('、')}`,
      };
    }
    for (const f of ['due_date', 'start_date'] as const) row.getCell(col(f)).numFmt = DATE_FORMAT;
    row.getCell(col('progress')).numFmt = '0%';
  }
}
