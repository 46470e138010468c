/**
 * A supervisor opens the assessment page, changes a weight and the minimum sample, sees the provisional
 * re-ranking of the preview, and downloads the 通报 as PDF (its first page read by pdf.js: the title and the
 * table) and as xlsx.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, test } from 'node:test';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { problems } = suite;
let server: Server;
let page: Page;

before(async () => {
  server = await suite.ready();
  page = await suite.open('supervisor');
});

async function firstPageText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const text = (await (await doc.getPage(1)).getTextContent()).items
    .map((i) => ('str' in i ? i.str : ''))
    .join('');
  await doc.destroy();
  return text;
}

test('a supervisor previews a changed weight and downloads the bulletin', { timeout: 180_000 }, async () => {
  await staffLogin(page, server.url, 'supervisor');
  await page.goto(`${server.url}/assessment`);
  await settle(page);
  const table = page.locator('[data-testid=ranking]');
  await table.locator('.el-table__row').first().waitFor();
  assert.match(await page.locator('[data-testid=status]').innerText(), /临时排名/);
  const ranksBefore = await table.locator('.el-table__row td:first-child').allInnerTexts();

  // every unit with a request ranked, response weighted more: the weights must still add up to 1
  const input = (testid: string) => page.locator(`[data-testid=${testid}] input`);
  await input('min-sample').fill('1');
  await input('weight-response').fill('0.5');
  await input('weight-response').blur();
  assert.equal(await page.locator('[data-testid=preview]').isDisabled(), true, 'weights adding to 1.2');
  await input('weight-resolution').fill('0.25');
  await input('weight-resolution').blur();
  await input('weight-satisfaction').fill('0.25');
  await input('weight-satisfaction').blur();
  await page.locator('[data-testid=preview]').click();
  await page.locator('[data-testid=status]').filter({ hasText: '试算结果' }).waitFor();
  const ranksAfter = await table.locator('.el-table__row td:first-child').allInnerTexts();
  assert.equal(ranksAfter[0]!.trim(), '1');
  assert.ok(
    ranksAfter.filter((r) => /^\d+$/.test(r.trim())).length >
      ranksBefore.filter((r) => /^\d+$/.test(r.trim())).length,
    `more units ranked with a sample of 1: ${ranksBefore} → ${ranksAfter}`,
  );
  assert.equal(await page.locator('[data-testid=save]').count(), 0, 'a supervisor previews, an admin saves');

  const download = async (testid: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-testid=${testid}] button`).click(),
    ]);
    return fs.readFileSync((await file.path())!);
  };
  const pdf = await download('pdf');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = await firstPageText(pdf);
  assert.match(text.replace(/\s+/g, ''), /12345热线诉求办理情况的通报/);
  assert.match(text, /综合得分/);
  assert.match(text, /派单数/);
  const xlsx = await JSZip.loadAsync(await download('xlsx'));
  assert.match(await xlsx.file('xl/sharedStrings.xml')!.async('string'), /综合得分/);
  assert.deepEqual(problems, []);
});
