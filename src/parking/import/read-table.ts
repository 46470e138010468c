/**
 * A site list as rows of cells by column, from a CSV or xlsx table (../../http/table-file.ts) with a header row.
 * Which columns are known is said by ./columns.ts.
 */
import { tableMatrix } from '../../http/table-file.js';
import { fieldOfHeader, type SiteField } from './columns.js';
import type { RawRow } from './rows.js';

export type Table = { rows: RawRow[]; unknownHeaders: string[]; error?: string };

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

export async function readTable(file: Buffer, format?: 'xlsx' | 'csv'): Promise<Table> {
  const read = await tableMatrix(file, format);
  return 'error' in read ? { rows: [], unknownHeaders: [], error: read.error } : fromMatrix(read.matrix, 1);
}
