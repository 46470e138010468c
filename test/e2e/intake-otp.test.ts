/**
 * Intake usability (issue 13, bug 11): after five wrong one-time codes the page says the code is locked and offers
 * a new one, rather than "wrong or expired" for the right code. A server of its own: the codes sent by
 * ./intake.test.ts would meet the per-address limit on sending codes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  ensureWebBuild,
  launchBrowser,
  newPage,
  requireChromium,
  settle,
  startServer,
  type Server,
} from './support.js';

let server: Server;
let browser: Browser;
const problems: string[] = [];
const contexts: BrowserContext[] = [];

/** Chromium logs every 4xx answer as a console error; the refusals these tests provoke are expected. */
const expected = (p: string) => /console error: Failed to load resource: .* status of 4\d\d/.test(p);
function assertClean(step: string) {
  assert.deepEqual(
    problems.filter((p) => !expected(p)),
    [],
    `${step}: the browser reported problems`,
  );
}

async function open(label: string, viewport?: { width: number; height: number }, mobile = false) {
  const p = await newPage(browser, problems, label, viewport, mobile);
  contexts.push(p.context);
  return p.page;
}

before(async () => {
  requireChromium();
  ensureWebBuild();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('after five wrong codes the page says the code is locked and offers a new one', async () => {
  const phone = '13800138555';
  const page = await open('resident locked', { width: 390, height: 844 }, true);
  await page.goto(`${server.url}/m`);
  await page.locator('#rv-phone').waitFor();
  await settle(page);
  await page.fill('#rv-phone', phone);
  const mark = server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  const code = await server.otpFor(phone, mark);
  const wrong = code === '000000' ? '111111' : '000000';
  const alert = page.locator('.phone-verify [role=alert]');
  for (let i = 0; i < 5; i++) {
    await page.fill('#rv-code', wrong);
    await page.click('[data-testid=verify-code]');
    await alert.first().waitFor();
  }
  await page.fill('#rv-code', code);
  await page.click('[data-testid=verify-code]');
  await alert.filter({ hasText: '请重新获取验证码' }).waitFor();
  assert.doesNotMatch(await alert.innerText(), /验证码错误或已过期/);
  await page.locator('[data-testid=new-code]').waitFor();
  await settle(page);
  assertClean('code locked');
});
