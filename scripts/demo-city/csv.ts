/** CSV files as objects keyed by their header (RFC 4180, read with csv-parse). */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export function readCsvObjects(file: string): Record<string, string>[] {
  const rows: string[][] = parse(readFileSync(file, 'utf8'), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const header = rows[0];
  if (!header) throw new Error(`${file}: empty CSV`);
  return rows.slice(1).map((r, idx) => {
    if (r.length !== header.length) {
      throw new Error(`${file}: row ${idx + 2} has ${r.length} fields, header has ${header.length}`);
    }
    const o: Record<string, string> = {};
    header.forEach((h, k) => (o[h] = r[k]!));
    return o;
  });
}
