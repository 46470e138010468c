/**
 * The forms drawn from their fields (FieldsDialog): a new project says in sentences which required fields are
 * empty, then is created and opened; a new campaign is created and chosen; a community places an order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle } from './support.js';

const suite = browserSuite();
const { problems, staffPage } = suite;

test('a supervisor creates a project and a campaign through their forms', { timeout: 150_000 }, async () => {
  const page = await staffPage('supervisor', '/ledger');

  await page.getByRole('button', { name: '新增项目' }).click();
  const dialog = page.locator('.el-dialog').filter({ has: page.locator('#np-title') });
  await dialog.getByRole('button', { name: '保存' }).click();
  const alert = dialog.locator('[role=alert]');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /请填写标题。/);
  assert.match(text, /请填写牵头部门。/);
  assert.match(text, /请填写完成时限。/);

  const title = '端到端测试项目：口袋公园';
  await dialog.locator('#np-title').fill(title);
  await dialog.locator('#np-owner').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await dialog.locator('#np-due').fill('2031-06-30');
  await dialog.locator('#np-due').press('Enter');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-drawer').getByRole('heading', { name: title }).waitFor();
  await page.keyboard.press('Escape');
  await settle(page);

  await page.getByRole('tab', { name: '走访活动' }).click();
  await page.getByRole('button', { name: '新增活动' }).click();
  const campaign = page.locator('.el-dialog').filter({ has: page.locator('#nc-name') });
  await campaign.locator('#nc-name').fill('端到端测试走访');
  await campaign.getByRole('button', { name: '保存' }).click();
  await campaign.waitFor({ state: 'hidden' });
  // The new campaign is the one chosen.
  await page.locator('.toolbar .el-select').filter({ hasText: '端到端测试走访（两进两问）' }).waitFor();
  await settle(page);
  assert.deepEqual(problems, []);
});

test('a community places an order through its form', { timeout: 120_000 }, async () => {
  const page = await staffPage('handler.guoyuan-cmte', '/ledger');
  await page.getByRole('tab', { name: '社区点单' }).click();
  await page.getByRole('button', { name: '我要点单' }).click();
  const dialog = page.locator('.el-dialog').filter({ has: page.locator('#po-title') });
  await dialog.getByRole('button', { name: '提交' }).click();
  const alert = dialog.locator('[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /请填写标题。.*请填写诉求内容。/s);

  const title = '端到端测试点单：小区健身器材维修';
  await dialog.locator('#po-title').fill(title);
  await dialog.locator('#po-body').fill('小区广场的健身器材坏了三件，请安排维修。');
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-table__row', { hasText: title }).waitFor();
  await settle(page);
  assert.deepEqual(problems, []);
});
