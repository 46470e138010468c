/** CSV as the shipped data files write it (RFC 4180: quoted fields, "" escapes, embedded newlines, CRLF or LF). */
import { parse } from 'csv-parse/sync';

/** The rows of a CSV text, a UTF-8 BOM left out; rows may differ in length. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true });
}

/** Parses CSV with a header line into records keyed by column name (missing cells become ''). */
export function readCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}
