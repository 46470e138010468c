/** Export any table as CSV (UTF-8 with BOM, so Excel reads the Chinese) or .xlsx. */
import { computed } from 'vue';
import { i18n } from '../i18n';
import type { Cell } from './xlsx';

export type Column<T> = { label: string; value: (row: T) => Cell };

/** A table's columns for its export, made again when the language changes (their labels are words). */
export const localeColumns = <T>(make: () => Column<T>[]) =>
  computed(() => {
    void i18n.global.locale.value;
    return make();
  });

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const csvCell = (v: Cell) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading =, +, - or @ would be a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v !== 'number' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value(r))).join(','));
  return lines.join('\r\n');
}

export async function exportTable<T>(format: 'csv' | 'xlsx', name: string, columns: Column<T>[], rows: T[]) {
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    download(
      new Blob(['\ufeff', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }),
      `${name}-${stamp}.csv`,
    );
    return;
  }
  const { xlsxBlob } = await import('./xlsx');
  const data: Cell[][] = [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => c.value(r)))];
  download(xlsxBlob(name, data), `${name}-${stamp}.xlsx`);
}
