/**
 * Issue 13 (ledger and admin slice), in Chromium: validation messages are sentences naming their fields, the
 * buttons follow what the user may do, admin lists speak in names, the ledger's import, edits, evidence and
 * Word bulletin.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, test } from 'node:test';
import JSZip from 'jszip';
import { browserSuite, settle, type Server } from './support.js';
import { openProject } from './ledger.js';

const suite = browserSuite();
const { problems, staffPage: pageAs } = suite;
let server: Server;

before(async () => {
  server = await suite.ready();
});

/** Takes back the console line Chromium writes for a refusal the test asked for (one, of that status). */
function expectRefusal(status: number) {
  const i = problems.findIndex((p) => p.includes(`status of ${status}`));
  assert.ok(i >= 0, `the ${status} refusal`);
  problems.splice(i, 1);
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

test(
  "a handler sees no 新增项目 / 导入台账, and a project's own buttons only where the server lets them act",
  { timeout: 120_000 },
  async () => {
    const page = await pageAs('handler.housing', '/ledger');
    await page.locator('[data-testid=projects-table] .el-table__row').first().waitFor();
    assert.equal(await page.getByRole('button', { name: '新增项目' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: '导入台账' }).count(), 0);

    // Another department's project: read only.
    let drawer = await openProject(page, '阳澄湖生态保护修复工程');
    assert.equal(await drawer.getByRole('button', { name: '标记完成' }).count(), 0);
    assert.equal(await drawer.getByRole('button', { name: '新增节点' }).count(), 0);
    assert.equal(await drawer.getByText('更新进度').count(), 0);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // The handler's own department's project: milestones and progress are theirs to report.
    drawer = await openProject(page, '老旧小区加装电梯');
    await drawer.getByRole('button', { name: '新增节点' }).waitFor();
    assert.ok((await drawer.getByRole('button', { name: '标记完成' }).count()) > 0);
    assert.deepEqual(problems, []);
  },
);

test(
  'admin lists speak in names, users are searched by the server, a taken username and a new key are clear',
  { timeout: 150_000 },
  async () => {
    const page = await pageAs('admin', '/admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const users = page.locator('#pane-users');
    // The server finds the users: two of the housing bureau.
    await users.getByPlaceholder('筛选').fill('housing');
    await page.waitForResponse(
      (r) => r.url().includes('/api/v1/admin/users?') && r.url().includes('q=housing'),
    );
    await settle(page);
    const rows = users.locator('.el-table__body-wrapper .el-table__row');
    assert.equal(await rows.count(), 2);
    assert.match(await users.innerText(), /共 2 条/);

    // A taken username: a sentence saying so.
    await users.getByRole('button', { name: '新增' }).click();
    const dialog = page.locator('.el-dialog').filter({ has: page.locator('#au-username') });
    await dialog.locator('#au-username').fill('operator');
    await dialog.locator('#au-name').fill('重复的人');
    await dialog.locator('#au-password').fill('long-enough-pw');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('[role=alert]').filter({ hasText: '该用户名已被使用，请换一个用户名。' }).waitFor();
    // The browser logs the refusal it was meant to get; only that one is expected.
    expectRefusal(409);
    await dialog.getByRole('button', { name: '取消' }).click();

    // Categories: the time-limit profile by its name, the level in words.
    await page.getByRole('tab', { name: '分类' }).click();
    const categories = page.locator('#pane-categories');
    await categories.locator('.el-table__row').first().waitFor();
    await settle(page);
    const table = await categories.locator('.el-table__body-wrapper').innerText();
    assert.match(table, /一般诉求/);
    assert.match(table, /一级/);
    assert.doesNotMatch(table, /\bordinary\b/);

    // API keys: an empty name is a sentence; a new key is copied with one click.
    await page.getByRole('tab', { name: 'API 密钥' }).click();
    const keys = page.locator('#pane-keys');
    await keys.getByRole('button', { name: '新增' }).click();
    const keyDialog = page.locator('.el-dialog').filter({ has: page.locator('#ak-name') });
    await keyDialog.getByRole('button', { name: '保存' }).click();
    await keyDialog.locator('[role=alert]').filter({ hasText: '请填写名称。' }).waitFor();
    assert.equal(await keyDialog.locator('#ak-name').getAttribute('maxlength'), '100');
    await keyDialog.locator('#ak-name').fill('测试对接');
    await keyDialog.getByRole('button', { name: '保存' }).click();
    const key = (await page.locator('[data-testid=new-key]').innerText()).trim();
    assert.match(key, /^bs_/);
    await page.locator('[data-testid=copy-key]').click();
    await page.locator('.el-message').filter({ hasText: '已复制到剪贴板' }).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);
    assert.deepEqual(problems, []);
  },
);

test(
  'importing a file that is not xlsx says so in one sentence, not as a bad row with the library message',
  { timeout: 120_000 },
  async () => {
    const page = await pageAs('supervisor', '/ledger');
    await page.getByRole('button', { name: '导入台账' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '导入台账' });
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'ledger.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from('项目名称,责任单位\n修路,住建局\n'),
    });
    await dialog.getByRole('button', { name: '检查文件' }).click();
    const error = dialog.locator('[data-testid=import-error]');
    await error.waitFor();
    expectRefusal(400);
    const text = await dialog.innerText();
    assert.match(await error.innerText(), /不是有效的xlsx文件/);
    assert.doesNotMatch(text, /错误 1 行|central directory|jszip/i);
    assert.deepEqual(problems, []);
  },
);

test(
  'a supervisor edits a project, marks a milestone done after confirming and undoes it, and downloads the Word bulletin',
  { timeout: 150_000 },
  async () => {
    const page = await pageAs('supervisor', '/ledger');
    const drawer = await openProject(page, '老旧小区加装电梯');

    // Edit: the target changes, the history says who changed what.
    await drawer.locator('[data-testid=project-edit]').click();
    const dialog = page.locator('.el-dialog').filter({ has: page.locator('#ep-title') });
    await dialog.locator('#ep-target').fill('年底前完成加装电梯120部（已调整）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer.getByText('年底前完成加装电梯120部（已调整）').waitFor();
    await drawer.getByText('修改了：目标').waitFor();

    // A milestone: asked first, then done today, then undone.
    const rows = drawer.locator('.el-table__body-wrapper .el-table__row');
    const open = rows.filter({ has: page.getByRole('button', { name: '标记完成' }) }).first();
    const title = (await open.locator('td').first().innerText()).trim();
    await open.getByRole('button', { name: '标记完成' }).click();
    const box = page.locator('.el-message-box');
    await box.getByText(`确认节点“${title}”已完成？`).waitFor();
    await box.getByRole('button', { name: /确定|OK/ }).click();
    const row = rows.filter({ hasText: title });
    await row.getByRole('button', { name: '撤销完成' }).waitFor();
    await row.getByRole('button', { name: '撤销完成' }).click();
    await row.getByRole('button', { name: '标记完成' }).waitFor();
    await drawer.getByText(`撤销了节点“${title}”的完成`).waitFor();
    await page.keyboard.press('Escape');

    // The bulletin for a street, as a Word document.
    await page.getByRole('tab', { name: '进展通报' }).click();
    const bulletin = page.locator('[data-testid=bulletin]');
    await bulletin.locator('.paragraph').waitFor();
    await bulletin.locator('#bl-asof').fill('2026-12-01');
    await bulletin.locator('#bl-asof').press('Enter');
    await settle(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      bulletin.locator('[data-testid=bulletin-docx]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^bulletin-2026-12-01\.docx$/);
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file!));
    const xml = await zip.file('word/document.xml')!.async('string');
    assert.match(xml, /“我为群众办实事”项目进展通报/);
    assert.match(xml, /截至2026-12-01/);
    assert.deepEqual(problems, []);
  },
);
