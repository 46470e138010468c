/** Finding a sheet's columns by their headers, and reading a row's cells by field. */
import type { Row } from 'exceljs';
import { plain, shown, type Plain } from './cells.js';
import type { Column } from './columns.js';

/** A header as written, without notes in brackets, spaces, asterisks and colons: "完成时限（年月日）*" → "完成时限". */
export const normaliseHeader = (s: string) => s.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊:：]/g, '');

export type HeaderMap<F extends string> = {
  /** Each known field's column number (the first, when a header is repeated). */
  map: Map<F, number>;
  /** The headers of no known column, as written. */
  unknown: string[];
};

/** The columns a header row names, by header or alias. */
export function headerMap<F extends string>(row: Row, cols: readonly Column<F>[]): HeaderMap<F> {
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

/** A row's cells by field: the value (null for a column the sheet lacks), its text, its number format. */
export function rowCells<F extends string>(row: Row, columns: ReadonlyMap<F, number>) {
  const value = (f: F): Plain => {
    const c = columns.get(f);
    return c ? plain(row.getCell(c).value) : null;
  };
  return {
    value,
    text: (f: F) => shown(value(f)),
    numFmt: (f: F) => {
      const c = columns.get(f);
      return c ? row.getCell(c).numFmt : undefined;
    },
  };
}
