/**
 * 综合查询 by a caller's phone (issue 13, missing item 1): a supervisor, who has no hotline desk, finds a caller's
 * requests from the menu's 综合查询, the number shown masked; staff who may not look callers up see no phone field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;
const PHONE = '13911112222';

test('a supervisor searches requests by a caller’s phone in 综合查询; a head has no phone field', async () => {
  const desk = await open('operator');
  await staffLogin(desk, suite.server.url, 'operator');
  const tickets: string[] = [];
  for (const body of ['综合查询测试：楼道灯坏了', '综合查询测试：楼道灯还是不亮']) {
    const res = await desk.request.post(`${suite.server.url}/api/v1/requests`, {
      data: { body, reporter: { phone: PHONE } },
    });
    assert.equal(res.status(), 201);
    tickets.push((await res.json()).ticket_no);
  }

  const page = await open('supervisor');
  await staffLogin(page, suite.server.url, 'supervisor');
  await page.getByRole('link', { name: '综合查询' }).click();
  await page.waitForURL((u) => u.pathname === '/search');
  await page.locator('[data-testid=search-page] [data-testid=search-table]').waitFor();
  await settle(page);
  await page.fill('#gs-phone', '139 1111 2222');
  const searched = page.waitForResponse(
    (r) => r.url().includes('/api/v1/requests?') && r.url().includes('phone='),
  );
  await page.locator('[data-testid=phone-search] button[type=submit]').click();
  assert.equal((await searched).status(), 200);
  await settle(page);
  const table = page.locator('[data-testid=search-table]');
  for (const ticket of tickets) await table.getByText(ticket).waitFor();
  assert.equal(await table.locator('tbody tr').count(), 2, 'only the caller’s requests');
  assert.ok(!(await page.content()).includes(PHONE), 'the number is never shown in full');
  assertClean('supervisor search');

  const head = await open('head');
  await staffLogin(head, suite.server.url, 'head.housing');
  await head.goto(`${suite.server.url}/search`);
  await head.locator('[data-testid=search-table]').waitFor();
  await settle(head);
  assert.equal(await head.locator('[data-testid=phone-search]').count(), 0);
  assertClean('head search');
});
