/**
 * 每月一题 and 未诉先办 end to end on the demo city: a supervisor reads the problems' month-on-month summary and
 * chooses a new problem; the head of the environment bureau answers an open warning by opening a key task, which
 * then shows in the ledger; the public page carries the summary line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

test('a supervisor reads the problems of the month and chooses a new one', { timeout: 180_000 }, async () => {
  const page = await open('supervisor');
  await staffLogin(page, suite.server.url, 'supervisor');
  await page.goto(`${suite.server.url}/focus`);
  await settle(page);
  const summary = page.locator('[data-testid=problems-summary]');
  await summary.waitFor();
  assert.match(await summary.innerText(), /共3个问题，.*诉求量环比下降2个/);
  const cards = page.locator('[data-testid=problem]');
  assert.equal(await cards.count(), 3);
  assert.match(
    await cards.filter({ hasText: '电动车充电难' }).innerText(),
    /下降[\s\S]*老旧小区电动车集中充电设施建设/,
  );

  await page.click('[data-testid=choose-problem]');
  const dialog = page.locator('.el-dialog').filter({ hasText: '选定每月一题' });
  await dialog.waitFor();
  await dialog.locator('.el-button--primary').click();
  await dialog.locator('[role=alert]').filter({ hasText: '请填写问题名称。请填写牵头单位。' }).waitFor();
  await page.fill('#problem-title', '小区停车难');
  await page.click('[data-testid=problem-keywords]');
  await page.keyboard.type('停车');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '停车' }).first().waitFor();
  await page.keyboard.press('Enter');
  await dialog.locator('.el-tag', { hasText: '停车' }).waitFor();
  await page.keyboard.press('Escape');
  await page.click('[data-testid=problem-lead]');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '相城区交通运输局' }).click();
  await dialog.locator('.el-button--primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
  await cards.filter({ hasText: '小区停车难' }).waitFor();
  assert.equal(await cards.count(), 4);

  await page.getByRole('tab', { name: '未诉先办预警' }).click();
  await settle(page);
  const quality = page.locator('[data-testid=warning-quality]');
  await quality.waitFor();
  assert.match(await quality.innerText(), /准确率\d+(\.\d)?%/);
  const openRows = page.locator('[data-testid=warnings] .el-table__row').filter({ hasText: '待响应' });
  assert.ok((await openRows.count()) > 0);
  assert.equal(
    await page.locator('[data-testid=acknowledge]').count(),
    await openRows.count(),
    'the centre may answer every open warning',
  );
  assertClean('supervisor');
});

test('a department head answers a warning with a key task', { timeout: 180_000 }, async () => {
  const page = await open('head');
  await staffLogin(page, suite.server.url, 'head.ecology');
  await page.goto(`${suite.server.url}/focus`);
  await settle(page);
  await page.getByRole('tab', { name: '未诉先办预警' }).click();
  await settle(page);
  const rows = page.locator('[data-testid=warnings] .el-table__row');
  await rows.first().waitFor();
  const texts = await rows.allInnerTexts();
  assert.ok(
    texts.every((r) => r.includes('苏州市相城生态环境局')),
    'only its own warnings',
  );
  const openRow = rows.filter({ hasText: '待响应' }).filter({ hasText: '诉求量上升' }).first();
  await openRow.locator('[data-testid=acknowledge]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '响应' });
  await dialog.waitFor();
  await page.fill('#warning-note', '已安排夜间巡查');
  await dialog.locator('[data-testid=with-task]').click();
  await page.fill('#warning-task-title', '元和街道夜间施工噪音再次上升：联合执法');
  await page.fill('#warning-task-due', '2027-01-31');
  await page.keyboard.press('Enter');
  await dialog.locator('.el-button--primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
  await rows.filter({ hasText: '已安排夜间巡查' }).filter({ hasText: '已响应' }).waitFor();
  assert.match(await rows.filter({ hasText: '已安排夜间巡查' }).innerText(), /任务 #\d+/);

  await page.goto(`${suite.server.url}/ledger`);
  await settle(page);
  await page.getByText('元和街道夜间施工噪音再次上升：联合执法').first().waitFor();
  assertClean('head');
});

test('the public page says how many problems fell month on month', { timeout: 120_000 }, async () => {
  const page = await open('public');
  await page.goto(`${suite.server.url}/public`);
  await settle(page);
  const panel = page.locator('[data-testid=public-problems]');
  await panel.waitFor();
  assert.match(await panel.innerText(), /个问题，.*诉求量环比下降\d+个/);
  assert.match(await panel.innerText(), /电动车充电难/);
  assertClean('public');
});
