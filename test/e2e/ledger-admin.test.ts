/**
 * Issue 13 (ledger and admin slice), in Chromium: validation messages are sentences naming their fields, the
 * buttons follow what the user may do, admin lists speak in names, the ledger's import, edits, evidence and
 * Word bulletin.
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
const opened: BrowserContext[] = [];

before(async () => {
  requireChromium();
  ensureWebBuild();
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const c of opened) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function pageAs(username: string, path: string): Promise<Page> {
  const { context, page } = await newPage(browser, problems, username);
  opened.push(context);
  await staffLogin(page, server.url, username);
  await page.goto(`${server.url}${path}`);
  await settle(page);
  return page;
}

test(
  'the admin user form says in Chinese sentences which fields are wrong; its inputs carry the limits',
  { timeout: 120_000 },
  async () => {
    const page = await pageAs('admin', '/admin');
    await page.getByRole('button', { name: '新增' }).first().click();
    const dialog = page.locator('.el-dialog').filter({ has: page.locator('#au-username') });
    await dialog.waitFor();
    const username = dialog.locator('#au-username');
    assert.equal(await username.getAttribute('maxlength'), '64');
    assert.ok(await username.getAttribute('pattern'), 'the username input carries the pattern');
    assert.equal(await dialog.locator('#au-password').getAttribute('minlength'), '8');
    assert.equal(await dialog.locator('#au-name').getAttribute('maxlength'), '50');

    await username.fill('Bad Name!');
    await dialog.locator('#au-name').fill('测试用户');
    await dialog.locator('#au-password').fill('short');
    await dialog.getByRole('button', { name: '保存' }).click();
    const alert = dialog.locator('[role=alert]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /用户名格式不正确/);
    assert.match(text, /密码至少需要 8 个字符/);
    assert.doesNotMatch(text, /Invalid|Too small|pattern|username|password/);
    assert.deepEqual(problems, []);
  },
);
