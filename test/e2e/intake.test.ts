/**
 * Intake usability (issue 13): phone numbers as people type them, on the operator's registration form and the
 * resident's login; errors that go when they are fixed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ensureWebBuild,
  launchBrowser,
  newPage,
  requireChromium,
  settle,
  staffLogin,
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

async function registerForm(): Promise<Page> {
  const page = await open('operator');
  await staffLogin(page, server.url, 'operator');
  await page.locator('[data-testid=register-form] #rc-phone').waitFor();
  return page;
}

test('the operator is told what is wrong with a phone number, and a typed number registers', async () => {
  const page = await registerForm();
  const form = page.locator('[data-testid=register-form]');
  const alert = form.locator('[role=alert]');
  await page.fill('#rc-body', '小区门口路灯不亮');
  for (const phone of ['abc', '12', '1380000000测试']) {
    await page.fill('#rc-phone', phone);
    await page.click('[data-testid=register-submit]');
    await alert.filter({ hasText: '来电号码：' }).waitFor();
    const text = await alert.innerText();
    assert.doesNotMatch(text, /必填/, `${phone}: a filled field is not "required"`);
    assert.equal(await form.locator('[role=alert]').count(), 1, 'one message at a time');
  }
  await page.fill('#rc-phone', '0512-6555 1234 转 123');
  assert.equal(await page.inputValue('#rc-phone'), '0512-6555 1234 转 123', 'nothing is cut off');
  await page.click('[data-testid=register-submit]');
  await page.locator('.el-alert--success', { hasText: '已登记' }).waitFor();
  await settle(page);
  assert.equal(await form.locator('[role=alert]').count(), 0, 'the old message is gone');
  assertClean('operator phone');
});

test('a resident logs in with a mobile typed with its prefix and separators', async () => {
  const page = await open('resident', { width: 390, height: 844 }, true);
  await page.goto(`${server.url}/m`);
  await page.locator('#rv-phone').waitFor();
  await settle(page);
  for (const typed of ['138-0013-8111', '+86 138 0013 8111', '１３８ ００１３ ８１１１']) {
    await page.fill('#rv-phone', typed);
    assert.equal(await page.inputValue('#rv-phone'), typed, `${typed} is not truncated`);
  }
  await page.fill('#rv-phone', 'abc');
  await page.click('[data-testid=send-code]');
  await page.locator('.phone-verify [role=alert]', { hasText: '手机号：' }).waitFor();
  await page.fill('#rv-phone', '+86 138-0013-8111');
  const mark = server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  assert.equal(await page.locator('.phone-verify [role=alert]').count(), 0, 'the old message is gone');
  await page.fill('#rv-code', await server.otpFor('13800138111', mark));
  await page.click('[data-testid=verify-code]');
  await page.getByRole('heading', { name: '我的诉求' }).waitFor();
  await settle(page);
  assertClean('resident phone');
});
