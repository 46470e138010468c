/**
 * Reading a ledger file. Every row is checked (cells, references, dates, milestones, then the domain's own
 * rules); the result lists the good projects and every bad row with its sheet, line and reasons. Nothing is
 * written here.
 */
import ExcelJS from 'exceljs';
import { FIELD_LABELS } from '../model.js';
import type { Names } from '../queries.js';
import { projectIssues, type Issue } from '../validate.js';
import {
  COLUMNS,
  GUIDE_SHEET,
  KEPT_WHEN_ABSENT,
  LEDGER_SHEET,
  MILESTONE_SHEET,
  type Absent,
  type Field,
} from './columns.js';
import { readMilestones } from './milestone-rows.js';
import { projectRowReader, type ParsedProject } from './project-rows.js';
import { fileError, notXlsx, refusedFile, type LedgerFileError } from './file-errors.js';
import { RowErrors, type RowError } from './row-errors.js';
import { headerMap, type HeaderMap } from './sheet.js';

export type { ParsedProject, RowError };

export type ParsedLedger = {
  projects: ParsedProject[];
  errors: RowError[];
  warnings: string[];
  /** Optional columns absent from the file: an update keeps the project's current values for them. */
  absent: Set<Absent>;
  /** The file as a whole refused: no row was read (its reason is also `errors`' one entry). */
  fileError?: LedgerFileError;
};

export type ProgressSink = {
  start(total: number, startValue: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
};

/** Reads and checks a ledger file (see the module's comment). */
export async function readLedger(
  buffer: Buffer | ArrayBuffer,
  names: Names,
  today: string,
  opts: { progress?: ProgressSink | undefined } = {},
): Promise<ParsedLedger> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as ArrayBuffer);
  } catch {
    // The library's message (jszip's, in English) says nothing to the person importing.
    return refusedFile(notXlsx('内容损坏或不是Excel工作簿', 'damaged, or not an Excel workbook'));
  }
  // Every workbook Excel or WPS saves has a sheet: a zip without one is some other archive renamed.
  if (wb.worksheets.length === 0)
    return refusedFile(notXlsx('压缩包中没有Excel工作簿', 'the archive holds no Excel workbook'));
  const ws =
    wb.getWorksheet(LEDGER_SHEET) ??
    wb.worksheets.find((w) => w.name !== MILESTONE_SHEET && w.name !== GUIDE_SHEET);
  if (!ws)
    return refusedFile(
      fileError('no_sheet', '文件中没有工作表', 'The file has no worksheet with the ledger'),
    );

  const { line: headerLine, header } = findHeader(ws);
  const missing = COLUMNS.filter((c) => c.required && !header.map.has(c.field)).map((c) => c.header);
  if (headerLine === 0 || missing.length) {
    const named = headerLine ? missing : ['项目名称', ...missing.filter((m) => m !== '项目名称')];
    const error = fileError(
      'missing_columns',
      `缺少必填列：${named.join('、')}`,
      `Required columns are missing: ${named.join(', ')} (use the ledger template)`,
    );
    return refusedFile(error, ws.name, headerLine || 1);
  }
  const warnings = header.unknown.length
    ? [`${ws.name}：未识别的列已忽略：${header.unknown.join('、')}`]
    : [];
  const absent = new Set<Absent>(KEPT_WHEN_ABSENT.filter((f) => !header.map.has(f)));

  const total = Math.max(0, ws.rowCount - headerLine);
  opts.progress?.start(total, 0, { stage: '校验' });
  const errors = new RowErrors(ws.name);
  const projects: ParsedProject[] = [];
  const readRow = projectRowReader(header.map, names);
  for (let r = headerLine + 1; r <= ws.rowCount; r++) {
    if ((r - headerLine) % 100 === 0) opts.progress?.update(r - headerLine, { stage: '校验' });
    const row = readRow(ws.getRow(r));
    if (!row) continue;
    for (const reason of row.reasons) errors.add(ws.name, r, reason, row.input.title);
    projects.push({
      line: r,
      serial: row.serial,
      input: row.input,
      hasCode: row.input.code !== undefined,
      progressStated: row.progressStated,
      milestoneLines: [],
    });
  }

  const byCode = refuseRepeats(projects, ws.name, errors);
  const msSheet = wb.getWorksheet(MILESTONE_SHEET);
  if (msSheet) readMilestones(msSheet, ws.name, projects, byCode, errors);
  else absent.add('milestones');
  checkDomain(projects, ws.name, names, today, errors);
  opts.progress?.update(total, { stage: '校验' });

  const badLines = errors.lines(ws.name);
  return {
    projects: projects.filter((p) => !badLines.has(p.line)),
    errors: errors.list(),
    warnings,
    absent,
  };
}

/** The header row: the first of the first ten rows with a 项目名称 column (a title row may sit above it). */
function findHeader(ws: ExcelJS.Worksheet): { line: number; header: HeaderMap<Field> } {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const header = headerMap(ws.getRow(r), COLUMNS);
    if (header.map.has('title')) return { line: r, header };
  }
  return { line: 0, header: { map: new Map(), unknown: [] } };
}

/**
 * Refuses a project that repeats an earlier row's: the same 项目编号, or (without one) the same year, title and
 * owner. Returns the projects with a 项目编号, by it.
 */
function refuseRepeats(projects: readonly ParsedProject[], sheet: string, errors: RowErrors) {
  const byCode = new Map<string, ParsedProject>();
  const byKey = new Map<string, ParsedProject>();
  for (const p of projects) {
    if (p.input.code !== undefined) {
      const first = byCode.get(p.input.code);
      if (first) errors.add(sheet, p.line, `项目编号“${p.input.code}”与第${first.line}行重复`, p.input.title);
      else byCode.set(p.input.code, p);
    } else {
      const key = `${p.input.year}\u0000${p.input.title}\u0000${p.input.owner_department_code}`;
      const first = byKey.get(key);
      if (first && p.input.owner_department_code)
        errors.add(
          sheet,
          p.line,
          `与第${first.line}行的项目（同年度、同名称、同责任单位）重复`,
          p.input.title,
        );
      else byKey.set(key, p);
    }
  }
  return byCode;
}

/**
 * The domain's own checks (lengths, years, date order, weights against the stated progress) on the projects
 * whose cells were good. A milestone's issue is put on its row of the 节点安排 sheet, and its project's row.
 */
function checkDomain(
  projects: readonly ParsedProject[],
  sheet: string,
  names: Names,
  today: string,
  errors: RowErrors,
) {
  for (const p of projects) {
    if (errors.has(sheet, p.line)) continue;
    const issues = projectIssues(p.input, names, today, { statedProgress: p.progressStated });
    for (const issue of issues) {
      const msMatch = /^milestones\.(\d+)\./.exec(issue.field);
      const msLine = msMatch ? p.milestoneLines[Number(msMatch[1])] : undefined;
      if (msLine !== undefined) {
        errors.add(MILESTONE_SHEET, msLine, issue.zh, p.input.title);
        errors.add(sheet, p.line, `节点安排第${msLine}行有误`, p.input.title);
      } else errors.add(sheet, p.line, labelled(issue), p.input.title);
    }
  }
}

/** An issue's Chinese text, led by its field's label unless it names the field already. */
function labelled(i: Issue): string {
  const labels: Readonly<Record<string, string | undefined>> = FIELD_LABELS;
  const label = labels[i.field.split('.')[0]!] ?? i.field;
  return i.zh.startsWith(label) || /^(责任单位|配合单位|区域|完成比例|节点)/.test(i.zh)
    ? i.zh
    : `${label}${i.zh}`;
}
