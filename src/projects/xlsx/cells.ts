/**
 * Cell parsers: what offices type into a ledger's cells, read as the model's values. Pure; each parser
 * returns the value or the reason (in Chinese, for the import report) it cannot.
 */
import type { CellValue } from 'exceljs';
import type { ProjectKind, ProjectLevel } from '../../db/schema.js';
import { isIsoDate, LEVEL_LABELS, LEVELS, round2 } from '../status.js';

/** A cell's value as plain data. */
export type Plain = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A cell's value as plain data: text trimmed (blank as null), rich text joined, formulas by their result,
 * hyperlinks by their text, errors as their text (#N/A…).
 */
export function plain(v: CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return plain(v.richText.map((t) => t.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return plain((v.result ?? null) as CellValue);
  if ('text' in v) return plain(v.text);
  if ('error' in v) return v.error;
  return null;
}

/** A cell's value as text (a date as YYYY-MM-DD; an invalid date as such, never an exception). */
export function shown(v: Plain): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString().slice(0, 10);
  return String(v);
}

/** The largest day Excel counts: 9999-12-31. */
const LAST_EXCEL_SERIAL = 2_958_465;
/** Day 25569 of Excel's count is 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Dates as offices write them. Returns 'YYYY-MM-DD' or an error text. */
export function parseDate(v: Plain): Parsed<string> {
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
    if (!Number.isFinite(v) || v < 1 || v > LAST_EXCEL_SERIAL) return fail;
    const ms = Math.round((v - UNIX_EPOCH_SERIAL) * 86_400_000);
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
export function parseProgress(v: Plain, numFmt: string | undefined): Parsed<number> {
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

/** 级别, by its label, a common variant, or its code; required. */
export function parseLevel(text: string): Parsed<ProjectLevel> {
  if (!text) return { ok: false, error: '级别不能为空' };
  const level = LEVEL_BY_LABEL.get(text.replace(/\s/g, ''));
  return level
    ? { ok: true, value: level }
    : { ok: false, error: `级别“${text}”应为：省重点备案、市级公布、区级、部门` };
}

const KIND_BY_LABEL = new Map<string, ProjectKind>([
  ['实事项目', 'project'],
  ['项目', 'project'],
  ['我为群众办实事', 'project'],
  ['project', 'project'],
  ['重点任务', 'key_task'],
  ['任务', 'key_task'],
  ['key_task', 'key_task'],
]);

/** 类别, by its label, a common variant, or its code; a project (实事项目) when blank. */
export function parseKind(text: string): Parsed<ProjectKind> {
  const label = text.replace(/\s/g, '');
  const kind = label ? KIND_BY_LABEL.get(label) : 'project';
  return kind ? { ok: true, value: kind } : { ok: false, error: `类别“${label}”应为：实事项目、重点任务` };
}

const YES = new Set(['是', '公开', 'Y', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '不公开', '内部', 'N', 'n', 'no', 'false', '0', '×']);

/** 是否公开: 是/否 and their usual variants; internal (否) when blank. */
export function parsePublic(text: string): Parsed<boolean> {
  if (!text || NO.has(text)) return { ok: true, value: false };
  if (YES.has(text)) return { ok: true, value: true };
  return { ok: false, error: `是否公开“${text}”应为：是、否` };
}

/** 年度: a whole number, "2021" or "2021年". */
export function parseYear(v: Plain): Parsed<number> {
  const y = Number(String(v).replace(/年$/, ''));
  return Number.isInteger(y) ? { ok: true, value: y } : { ok: false, error: `年度“${shown(v)}”不是年份` };
}

/** 权重: a non-negative number (a trailing % is ignored), rounded to two decimals. */
export function parseWeight(v: Plain): Parsed<number> {
  const w = Number(String(v).replace(/[%％]$/, ''));
  return Number.isFinite(w) && w >= 0
    ? { ok: true, value: round2(w) }
    : { ok: false, error: `权重“${shown(v)}”应为非负数` };
}

/** A cell listing several names: split at 、 , ， ; ； or line ends, blanks dropped. */
export function splitList(text: string): string[] {
  return text.split(/[、,，;；\n]+/).filter(Boolean);
}
