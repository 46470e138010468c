/**
 * The ledger as offices keep it in Excel (exceljs). Sheet 实事项目台账, one project per row, columns found by
 * their header (the order is free, a title row above the header is allowed), the first eight in the order
 * offices already use: 序号, 项目名称, 责任单位, 级别, 目标任务, 完成时限, 进展情况, 完成比例, then 项目编号, 年度,
 * 类别, 配合单位, 涉及区域, 项目内容, 开始时间, 是否公开, 当前状态 (written on export, ignored on import: status is
 * derived). Sheet 节点安排 (optional) lists milestones: 项目编号 (or 序号), 节点名称, 计划完成时间, 实际完成时间, 权重,
 * 佐证材料. Reading checks every row and names each bad one by sheet, line and reason; nothing is written here.
 */
import ExcelJS from 'exceljs';
import type { ProjectKind, ProjectLevel } from '../db/schema.js';
import { KIND_LABELS, type MilestoneInput, type ProjectInput } from './model.js';
import type { Names, ProjectRow } from './queries.js';
import {
  deriveStatus,
  effectiveProgress,
  isIsoDate,
  LEVEL_LABELS,
  LEVELS,
  round2,
  STATUS_LABELS,
} from './status.js';
import { projectIssues, type Issue } from './validate.js';

export const LEDGER_SHEET = '实事项目台账';
export const MILESTONE_SHEET = '节点安排';
export const GUIDE_SHEET = '填写说明';

type Field =
  | 'serial'
  | 'title'
  | 'owner'
  | 'level'
  | 'target'
  | 'due_date'
  | 'progress_note'
  | 'progress'
  | 'code'
  | 'year'
  | 'kind'
  | 'co'
  | 'areas'
  | 'description'
  | 'start_date'
  | 'public'
  | 'status';

type Column = {
  field: Field;
  header: string;
  aliases: string[];
  width: number;
  required?: boolean;
  doc: string;
};

/** The ledger's columns, in the order written; on import any order, matched by header (or an alias). */
export const COLUMNS: Column[] = [
  {
    field: 'serial',
    header: '序号',
    aliases: [],
    width: 6,
    doc: '行号；节点安排表可用它指向项目（未填项目编号时）',
  },
  {
    field: 'title',
    header: '项目名称',
    aliases: ['任务名称', '名称'],
    width: 36,
    required: true,
    doc: '必填，最多200字',
  },
  {
    field: 'owner',
    header: '责任单位',
    aliases: ['牵头单位', '责任部门'],
    width: 28,
    required: true,
    doc: '必填：部门全称或编码；也可写全称的唯一片段（如“住房和城乡建设局”）',
  },
  {
    field: 'level',
    header: '级别',
    aliases: ['项目级别'],
    width: 12,
    required: true,
    doc: '必填：省重点备案 / 市级公布 / 区级 / 部门',
  },
  { field: 'target', header: '目标任务', aliases: ['目标', '建设目标'], width: 30, doc: '最多2000字' },
  {
    field: 'due_date',
    header: '完成时限',
    aliases: ['完成时间', '计划完成时间'],
    width: 14,
    required: true,
    doc: '必填：日期，如 2021-12-31、2021/12/31、2021年12月31日、2021年12月底、2021年底',
  },
  {
    field: 'progress_note',
    header: '进展情况',
    aliases: ['推进情况', '进展'],
    width: 40,
    doc: '进展说明，最多2000字',
  },
  {
    field: 'progress',
    header: '完成比例',
    aliases: ['完成进度', '进度'],
    width: 10,
    doc: '0%–100%：百分比格式的数字、“45%”或 45；节点带权重时按权重自动计算（填写时须与之一致）',
  },
  {
    field: 'code',
    header: '项目编号',
    aliases: ['编号'],
    width: 14,
    doc: '选填：台账内唯一；导出时自动填写，再导入时据此更新原项目',
  },
  { field: 'year', header: '年度', aliases: ['年份'], width: 8, doc: '选填：默认取完成时限的年份' },
  { field: 'kind', header: '类别', aliases: ['类型'], width: 10, doc: '实事项目（默认）/ 重点任务' },
  {
    field: 'co',
    header: '配合单位',
    aliases: ['协办单位', '协同单位'],
    width: 28,
    doc: '选填：多个单位用顿号、逗号或分号分隔',
  },
  {
    field: 'areas',
    header: '涉及区域',
    aliases: ['区域', '所属区域', '实施地点'],
    width: 20,
    doc: '选填：镇（街道）、村（社区）名称或编码，多个用顿号分隔',
  },
  {
    field: 'description',
    header: '项目内容',
    aliases: ['项目简介', '主要内容'],
    width: 40,
    doc: '最多4000字',
  },
  {
    field: 'start_date',
    header: '开始时间',
    aliases: ['启动时间', '开工时间'],
    width: 14,
    doc: '选填：日期，不晚于完成时限',
  },
  {
    field: 'public',
    header: '是否公开',
    aliases: ['公开'],
    width: 10,
    doc: '是 / 否（默认否：只有公开项目出现在公开通报中）',
  },
  {
    field: 'status',
    header: '当前状态',
    aliases: [],
    width: 10,
    doc: '导出时按日期和进度自动计算（未开始/推进中/进展过半/已完成/滞后），导入时忽略',
  },
];

type MsField =
  'code' | 'serial' | 'project_title' | 'seq' | 'title' | 'due_date' | 'done_date' | 'weight' | 'evidence';
const MS_COLUMNS: { field: MsField; header: string; aliases: string[]; width: number; doc: string }[] = [
  { field: 'code', header: '项目编号', aliases: ['编号'], width: 14, doc: '指向台账中的项目（或填序号）' },
  {
    field: 'serial',
    header: '序号',
    aliases: ['项目序号'],
    width: 8,
    doc: '未填项目编号时，指向台账中同序号的项目',
  },
  { field: 'project_title', header: '项目名称', aliases: [], width: 30, doc: '便于阅读，导入时忽略' },
  { field: 'seq', header: '节点序号', aliases: [], width: 8, doc: '便于阅读；节点按本表行序排列' },
  { field: 'title', header: '节点名称', aliases: ['节点', '里程碑'], width: 24, doc: '必填' },
  { field: 'due_date', header: '计划完成时间', aliases: ['计划时间'], width: 14, doc: '必填：日期' },
  {
    field: 'done_date',
    header: '实际完成时间',
    aliases: ['完成时间'],
    width: 14,
    doc: '完成后填写，不晚于今天',
  },
  {
    field: 'weight',
    header: '权重',
    aliases: [],
    width: 8,
    doc: '选填：非负数；任一节点有权重时，项目进度=已完成节点权重/总权重',
  },
  {
    field: 'evidence',
    header: '佐证材料',
    aliases: ['佐证'],
    width: 30,
    doc: '完成的佐证（文件名、链接、说明）',
  },
];

const FIELD_LABEL: Record<string, string> = {
  code: '项目编号',
  title: '项目名称',
  description: '项目内容',
  target: '目标任务',
  progress_note: '进展情况',
  year: '年度',
  owner_department_code: '责任单位',
  co_department_codes: '配合单位',
  area_codes: '涉及区域',
  due_date: '完成时限',
  start_date: '开始时间',
  progress: '完成比例',
  milestones: '节点安排',
};

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Area labels for export: the name when it is unique in the jurisdiction, else the code. */
function areaLabeller(names: Names) {
  const count = new Map<string, number>();
  for (const n of names.areas.values()) count.set(n, (count.get(n) ?? 0) + 1);
  return (code: string) => {
    const n = names.areas.get(code);
    return n && count.get(n) === 1 ? n : code;
  };
}

function sheetHeader(ws: ExcelJS.Worksheet, cols: { header: string; width: number }[]) {
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

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
      if (c.field === 'due_date' || c.field === 'start_date') cell.numFmt = 'yyyy-mm-dd';
      if (c.field === 'progress') cell.numFmt = Number.isInteger(progress) ? '0%' : '0.00%';
    });
  });

  const ms = wb.addWorksheet(MILESTONE_SHEET);
  sheetHeader(ms, MS_COLUMNS);
  projects.forEach((p, i) => {
    for (const m of p.milestones) {
      const row = ms.addRow([
        p.code,
        i + 1,
        p.title,
        m.seq,
        m.title,
        utcDate(m.due_date),
        m.done_date ? utcDate(m.done_date) : null,
        m.weight,
        m.evidence || null,
      ]);
      row.getCell(6).numFmt = 'yyyy-mm-dd';
      row.getCell(7).numFmt = 'yyyy-mm-dd';
    }
  });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [
    { header: '工作表', width: 14 },
    { header: '列', width: 16 },
    { header: '填写要求', width: 90 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of COLUMNS) guide.addRow([LEDGER_SHEET, c.header, (c.required ? '' : '') + c.doc]);
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

  if (projects.length === 0) addTemplateValidation(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Drop-down lists on the template's first rows, so that offices type only values the import accepts. */
function addTemplateValidation(ws: ExcelJS.Worksheet) {
  const col = (f: Field) => COLUMNS.findIndex((c) => c.field === f) + 1;
  const lists: [Field, string[]][] = [
    ['level', LEVELS.map((l) => LEVEL_LABELS[l])],
    ['kind', Object.values(KIND_LABELS)],
    ['public', ['是', '否']],
  ];
  for (let r = 2; r <= 301; r++) {
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
    for (const f of ['due_date', 'start_date'] as const) row.getCell(col(f)).numFmt = 'yyyy-mm-dd';
    row.getCell(col('progress')).numFmt = '0%';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

export type RowError = { sheet: string; line: number; reasons: string[]; title?: string };

export type ParsedProject = {
  line: number;
  serial: string | null;
  input: ProjectInput;
  /** 项目编号 given in the file (else matched by year + title + owner, or numbered on creation). */
  hasCode: boolean;
  /** Whether 完成比例 was filled in (then it must agree with weighted milestones). */
  progressStated: boolean;
  milestoneLines: number[];
};

export type ParsedLedger = {
  projects: ParsedProject[];
  errors: RowError[];
  warnings: string[];
  /** Optional columns absent from the file: an update keeps the project's current values for them. */
  absent: Set<
    | 'year'
    | 'public'
    | 'kind'
    | 'co'
    | 'areas'
    | 'description'
    | 'start_date'
    | 'target'
    | 'progress_note'
    | 'progress'
    | 'milestones'
  >;
};

export type ProgressSink = {
  start(total: number, startValue: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
};

type Plain = string | number | boolean | Date | null;

/** A cell's value as plain data: rich text joined, formulas by their result, errors as their text. */
function plain(v: ExcelJS.CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return plain(v.richText.map((t) => t.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return plain((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return plain(v.text);
  if ('error' in v) return v.error;
  return null;
}

/** A cell's value as text (a date as YYYY-MM-DD; an invalid date as such, never an exception). */
function shown(v: Plain): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString().slice(0, 10);
  return String(v);
}

const normaliseHeader = (s: string) => s.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊:：]/g, '');

function headerMap<F extends string>(
  row: ExcelJS.Row,
  cols: { field: F; header: string; aliases: string[] }[],
): { map: Map<F, number>; unknown: string[] } {
  const map = new Map<F, number>();
  const unknown: string[] = [];
  row.eachCell((cell, colNumber) => {
    const text = plain(cell.value);
    if (typeof text !== 'string') return;
    const h = normaliseHeader(text);
    const col = cols.find((c) => c.header === h || c.aliases.includes(h));
    if (col && !map.has(col.field)) map.set(col.field, colNumber);
    else if (!col) unknown.push(text);
  });
  return { map, unknown };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Dates as offices write them. Returns 'YYYY-MM-DD' or an error text. */
export function parseDate(v: Plain): { ok: true; value: string } | { ok: false; error: string } {
  const fail = {
    ok: false as const,
    error: `无法识别的日期“${shown(v)}”`,
  };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail;
    return { ok: true, value: v.toISOString().slice(0, 10) };
  }
  if (typeof v === 'number') {
    // an Excel serial day number in a cell without a date format
    if (!Number.isFinite(v) || v < 1 || v > 2_958_465) return fail;
    const ms = Math.round((v - 25569) * 86_400_000);
    return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
  }
  if (typeof v !== 'string') return fail;
  const s = v.replace(/\s/g, '');
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if (
    (match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s)) ||
    (match = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s))
  ) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})(?:年|[-/.])(\d{1,2})月?(?:底|末|份)?$/.exec(s))) {
    [y, m] = [Number(match[1]), Number(match[2])];
    if (m < 1 || m > 12) return fail;
    d = lastDay(y, m);
  } else if ((match = /^(\d{4})年(?:底|末|内|年底)$/.exec(s))) {
    [y, m, d] = [Number(match[1]), 12, 31];
  } else if ((match = /^(\d{4})年上半年$/.exec(s))) {
    [y, m, d] = [Number(match[1]), 6, 30];
  } else if ((match = /^(\d{4})年下半年$/.exec(s))) {
    [y, m, d] = [Number(match[1]), 12, 31];
  } else return fail;
  const iso = `${y}-${pad2(m)}-${pad2(d)}`;
  return isIsoDate(iso) ? { ok: true, value: iso } : fail;
}

/** 完成比例: a percent-formatted number, "45%", 45, or a fraction below 1 (0.45). Returns percent or an error. */
export function parseProgress(
  v: Plain,
  numFmt: string | undefined,
): { ok: true; value: number } | { ok: false; error: string } {
  const fail = { ok: false as const, error: `无法识别的完成比例“${String(v)}”` };
  let n: number;
  if (typeof v === 'number') {
    n = numFmt?.includes('%') ? v * 100 : v > 0 && v < 1 ? v * 100 : v;
  } else if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*[%％]?$/.exec(v.replace(/\s/g, ''));
    if (!m) return fail;
    n = Number(m[1]);
    if (!/[%％]/.test(v) && n > 0 && n < 1) n *= 100;
  } else return fail;
  n = round2(n);
  if (!Number.isFinite(n) || n < 0 || n > 100) return { ok: false, error: `完成比例${n}%超出0%–100%` };
  return { ok: true, value: n };
}

const LEVEL_BY_LABEL = new Map<string, ProjectLevel>([
  ...LEVELS.map((l) => [LEVEL_LABELS[l], l] as const),
  ...LEVELS.map((l) => [l, l] as const),
  ['省重点', 'provincial_key'],
  ['省级重点', 'provincial_key'],
  ['省重点项目', 'provincial_key'],
  ['省级重点备案', 'provincial_key'],
  ['市级', 'city_published'],
  ['市级公布项目', 'city_published'],
  ['市公布', 'city_published'],
  ['区级项目', 'district'],
  ['区县级', 'district'],
  ['县级', 'district'],
  ['部门项目', 'department'],
  ['部门级', 'department'],
]);
const KIND_BY_LABEL = new Map<string, ProjectKind>([
  ['实事项目', 'project'],
  ['项目', 'project'],
  ['我为群众办实事', 'project'],
  ['project', 'project'],
  ['重点任务', 'key_task'],
  ['任务', 'key_task'],
  ['key_task', 'key_task'],
]);
const YES = new Set(['是', '公开', 'Y', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '不公开', '内部', 'N', 'n', 'no', 'false', '0', '×']);
const SPLIT = /[、,，;；\n]+/;

/** Finds departments and areas by code, full name, or a unique fragment of a full name. */
export function resolver(names: ReadonlyMap<string, string>, what: string) {
  const byName = new Map<string, string[]>();
  for (const [code, name] of names) byName.set(name, [...(byName.get(name) ?? []), code]);
  return (text: string): { ok: true; code: string } | { ok: false; error: string } => {
    const t = text.trim();
    if (names.has(t)) return { ok: true, code: t };
    const exact = byName.get(t);
    if (exact?.length === 1) return { ok: true, code: exact[0]! };
    if (exact && exact.length > 1) return { ok: false, error: `${what}“${t}”有重名，请写编码` };
    if ([...t].length >= 2) {
      const partial = [...names].filter(([, n]) => n.includes(t));
      if (partial.length === 1) return { ok: true, code: partial[0]![0] };
      if (partial.length > 1)
        return {
          ok: false,
          error: `${what}“${t}”不唯一（${partial
            .slice(0, 3)
            .map(([, n]) => n)
            .join('、')}…）`,
        };
    }
    return { ok: false, error: `${what}“${t}”不存在` };
  };
}

/**
 * Reads and checks a ledger file. Every row is checked (cells, references, dates, milestones); the result
 * lists the good projects and every bad row with its line and reasons.
 */
export async function readLedger(
  buffer: Buffer | ArrayBuffer,
  names: Names,
  today: string,
  opts: { progress?: ProgressSink | undefined } = {},
): Promise<ParsedLedger> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as ArrayBuffer);
  } catch (err) {
    return {
      projects: [],
      errors: [{ sheet: '', line: 0, reasons: [`不是有效的xlsx文件：${(err as Error).message}`] }],
      warnings: [],
      absent: new Set(),
    };
  }
  const ws =
    wb.getWorksheet(LEDGER_SHEET) ??
    wb.worksheets.find((w) => w.name !== MILESTONE_SHEET && w.name !== GUIDE_SHEET);
  if (!ws)
    return {
      projects: [],
      errors: [{ sheet: '', line: 0, reasons: ['文件中没有工作表'] }],
      warnings: [],
      absent: new Set(),
    };
  const errors: RowError[] = [];
  const warnings: string[] = [];

  // the header row: the first of the first ten rows with a 项目名称 column (a title row may sit above it)
  let headerLine = 0;
  let header = { map: new Map<Field, number>(), unknown: [] as string[] };
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const h = headerMap(ws.getRow(r), COLUMNS);
    if (h.map.has('title')) {
      headerLine = r;
      header = h;
      break;
    }
  }
  const missing = COLUMNS.filter((c) => c.required && !header.map.has(c.field)).map((c) => c.header);
  if (headerLine === 0 || missing.length) {
    return {
      projects: [],
      errors: [
        {
          sheet: ws.name,
          line: headerLine || 1,
          reasons: [
            `缺少必填列：${(headerLine ? missing : ['项目名称', ...missing.filter((m) => m !== '项目名称')]).join('、')}`,
          ],
        },
      ],
      warnings,
      absent: new Set(),
    };
  }
  if (header.unknown.length) warnings.push(`${ws.name}：未识别的列已忽略：${header.unknown.join('、')}`);
  const absent: ParsedLedger['absent'] = new Set();
  const optional = {
    year: 'year',
    public: 'public',
    kind: 'kind',
    co: 'co',
    areas: 'areas',
    description: 'description',
    start_date: 'start_date',
    target: 'target',
    progress_note: 'progress_note',
    progress: 'progress',
  } as const;
  for (const [field, key] of Object.entries(optional)) if (!header.map.has(field as Field)) absent.add(key);

  const dept = resolver(names.departments, '单位');
  const area = resolver(names.areas, '区域');
  const total = Math.max(0, ws.rowCount - headerLine);
  opts.progress?.start(total, 0, { stage: '校验' });

  const projects: ParsedProject[] = [];
  const bad = new Map<string, RowError>();
  const fail = (line: number, reason: string, sheet = ws.name, title?: string) => {
    const key = `${sheet}\u0000${line}`;
    const e = bad.get(key) ?? { sheet, line, reasons: [], ...(title ? { title } : {}) };
    if (!e.reasons.includes(reason)) e.reasons.push(reason);
    bad.set(key, e);
  };
  const isBad = (line: number) => bad.has(`${ws.name}\u0000${line}`);

  for (let r = headerLine + 1; r <= ws.rowCount; r++) {
    if ((r - headerLine) % 100 === 0) opts.progress?.update(r - headerLine, { stage: '校验' });
    const row = ws.getRow(r);
    const cell = (f: Field): Plain => {
      const c = header.map.get(f);
      return c ? plain(row.getCell(c).value) : null;
    };
    const numFmt = (f: Field) => {
      const c = header.map.get(f);
      return c ? row.getCell(c).numFmt : undefined;
    };
    if (COLUMNS.every((c) => c.field === 'serial' || c.field === 'status' || cell(c.field) === null))
      continue;
    const text = (f: Field) => {
      const v = cell(f);
      return shown(v);
    };
    const title = text('title');
    const line = r;
    const reasons: string[] = [];

    const level = LEVEL_BY_LABEL.get(text('level').replace(/\s/g, ''));
    if (!text('level')) reasons.push('级别不能为空');
    else if (!level) reasons.push(`级别“${text('level')}”应为：省重点备案、市级公布、区级、部门`);
    const kindText = text('kind').replace(/\s/g, '');
    const kind = kindText ? KIND_BY_LABEL.get(kindText) : 'project';
    if (!kind) reasons.push(`类别“${kindText}”应为：实事项目、重点任务`);

    let owner = '';
    if (!text('owner')) reasons.push('责任单位不能为空');
    else {
      const o = dept(text('owner'));
      if (o.ok) owner = o.code;
      else reasons.push(`责任单位：${o.error}`);
    }
    const co: string[] = [];
    for (const part of text('co').split(SPLIT).filter(Boolean)) {
      const c = dept(part);
      if (c.ok) co.push(c.code);
      else reasons.push(`配合单位：${c.error}`);
    }
    const areas: string[] = [];
    for (const part of text('areas').split(SPLIT).filter(Boolean)) {
      const a = area(part);
      if (a.ok) areas.push(a.code);
      else reasons.push(`涉及区域：${a.error}`);
    }

    let due = '';
    if (cell('due_date') === null) reasons.push('完成时限不能为空');
    else {
      const d = parseDate(cell('due_date'));
      if (d.ok) due = d.value;
      else reasons.push(`完成时限：${d.error}`);
    }
    let start: string | null = null;
    if (cell('start_date') !== null) {
      const d = parseDate(cell('start_date'));
      if (d.ok) start = d.value;
      else reasons.push(`开始时间：${d.error}`);
    }
    let progress = 0;
    const progressStated = cell('progress') !== null;
    if (progressStated) {
      const p = parseProgress(cell('progress'), numFmt('progress'));
      if (p.ok) progress = p.value;
      else reasons.push(`完成比例：${p.error}`);
    }
    let year = due ? Number(due.slice(0, 4)) : 0;
    if (cell('year') !== null) {
      const y = Number(String(cell('year')).replace(/年$/, ''));
      if (Number.isInteger(y)) year = y;
      else reasons.push(`年度“${text('year')}”不是年份`);
    }
    const pub = text('public');
    let isPublic = false;
    if (pub && YES.has(pub)) isPublic = true;
    else if (pub && !NO.has(pub)) reasons.push(`是否公开“${pub}”应为：是、否`);
    const code = text('code') || undefined;

    const input: ProjectInput = {
      ...(code !== undefined ? { code } : {}),
      year,
      kind: kind ?? 'project',
      title,
      description: text('description'),
      level: level ?? 'department',
      owner_department_code: owner,
      co_department_codes: co,
      area_codes: areas,
      target: text('target'),
      start_date: start,
      due_date: due,
      progress,
      progress_note: text('progress_note'),
      public: isPublic,
      milestones: [],
    };
    if (reasons.length) reasons.forEach((x) => fail(line, x, ws.name, title));
    projects.push({
      line,
      serial: text('serial') || null,
      input,
      hasCode: code !== undefined,
      progressStated,
      milestoneLines: [],
    });
  }

  // duplicates inside the file
  const byCode = new Map<string, ParsedProject>();
  const byKey = new Map<string, ParsedProject>();
  for (const p of projects) {
    if (p.input.code !== undefined) {
      const first = byCode.get(p.input.code);
      if (first) fail(p.line, `项目编号“${p.input.code}”与第${first.line}行重复`, ws.name, p.input.title);
      else byCode.set(p.input.code, p);
    } else {
      const key = `${p.input.year}\u0000${p.input.title}\u0000${p.input.owner_department_code}`;
      const first = byKey.get(key);
      if (first && p.input.owner_department_code)
        fail(p.line, `与第${first.line}行的项目（同年度、同名称、同责任单位）重复`, ws.name, p.input.title);
      else byKey.set(key, p);
    }
  }

  // milestones
  const msSheet = wb.getWorksheet(MILESTONE_SHEET);
  if (!msSheet) absent.add('milestones');
  else {
    const mh = headerMap(msSheet.getRow(1), MS_COLUMNS);
    const need = (['title', 'due_date'] as const).filter((f) => !mh.map.has(f));
    if (!mh.map.has('code') && !mh.map.has('serial')) need.push('code' as never);
    if (need.length) {
      fail(
        1,
        `缺少必填列：${need.map((f) => MS_COLUMNS.find((c) => c.field === f)!.header).join('、')}`,
        msSheet.name,
      );
    } else {
      const bySerial = new Map<string, ParsedProject[]>();
      for (const p of projects) if (p.serial) bySerial.set(p.serial, [...(bySerial.get(p.serial) ?? []), p]);
      for (let r = 2; r <= msSheet.rowCount; r++) {
        const row = msSheet.getRow(r);
        const cell = (f: MsField): Plain => {
          const c = mh.map.get(f);
          return c ? plain(row.getCell(c).value) : null;
        };
        const str = (f: MsField) => {
          const v = cell(f);
          return shown(v);
        };
        if (
          (['code', 'serial', 'title', 'due_date', 'done_date', 'weight', 'evidence'] as const).every(
            (f) => cell(f) === null,
          )
        )
          continue;
        let project: ParsedProject | undefined;
        if (str('code')) {
          project = byCode.get(str('code'));
          if (!project) {
            fail(r, `项目编号“${str('code')}”不在${ws.name}中`, msSheet.name);
            continue;
          }
        } else if (str('serial')) {
          const list = bySerial.get(str('serial')) ?? [];
          if (list.length !== 1) {
            fail(
              r,
              list.length
                ? `序号“${str('serial')}”在${ws.name}中不唯一，请填项目编号`
                : `序号“${str('serial')}”不在${ws.name}中`,
              msSheet.name,
            );
            continue;
          }
          project = list[0]!;
        } else {
          fail(r, '未填写项目编号或序号', msSheet.name);
          continue;
        }
        const reasons: string[] = [];
        const due = cell('due_date') === null ? null : parseDate(cell('due_date'));
        if (!due) reasons.push('计划完成时间不能为空');
        else if (!due.ok) reasons.push(`计划完成时间：${due.error}`);
        const done = cell('done_date') === null ? null : parseDate(cell('done_date'));
        if (done && !done.ok) reasons.push(`实际完成时间：${done.error}`);
        let weight: number | null = null;
        if (cell('weight') !== null) {
          const w = Number(String(cell('weight')).replace(/[%％]$/, ''));
          if (Number.isFinite(w) && w >= 0) weight = round2(w);
          else reasons.push(`权重“${str('weight')}”应为非负数`);
        }
        if (!str('title')) reasons.push('节点名称不能为空');
        const m: MilestoneInput = {
          title: str('title'),
          due_date: due?.ok ? due.value : '',
          done_date: done?.ok ? done.value : null,
          evidence: str('evidence'),
          weight,
        };
        project.input.milestones.push(m);
        project.milestoneLines.push(r);
        for (const x of reasons) fail(r, x, msSheet.name, project.input.title);
        if (reasons.length) fail(project.line, `节点安排第${r}行有误`, ws.name, project.input.title);
      }
    }
  }

  // the domain's own checks (lengths, years, date order, weights against the stated progress)
  for (const p of projects) {
    if (isBad(p.line)) continue;
    const issues = projectIssues(p.input, names, today, { statedProgress: p.progressStated });
    for (const issue of issues) {
      const msMatch = /^milestones\.(\d+)\./.exec(issue.field);
      const msLine = msMatch ? p.milestoneLines[Number(msMatch[1])] : undefined;
      if (msLine !== undefined) {
        fail(msLine, issue.zh, MILESTONE_SHEET, p.input.title);
        fail(p.line, `节点安排第${msLine}行有误`, ws.name, p.input.title);
      } else fail(p.line, labelled(issue), ws.name, p.input.title);
    }
  }
  opts.progress?.update(total, { stage: '校验' });

  errors.push(
    ...[...bad.values()].sort((a, b) =>
      a.sheet === b.sheet ? a.line - b.line : a.sheet === ws.name ? -1 : 1,
    ),
  );
  const badLines = new Set([...bad.values()].filter((e) => e.sheet === ws.name).map((e) => e.line));
  return { projects: projects.filter((p) => !badLines.has(p.line)), errors, warnings, absent };
}

function labelled(i: Issue): string {
  const label = FIELD_LABEL[i.field.split('.')[0]!] ?? i.field;
  return i.zh.startsWith(label) || /^(责任单位|配合单位|区域|完成比例|节点)/.test(i.zh)
    ? i.zh
    : `${label}${i.zh}`;
}
