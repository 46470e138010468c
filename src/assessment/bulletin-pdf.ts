/**
 * HTML printed to PDF by the machine's Chromium (BANSHI_CHROMIUM, Debian's /usr/bin/chromium by default), through
 * playwright-core: nothing is downloaded. One browser per document: a bulletin is made a few times a month.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../http/errors.js';

export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  if (!fs.existsSync(executablePath)) throw new AppError('pdf_unavailable', { chromium: executablePath });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
