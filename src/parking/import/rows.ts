/**
 * A site list's rows as sites (pure): each row's cells read by its column, then checked as the API checks a
 * site (its schema), and each problem named with its column's header, so that the report says which cell of
 * which row is wrong. Kinds may be written in Chinese (学校, 路内泊位 …), yes/no as 是/否.
 */
import { type z } from 'zod';
import { KIND_LABELS } from '../presenter.js';
import { SiteBody, type SiteInput } from '../schemas.js';
import { SITE_COLUMNS, type SiteField } from './columns.js';

export type RawRow = { line: number; cells: Partial<Record<SiteField, string>> };
export type RowResult = { line: number; code: string | null; site?: SiteInput; reasons: string[] };

const NUMBER_FIELDS: readonly SiteField[] = [
  'lat',
  'lon',
  'capacity',
  'capacity_disabled',
  'capacity_charging',
  'realtime_interval_seconds',
];
const BOOLEAN_FIELDS: readonly SiteField[] = ['has_fee', 'shares'];
const NULLABLE_FIELDS: readonly SiteField[] = ['operator_department_code', 'osm_id'];

const KINDS = new Map(
  Object.entries(KIND_LABELS).flatMap(([kind, label]) => [
    [label, kind],
    [kind, kind],
  ]),
);
KINDS.set('公共停车场', 'public').set('路边停车', 'on_street').set('单位', 'unit').set('机关单位', 'unit');
KINDS.set('小区', 'residential').set('商业', 'commercial').set('商场', 'commercial');

const YES = new Set(['是', 'y', 'yes', 'true', '1', '收费', '共享']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '免费', '不共享']);

const headerOf = (field: string) => SITE_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** One row as a site, or the reasons it is not one. */
export function readRow(row: RawRow): RowResult {
  const record: Record<string, unknown> = {};
  const reasons: string[] = [];
  for (const [field, raw] of Object.entries(row.cells) as [SiteField, string][]) {
    const text = raw.trim();
    if (text === '') continue;
    if (NUMBER_FIELDS.includes(field)) {
      const n = Number(text.replace(/[,，]/g, ''));
      if (Number.isFinite(n)) record[field] = n;
      else reasons.push(`${headerOf(field)}：“${text}”不是数字`);
    } else if (BOOLEAN_FIELDS.includes(field)) {
      const t = text.toLowerCase();
      if (YES.has(t)) record[field] = true;
      else if (NO.has(t)) record[field] = false;
      else reasons.push(`${headerOf(field)}：应填“是”或“否”，不是“${text}”`);
    } else if (field === 'kind') {
      const kind = KINDS.get(text) ?? KINDS.get(text.toLowerCase());
      if (kind) record.kind = kind;
      else reasons.push(`类型：“${text}”不是已知的类型（${Object.values(KIND_LABELS).join('、')}）`);
    } else record[field] = text;
  }
  for (const f of NULLABLE_FIELDS) record[f] ??= null;
  const code = typeof record.code === 'string' ? record.code : null;
  if (reasons.length) return { line: row.line, code, reasons };
  const parsed = SiteBody.safeParse(record);
  if (!parsed.success) return { line: row.line, code, reasons: parsed.error.issues.map((i) => issueText(i)) };
  return { line: row.line, code, site: parsed.data, reasons: [] };
}

function issueText(i: z.core.$ZodIssue): string {
  const field = String(i.path[0] ?? '');
  if (i.code === 'invalid_type' && i.input === undefined) return `${headerOf(field)}：必填`;
  if (i.code === 'unrecognized_keys') return `未知的列：${i.keys.join('、')}`;
  return `${headerOf(field)}：${i.message}`;
}
