/**
 * Staff notifications in the browser: a request dispatched to a department shows in its handler's top-bar badge;
 * the list opens it in the drawer; 全部已读 clears the badge. The hotline's operator has no bell.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle, staffApi } from './support.js';

const suite = browserSuite();
const { assertClean } = suite;

test(
  'a dispatch shows in the department’s badge, opens from the list, and is marked read',
  { timeout: 180_000 },
  async () => {
    const operatorApi = await staffApi(suite.server.url, 'operator');
    const filed = await operatorApi.post('/api/v1/requests', {
      title: '通知测试：楼道灯不亮',
      body: '果园新村5号楼楼道灯不亮已有一周，晚上出行不便。',
      type: '投诉',
      area_code: 'xc-wangting-guoyuan',
      category_code: '010201',
      reporter: { name: '王五', phone: '13911114444' },
    });
    await (
      await staffApi(suite.server.url, 'dispatcher')
    ).act(filed.id, 'dispatch', { department_code: 'housing' });

    const page = await suite.staffPage('handler.housing', '/workbench');
    const badge = page.locator('[data-testid=notification-badge] .el-badge__content');
    await badge.waitFor();
    // the demo city's own recent dispatches count too
    assert.ok(Number(await badge.innerText()) >= 1);
    await page.click('[data-testid=notification-bell]');
    const item = page.locator('[data-testid=notification]', { hasText: filed.ticket_no });
    await item.waitFor();
    assert.match(await item.innerText(), /新派单/);
    assert.match((await item.getAttribute('class')) ?? '', /unread/);
    await page.click('[data-testid=notifications-read]');
    await badge.waitFor({ state: 'hidden' });
    await item.click();
    await page.locator('.el-drawer', { hasText: filed.ticket_no }).waitFor();
    await settle(page);

    const operator = await suite.staffPage('operator', '/console');
    await operator.locator('[data-testid=who]').waitFor();
    assert.equal(await operator.locator('[data-testid=notification-bell]').count(), 0);
    assertClean('notifications');
  },
);
