/** What the import dialogs share: the chosen file as the API takes it, and the report a refused file comes with. */
import { ApiError } from '../api/client';

/** The file's bytes, base64-encoded (the import routes' `file_base64`). */
export async function fileBase64(f: File): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The report of a file refused for its bad rows (which rows, and why), or null. A file refused as a whole
 * (invalid_file: not a workbook, too large …) has no bad rows: its one sentence is the error.
 */
export function refusedReport<Report>(err: unknown): Partial<Report> | null {
  return err instanceof ApiError &&
    err.code !== 'invalid_file' &&
    err.details &&
    typeof err.details === 'object'
    ? (err.details as Partial<Report>)
    : null;
}
