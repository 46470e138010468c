/**
 * What can be wrong with a ledger file as a whole, before any row is read: a stable code, and the sentence for
 * the person importing in Chinese (also the report's one row error, for the CLI) and in English.
 */
import type { RowError } from './row-errors.js';

export const LEDGER_FILE_ERRORS = [
  'not_xlsx',
  'too_large',
  'no_sheet',
  'missing_columns',
  'unreadable',
] as const;
export type LedgerFileErrorCode = (typeof LEDGER_FILE_ERRORS)[number];
export type LedgerFileError = { code: LedgerFileErrorCode; zh: string; en: string };

export const fileError = (code: LedgerFileErrorCode, zh: string, en: string): LedgerFileError => ({
  code,
  zh,
  en,
});

/** A file that is no xlsx workbook at all (another format, renamed, cut short or damaged). */
export const notXlsx = (detail: string, detailEn: string) =>
  fileError(
    'not_xlsx',
    `不是有效的xlsx文件（${detail}）`,
    `This is not a valid xlsx file (${detailEn}): save the ledger from Excel or WPS as .xlsx and try again`,
  );

/** A file refused as a whole, at a line of a sheet when the fault is there. */
export const refusedFile = (error: LedgerFileError, sheet = '', line = 0) => ({
  projects: [] as never[],
  errors: [{ sheet, line, reasons: [error.zh] }] as RowError[],
  warnings: [] as string[],
  absent: new Set<never>(),
  fileError: error,
});
