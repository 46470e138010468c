/**
 * An uploaded table as rows of cell texts: a CSV (UTF-8, a BOM allowed) or an xlsx workbook's first sheet (its
 * archive checked before anything inflates it). What the columns mean is the importing feature's business.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkArchive } from './xlsx-archive.js';

export type Matrix = { matrix: string[][] } | { error: string };

const ZIP = Buffer.from('PK');

export const looksLikeXlsx = (file: Buffer) => file.subarray(0, 2).equals(ZIP);

export function csvMatrix(text: string): Matrix {
  try {
    return { matrix: parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) };
  } catch (err) {
    return { error: `CSV 无法读取：${(err as Error).message}` };
  }
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

export async function xlsxMatrix(file: Buffer): Promise<Matrix> {
  const problem = await checkArchive(file);
  if (problem) return { error: problem.zh };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    return { error: `不是有效的xlsx文件：${(err as Error).message}` };
  }
  const sheet = book.worksheets[0];
  if (!sheet) return { error: '工作簿没有工作表' };
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
  return { matrix };
}

export async function tableMatrix(file: Buffer, format?: 'xlsx' | 'csv'): Promise<Matrix> {
  return (format ?? (looksLikeXlsx(file) ? 'xlsx' : 'csv')) === 'xlsx'
    ? xlsxMatrix(file)
    : csvMatrix(file.toString('utf8'));
}
