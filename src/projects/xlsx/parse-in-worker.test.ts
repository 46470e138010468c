import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { checkArchive } from '../../http/xlsx-archive.js';
import { parseLedger } from './parse-in-worker.js';
import { writeLedger } from './writer.js';

const names = { departments: new Map([['housing', '住建局']]), areas: new Map([['xc', '相城区']]) };

/** An xlsx-shaped archive whose one sheet inflates to `mb` megabytes of XML. */
async function bomb(mb: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<worksheet><sheetData>${'<row/>'.repeat((mb * 1024 * 1024) / 6)}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** The same archive with its central directory claiming every entry is small. */
function lyingAbout(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) !== 0x06054b50) continue;
    let at = out.readUInt32LE(i + 16);
    for (let n = out.readUInt16LE(i + 10); n > 0; n--) {
      out.writeUInt32LE(Math.min(out.readUInt32LE(at + 20), 1000), at + 24); // uncompressed := ≤ compressed
      at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
    }
    break;
  }
  return out;
}

test('an archive declaring more than a ledger holds is refused before anything inflates it', async () => {
  const file = await bomb(100);
  assert.ok(file.length < 1024 * 1024, `${file.length} bytes`);
  const before = process.memoryUsage().rss;
  const parsed = await parseLedger(file, names, '2026-12-07');
  assert.match(parsed.errors[0]!.reasons[0]!, /解压后超过64MB/);
  assert.ok(process.memoryUsage().rss - before < 50 * 1024 * 1024, 'nothing was inflated here');
});

test('an archive that lies about its sizes is refused unread', async () => {
  const file = lyingAbout(await bomb(300));
  assert.equal(await checkArchive(file), null, 'its directory looks harmless');
  const parsed = await parseLedger(file, names, '2026-12-07');
  assert.equal(parsed.projects.length, 0);
  assert.deepEqual(parsed.errors[0]!.reasons, ['不是有效的xlsx文件（内容损坏或不是Excel工作簿）']);
});

test('a sheet within the limits that still needs more memory than allowed kills the worker, not the server', async () => {
  const zip = new JSZip();
  zip.file(
    'xl/workbook.xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>',
  );
  const cells = Array.from(
    { length: 400_000 },
    (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`,
  );
  zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${cells.join('')}</sheetData></worksheet>`);
  const file = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  assert.equal(await checkArchive(file), null, 'within the archive limits');
  const parsed = await parseLedger(file, names, '2026-12-07', { limits: { heapMb: 32, timeoutMs: 60_000 } });
  assert.equal(parsed.projects.length, 0);
  assert.deepEqual(parsed.errors[0]!.reasons, ['文件解压后过大，不像一份台账（疑为压缩炸弹）']);
});

test('what is not a zip at all is refused with a sentence, not a library message', async () => {
  const parsed = await parseLedger(Buffer.from('hello, not a spreadsheet'), names, '2026-12-07');
  assert.equal(parsed.errors[0]!.reasons[0], '不是有效的xlsx文件（无法读取压缩包目录）');
});

test('a real ledger parses in the worker as it does in this thread, progress included', async () => {
  const file = await writeLedger([], names, '2026-12-07');
  const stages: string[] = [];
  const parsed = await parseLedger(file, names, '2026-12-07', {
    progress: {
      start: (_t, _v, p) => stages.push(`start ${JSON.stringify(p)}`),
      update: () => undefined,
      stop: () => undefined,
    },
  });
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(stages, ['start {"stage":"校验"}']);
});
