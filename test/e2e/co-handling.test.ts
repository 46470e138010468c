/**
 * 吹哨报到 in the browser, on the demo city: a dispatcher sends a request to 城管 (the lead, 主办) with 住建 and
 * 生态环境 co-handling (协办) from the dispatch dialog; 住建's handler finds it in the workbench marked 协办, signs
 * (报到) and submits its part; 城管's handler sees it marked 主办, cannot reply while 生态环境's part is missing, and
 * replies for all once it is in. The detail and the timeline say every step in words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  openAction as act,
  openRow,
  settle,
  staffApi as apiAs,
  staffLogin,
} from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;
const RAW = /\b(whistle|co-sign|co-submit|awaiting_sign|submitted|co_handling|coHandling)\b/;
const HOUSING_PART = '已约谈物业公司，排水管道由物业于本周五前疏通。';
const REPLY = '经城管、住建、生态环境部门协同处理，积水已于12月5日排除，排水管道已疏通，异味已消除。';

/** Waits until no select's list is open (one closing still holds options with the same words). */
async function listsClosed(page: Page) {
  for (let tries = 0; tries < 100; tries++) {
    if ((await page.locator('.el-select-dropdown:visible').count()) === 0) return;
    await page.waitForTimeout(100);
  }
  throw new Error('a select list stays open');
}

/** Picks options by their words in the select of a dialog, then closes its list. */
async function choose(page: Page, select: string, names: string[]) {
  await listsClosed(page);
  await page.locator(`.el-dialog:visible [data-testid=${select}]`).click();
  for (const name of names)
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${name}$`) }).click();
  await page.locator('.el-dialog:visible .el-dialog__title').click();
  await listsClosed(page);
}

test('a request co-handled by two departments is replied by the lead', { timeout: 240_000 }, async () => {
  const base = (await suite.ready()).url;
  const dispatcherApi = await apiAs(base, 'dispatcher');
  const names = new Map<string, string>(
    (await dispatcherApi.get('/api/v1/departments')).items.map((d: { code: string; name: string }) => [
      d.code,
      d.name,
    ]),
  );
  const created = await (
    await apiAs(base, 'operator')
  ).post('/api/v1/requests', {
    body: '小区东门外道路积水发臭，雨水管堵塞，物业推诿不管，请相关部门协同处理。',
    type: '投诉',
    area_code: 'xc-wangting-guoyuan',
    reporter: { name: '钱七', phone: '13700007777' },
  });
  const ticket = created.ticket_no as string;

  // The dispatcher names the lead and two co-departments in the dispatch dialog.
  const dispatcher = await open('dispatcher');
  await staffLogin(dispatcher, base, 'dispatcher');
  await dispatcher.fill('#pane-queue input[placeholder="关键词或工单号"]', ticket);
  await dispatcher.locator('#pane-queue tr', { hasText: ticket }).locator('[data-testid=row-ticket]').click();
  await dispatcher.locator('.el-drawer [data-testid=detail-body]').waitFor();
  await settle(dispatcher);
  let dialog = await act(dispatcher, 'dispatch');
  await choose(dispatcher, 'dispatch-department', [names.get('urban-mgmt')!]);
  await choose(dispatcher, 'co-departments', [names.get('housing')!, names.get('ecology')!]);
  await dialog.locator('[data-testid=action-submit]').click();
  await dispatcher.locator('.el-drawer [data-status=dispatched]').waitFor();
  const coList = dispatcher.locator('.el-drawer [data-testid=co-handlers]');
  await coList.locator('[data-testid=co-handler-housing]', { hasText: '待报到' }).waitFor();
  await coList.locator('[data-testid=co-handler-ecology]', { hasText: '待报到' }).waitFor();
  await settle(dispatcher);

  // 住建 finds it marked 协办 in its workbench, signs and submits its part.
  const housing = await open('housing');
  await staffLogin(housing, base, 'handler.housing');
  await housing.fill('.toolbar input', ticket);
  const row = housing.locator('[data-testid=workbench-table] tr', { hasText: ticket });
  await row.waitFor();
  assert.equal((await row.locator('[data-testid=row-co-role]').innerText()).trim(), '协办');
  await openRow(housing, 'workbench-table', ticket);
  assert.deepEqual(
    await housing
      .locator('.el-drawer .actions button[data-action]')
      .evaluateAll((b) => b.map((x) => x.getAttribute('data-action'))),
    ['co-sign'],
  );
  dialog = await act(housing, 'co-sign');
  await dialog.locator('[data-testid=action-submit]').click();
  await housing.locator('.el-drawer [data-testid=co-handler-housing]', { hasText: '已报到' }).waitFor();
  dialog = await act(housing, 'co-submit');
  await dialog.locator('[data-testid=action-submit]').click();
  await dialog.locator('[role=alert]', { hasText: '协办意见' }).waitFor();
  await dialog.locator('#ad-co-part').fill(HOUSING_PART);
  await dialog.locator('[data-testid=action-submit]').click();
  await housing.locator('.el-drawer [data-testid=co-handler-housing]', { hasText: '已提交意见' }).waitFor();
  await settle(housing);

  // 城管 sees it marked 主办; while 生态环境's part is missing, it cannot reply.
  await (await apiAs(base, 'handler.urban-mgmt')).act(created.id, 'sign');
  const lead = await open('lead');
  await staffLogin(lead, base, 'handler.urban-mgmt');
  await lead.click('#tab-handling');
  await lead.fill('.toolbar input', ticket);
  const leadRow = lead.locator('[data-testid=workbench-table] tr', { hasText: ticket });
  await leadRow.waitFor();
  assert.equal((await leadRow.locator('[data-testid=row-co-role]').innerText()).trim(), '主办');
  await openRow(lead, 'workbench-table', ticket);
  await lead
    .locator('.el-drawer [data-testid=co-handlers] .el-alert', { hasText: '尚有协办单位未提交意见' })
    .waitFor();
  await lead.locator('.el-drawer [data-testid=co-part]', { hasText: HOUSING_PART }).waitFor();
  assert.equal(await lead.locator('.el-drawer button[data-action="reply"]').count(), 0);

  // 生态环境 signs and submits; the lead replies for all.
  const ecology = await apiAs(base, 'handler.ecology');
  await ecology.act(created.id, 'co-sign');
  await ecology.act(created.id, 'co-submit', { note: '已检测周边水体，未发现污染超标。' });
  await lead.keyboard.press('Escape');
  await lead.reload();
  await lead.click('#tab-handling');
  await lead.fill('.toolbar input', ticket);
  await openRow(lead, 'workbench-table', ticket);
  dialog = await act(lead, 'reply');
  await dialog.locator('#ad-text').fill(REPLY);
  await dialog.locator('[data-testid=action-submit]').click();
  await lead.locator('.el-drawer [data-status=replied]').waitFor();
  const timeline = await lead.locator('.el-drawer [data-testid=detail-timeline]').innerText();
  assert.match(timeline, /协办单位报到/);
  assert.match(timeline, /协办单位提交意见/);
  assert.match(timeline, new RegExp(HOUSING_PART));
  assert.match(timeline, new RegExp(`协办单位：${names.get('housing')}、${names.get('ecology')}`));
  assert.ok(!RAW.test(timeline), `no raw code in the timeline:\n${timeline}`);
  await settle(lead);

  const after = await dispatcherApi.get(`/api/v1/requests/${created.id}`);
  assert.equal(after.status, 'replied');
  assert.deepEqual(
    after.co_handlers.map((c: { department_code: string; state: string }) => [c.department_code, c.state]),
    [
      ['ecology', 'submitted'],
      ['housing', 'submitted'],
    ],
  );
  assertClean('co-handling');
});
