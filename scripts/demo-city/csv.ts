/** CSV (RFC 4180: quoted fields may contain commas, doubled quotes and newlines; CRLF or LF). */
import { readFileSync } from 'node:fs';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export function readCsvObjects(file: string): Record<string, string>[] {
  const rows = parseCsv(readFileSync(file, 'utf8'));
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
