/**
 * A site list as rows of cells by column: a CSV (UTF-8, a header row) or an xlsx workbook's first sheet (its
 * archive checked before anything inflates it). Which columns are known is said by ./columns.ts.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkArchive } from '../../http/xlsx-archive.js';
import { fieldOfHeader, type SiteField } from './columns.js';
import type { RawRow } from './rows.js';

export type Table = { rows: RawRow[]; unknownHeaders: string[]; error?: string };

const ZIP = Buffer.from('PK');

export const looksLikeXlsx = (file: Buffer) => file.subarray(0, 2).equals(ZIP);

function fromMatrix(matrix: string[][], firstLine: number): Table {
  const [header = [], ...body] = matrix;
  const fields = header.map((h) => fieldOfHeader(h));
  const unknownHeaders = header.filter((h, i) => h.trim() !== '' && fields[i] === null);
  if (!fields.includes('code'))
    return {
      rows: [],
      unknownHeaders,
      error: '第一行应为表头，且须有“编码”列（另需名称、类型、经纬度、总泊位）',
    };
  const rows: RawRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const record: Partial<Record<SiteField, string>> = {};
    fields.forEach((f, j) => {
      if (f && record[f] === undefined) record[f] = cells[j] ?? '';
    });
    rows.push({ line: firstLine + 1 + i, cells: record });
  });
  return { rows, unknownHeaders };
}

export function readCsv(text: string): Table {
  let matrix: string[][];
  try {
    matrix = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    return { rows: [], unknownHeaders: [], error: `CSV 无法读取：${(err as Error).message}` };
  }
  return fromMatrix(matrix, 1);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString();
    return '';
  }
  return String(value);
}

export async function readXlsx(file: Buffer): Promise<Table> {
  const problem = await checkArchive(file);
  if (problem) return { rows: [], unknownHeaders: [], error: problem };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    return { rows: [], unknownHeaders: [], error: `不是有效的xlsx文件：${(err as Error).message}` };
  }
  const sheet = book.worksheets[0];
  if (!sheet) return { rows: [], unknownHeaders: [], error: '工作簿没有工作表' };
  const matrix: string[][] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = cellText(cell.value)));
    width = Math.max(width, cells.length);
    matrix[n - 1] = cells;
  });
  for (let i = 0; i < matrix.length; i++)
    matrix[i] = Array.from({ length: width }, (_, j) => matrix[i]?.[j] ?? '');
  return fromMatrix(matrix, 1);
}

export async function readTable(file: Buffer, format?: 'xlsx' | 'csv'): Promise<Table> {
  return (format ?? (looksLikeXlsx(file) ? 'xlsx' : 'csv')) === 'xlsx'
    ? readXlsx(file)
    : readCsv(file.toString('utf8'));
}
