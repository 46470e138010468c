/**
 * Request lists as staff use them: a supervisor opens any ticket from the lookup in the top bar.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { problems } = suite;
let server: Server;
let page: Page;

before(async () => {
  server = await suite.ready();
  page = await suite.open('supervisor');
});

/** A request of the demo city in one of the statuses, as the logged-in user's API answers it. */
async function someRequest(status: string) {
  const res = await page.request.get(`${server.url}/api/v1/requests?status=${status}&page_size=1`);
  assert.equal(res.status(), 200);
  const [first] = (await res.json()).items;
  assert.ok(first, `a demo request in ${status}`);
  return first as { id: number; ticket_no: string; title: string };
}

test(
  'a supervisor opens a ticket from the lookup in the top bar and may supervise it',
  { timeout: 120_000 },
  async () => {
    await staffLogin(page, server.url, 'supervisor');
    assert.match(new URL(page.url()).pathname, /^\/dashboard/);
    const wanted = await someRequest('dispatched');
    const box = page.locator('[data-testid=ticket-lookup] input');
    await box.fill(wanted.ticket_no);
    const found = page.locator('[data-testid=lookup-item]').filter({ hasText: wanted.ticket_no });
    await found.first().click();
    const drawer = page.locator('[data-testid=detail-drawer]');
    await drawer.getByText(wanted.ticket_no).first().waitFor();
    await drawer.getByRole('button', { name: '督办' }).waitFor();
    await settle(page);
    assert.deepEqual(problems, []);
  },
);

test(
  "the dashboard's cards name their own bases, and the 超期未办 card agrees with its list",
  { timeout: 120_000 },
  async () => {
    await page.goto(`${server.url}/dashboard`);
    await page.locator('[data-testid=dashboard][data-ready=true]').waitFor();
    const kpis = page.locator('[data-testid=kpis]');
    const caption = (k: string) =>
      kpis.locator(`.kpi:has([data-metric=${k}]) .kpi-sub[data-base]`).innerText();
    assert.match(await caption('response_rate'), /^派单数 \d+$/);
    assert.match(await caption('resolution_rate'), /^回访数 \d+$/);
    assert.match(await caption('satisfaction_rate'), /^回访数 \d+$/);
    assert.match(await caption('on_time_rate'), /^应办结数 \d+$/);
    const card = Number(await kpis.locator('[data-metric=overdue_open]').innerText());
    assert.ok(card > 0, 'the demo city has overdue requests');
    await page.locator('[data-testid=overdue-list-link]').click();
    const listed = page.locator(
      '[data-testid=supervision-table] [data-testid=table-total]:not([data-total=""])',
    );
    await listed.waitFor();
    await settle(page);
    assert.equal(Number(await listed.getAttribute('data-total')), card);
    assert.equal(await listed.innerText(), `共 ${card} 条`);
    // The map's legend gives ranges with their unit (it read "0 1 1 2 2"), then percentages for the overdue rate.
    const legend = page.locator('[data-testid=map-legend] .swatch');
    await legend.first().waitFor();
    const counts = (await legend.allInnerTexts()).map((s) => s.trim());
    for (const item of counts) assert.match(item, /^\d+(–\d+)? 件$/);
    assert.equal(new Set(counts).size, counts.length, counts.join(' '));
    await page.locator('[data-testid=dashboard] label.el-radio-button', { hasText: '超期率' }).click();
    await page.locator('[data-testid=map-legend] .swatch', { hasText: '%' }).first().waitFor();
    for (const item of (await legend.allInnerTexts()).map((s) => s.trim()))
      assert.match(item, /^\d+(\.\d)?–\d+(\.\d)?%$/);
    assert.deepEqual(problems, []);
  },
);

test(
  'a dispatcher selects requests in the queue and dispatches them to one department',
  { timeout: 120_000 },
  async () => {
    const desk = await suite.open('dispatcher');
    try {
      await staffLogin(desk, server.url, 'dispatcher');
      await desk.goto(`${server.url}/console`);
      const queue = desk.locator('[data-testid=queue-table]');
      await queue.locator('[data-testid=row-ticket]').nth(1).waitFor();
      await settle(desk);
      const tickets = [
        (await queue.locator('[data-testid=row-ticket]').nth(0).innerText()).trim(),
        (await queue.locator('[data-testid=row-ticket]').nth(1).innerText()).trim(),
      ];
      const boxes = queue.locator('.el-table__body tr .el-checkbox');
      await boxes.nth(0).click();
      await boxes.nth(1).click();
      const bar = queue.locator('[data-testid=batch-bar]');
      await bar.getByText('已选 2 条').waitFor();
      await bar.locator('#batch-department').click();
      await desk.locator('.el-select-dropdown__item:visible').filter({ hasText: '住房' }).first().click();
      await bar.locator('[data-testid=batch-dispatch]').click();
      await bar.locator('[data-testid=batch-outcome]').getByText('已完成 2 条').waitFor();
      await settle(desk);
      for (const ticket of tickets) {
        const res = await desk.request.get(
          `${server.url}/api/v1/requests/lookup?q=${encodeURIComponent(ticket)}`,
        );
        const [found] = (await res.json()).items;
        assert.equal(found.ticket_no, ticket);
        assert.equal(found.status, 'dispatched');
        assert.equal(found.department_code, 'housing');
        assert.equal(await queue.locator('[data-testid=row-ticket]').filter({ hasText: ticket }).count(), 0);
      }

      // 综合查询: filter 严重超期 by hotline, save it, reset, and find it again from its chip.
      await desk.locator('.el-tabs__item', { hasText: '综合查询' }).click();
      const filters = desk.locator('[data-testid=cs-filters]');
      await filters.locator('[data-testid=long-overdue-switch]').click();
      await filters.locator('[data-testid=filters-apply]').click();
      const table = desk.locator('[data-testid=search-table]');
      const totalOf = async () => {
        await settle(desk);
        return Number(await table.locator('[data-testid=table-total]').getAttribute('data-total'));
      };
      const longOverdue = await totalOf();
      assert.ok(longOverdue > 0, 'the demo city has requests far past their deadline');
      assert.equal(await table.locator('tbody tr').count(), Math.min(longOverdue, 20));
      assert.equal(await table.locator('[data-testid=long-overdue]').count(), Math.min(longOverdue, 20));
      await filters.locator('[data-testid=filters-save]').click();
      const prompt = desk.locator('.el-message-box');
      await prompt.locator('input').fill('严重超期件');
      await prompt.getByRole('button', { name: '保存' }).click();
      await filters.locator('[data-testid=saved-filter]', { hasText: '严重超期件' }).waitFor();
      await filters.getByRole('button', { name: '重置' }).click();
      const all = await totalOf();
      assert.ok(all > longOverdue);
      await filters.locator('[data-testid=saved-filter]', { hasText: '严重超期件' }).click();
      assert.equal(await totalOf(), longOverdue);
      // The saved filter is still there after a reload.
      await desk.reload();
      await desk.locator('.el-tabs__item', { hasText: '综合查询' }).click();
      await filters.locator('[data-testid=saved-filter]', { hasText: '严重超期件' }).waitFor();
      await settle(desk);
    } finally {
      await desk.context().close();
    }
    assert.deepEqual(problems, []);
  },
);
