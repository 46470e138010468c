/**
 * Issue 13, milestone evidence (节点佐证材料), in Chromium: a department head uploads a PNG to a milestone of their
 * department's project, sees it listed, the change log says so; deleting it is asked first. A handler of another
 * department sees no upload button.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { browserSuite, settle, tinyPng, type Server } from './support.js';
import { openProject } from './ledger.js';

const suite = browserSuite();
const { problems, staffPage: pageAs } = suite;
let server: Server;
const PROJECT = '老旧小区加装电梯';

before(async () => {
  server = await suite.ready();
});

test(
  'a department head uploads a PNG to a milestone, sees it listed and in the change log, and deletes it after confirming',
  { timeout: 150_000 },
  async () => {
    const page = await pageAs('head.housing', '/ledger');
    const drawer = await openProject(page, PROJECT);
    const evidence = drawer.locator('[data-testid=evidence-1]');
    await evidence.locator('[data-testid=evidence-upload]').waitFor();
    assert.equal(await evidence.locator('[data-testid=evidence-file]').count(), 0);

    const upload = page.waitForResponse(
      (r) => r.url().includes('/milestones/1/evidence') && r.request().method() === 'POST',
    );
    await evidence.locator('[data-testid=evidence-input]').setInputFiles({
      name: '现场照片.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    assert.equal((await upload).status(), 201);
    const file = evidence.locator('[data-testid=evidence-file]');
    await file.waitFor();
    await settle(page);
    assert.match(await file.innerText(), /图片 1/);
    const href = await file.locator('a').getAttribute('href');
    assert.match(href ?? '', /\/api\/v1\/projects\/\d+\/milestones\/1\/evidence\/\d+$/);
    const read = await page.request.get(`${server.url}${href}`);
    assert.equal(read.status(), 200);
    assert.equal(read.headers()['content-type'], 'image/png');
    await drawer.getByText('上传佐证材料：').first().waitFor();

    // Deleting is asked first; cancelling keeps the file.
    await file.locator('[data-testid=evidence-remove]').click();
    const confirm = page.locator('.el-message-box');
    await confirm.getByText('确定删除该佐证材料（图片 1）吗？').waitFor();
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await evidence.locator('[data-testid=evidence-file]').count(), 1);
    await file.locator('[data-testid=evidence-remove]').click();
    await confirm.getByRole('button', { name: '确定' }).click();
    await evidence.getByText('暂无').waitFor();
    await drawer.getByText('删除佐证材料：').first().waitFor();
    assert.deepEqual(problems, []);
  },
);

test(
  'a handler of another department sees the evidence column but no upload button',
  { timeout: 120_000 },
  async () => {
    const page = await pageAs('handler.transport', '/ledger');
    const drawer = await openProject(page, PROJECT);
    await drawer.locator('[data-testid=evidence-1]').waitFor();
    assert.equal(await drawer.locator('[data-testid=evidence-upload]').count(), 0);
    assert.equal(await drawer.locator('[data-testid=evidence-input]').count(), 0);
    assert.deepEqual(problems, []);
  },
);
