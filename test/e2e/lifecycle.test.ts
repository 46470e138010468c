/**
 * Issue 13 in a real browser: the dispatch dialog after a return offers nothing from the department that
 * returned it (bug 1); staff timelines speak words, not event codes, and fold the system's repeated alerts
 * (bug 3), with Leaflet's zoom buttons in Chinese; the extension dialog carries the server's limit (bug 2);
 * the print view shows the ticket and its timeline without the application's chrome (打印工单).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffApi, staffLogin, type Server } from './support.js';

// Every confident classification dispatches itself, as in a centre that trusts its model.
// Sweeps every second, so that the demo city's overdue requests carry their alerts at once.
const suite = browserSuite({ BANSHI_AUTO_DISPATCH_THRESHOLD: '0', BANSHI_SWEEP_INTERVAL_MS: '1000' });
const { open, problems } = suite;
let server: Server;
const apiAs = (username: string) => staffApi(server.url, username);

/** Event codes that must never show in a staff timeline. */
const RAW = /\b(overdue|auto-dispatch|dispatch|register|tipdm|system|add-note|deadlines-recounted)\b/;

before(async () => {
  server = await suite.ready();
});

function assertClean(step: string) {
  assert.deepEqual(problems, [], `${step}: ${problems.join('\n')}`);
}

/** A request the operator files, once triage has dispatched it by itself. */
async function autoDispatched(body: string) {
  const operator = await apiAs('operator');
  const created = await operator.post('/api/v1/requests', {
    body,
    type: '投诉',
    area_code: 'xc-wangting-guoyuan',
    reporter: { name: '王五', phone: '13700001234' },
  });
  for (let i = 0; i < 100; i++) {
    const r = await operator.get(`/api/v1/requests/${created.id}`);
    if (r.status === 'dispatched') return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`request ${created.id} was not auto-dispatched`);
}

async function openInConsole(page: Page, ticket: string, pane: 'queue' | 'search' = 'search') {
  if (pane === 'search') {
    await page.click('#tab-search');
    await page.fill('#cs-text', ticket);
    await page.press('#cs-text', 'Enter');
  } else {
    await page.fill('#pane-queue input[placeholder="关键词或工单号"]', ticket);
  }
  const row = page.locator(`#pane-${pane} tr`, { hasText: ticket });
  await row.locator('[data-testid=row-ticket]').click();
  await page.locator('.el-drawer [data-testid=detail-body]').waitFor();
  await settle(page);
}

test(
  'after a return, the dispatch dialog pre-selects nothing from the returning department',
  { timeout: 120_000 },
  async () => {
    const r = await autoDispatched('小区地下车库漏水严重，物业不处理，请住建部门督促维修');
    const returner = r.department_code as string;
    const departments = (await (await apiAs('dispatcher')).get('/api/v1/departments')).items as {
      code: string;
      name: string;
    }[];
    const returnerName = departments.find((d) => d.code === returner)!.name;
    await (await apiAs(`handler.${returner}`)).act(r.id, 'return', { reason: '不属于本部门职责' });

    const page = await open('dispatcher');
    await staffLogin(page, server.url, 'dispatcher');
    await openInConsole(page, r.ticket_no, 'queue');
    await page.locator('.el-drawer button[data-action="dispatch"]').click();
    const dialog = page.locator('.el-dialog:visible');
    const select = dialog.locator('[data-testid=dispatch-department]');
    await select.waitFor();
    assert.ok(
      !(await select.innerText()).includes(returnerName),
      `the department that returned it (${returnerName}) is not pre-selected`,
    );
    // Ctrl+Enter cannot send it straight back: nothing is chosen, the dialog says so.
    await dialog.locator('#ad-dnote').click();
    await page.keyboard.press('Control+Enter');
    await dialog.locator('[role=alert]').waitFor();
    const after = await (await apiAs('dispatcher')).get(`/api/v1/requests/${r.id}`);
    assert.equal(after.status, 'returned');
    await page.keyboard.press('Escape');
    await settle(page);
    assertClean('dispatch after a return');
  },
);

test(
  'a timeline with overdue and auto-dispatch events shows words, not codes; the map zooms in Chinese',
  { timeout: 120_000 },
  async () => {
    const r = await autoDispatched('路灯不亮已经一周，晚上出行很不方便');
    // Two alerts of one sweep, as the sweep writes them when both deadlines have passed.
    const page = await open('supervisor');
    await staffLogin(page, server.url, 'dispatcher');
    await openInConsole(page, r.ticket_no);
    const timeline = page.locator('.el-drawer [data-testid=detail-timeline]');
    await timeline.waitFor();
    const text = await timeline.innerText();
    assert.match(text, /自动派单/);
    assert.ok(!RAW.test(text), `no raw code in the timeline:\n${text}`);
    assert.ok(!text.includes('(系统)'), 'the system is named once, in words');

    // A request the demo city's sweeps found overdue: its alerts in words, folded when repeated.
    const dispatcher = await apiAs('dispatcher');
    const overdue = (await dispatcher.get('/api/v1/requests?overdue=true&page_size=50')).items as {
      id: number;
      ticket_no: string;
    }[];
    let found: { ticket_no: string } | null = null;
    for (let round = 0; round < 20 && !found; round++) {
      for (const o of overdue) {
        const d = await dispatcher.get(`/api/v1/requests/${o.id}`);
        if (d.timeline.some((e: { type: string }) => e.type === 'overdue')) {
          found = o;
          break;
        }
      }
      if (!found) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.ok(found, 'the demo city has an overdue request with its alert');
    await page.keyboard.press('Escape');
    await page.locator('.el-drawer').waitFor({ state: 'hidden' });
    await page.fill('#cs-text', '');
    await openInConsole(page, found.ticket_no);
    const overdueText = await timeline.innerText();
    assert.match(overdueText, /超期提醒/);
    assert.ok(!RAW.test(overdueText), `no raw code in the timeline:\n${overdueText}`);

    const resident = await open('map');
    await resident.goto(`${server.url}/m/report`);
    const zoomIn = resident.locator('.leaflet-control-zoom-in');
    await zoomIn.waitFor();
    assert.equal(await zoomIn.getAttribute('title'), '放大');
    assert.equal(await resident.locator('.leaflet-control-zoom-out').getAttribute('title'), '缩小');
    await settle(resident);
    await settle(page);
    assertClean('timeline words');
  },
);

test('the extension dialog carries the server’s limit of working days', { timeout: 120_000 }, async () => {
  const r = await autoDispatched('老旧小区加装电梯申请进度咨询，希望尽快答复');
  const dept = r.department_code as string;
  await (await apiAs(`handler.${dept}`)).act(r.id, 'sign');
  const page = await open('handler');
  await staffLogin(page, server.url, `handler.${dept}`);
  await page.click('#tab-handling');
  const row = page.locator('[data-testid=workbench-table] tr', { hasText: r.ticket_no });
  await row.locator('[data-testid=row-ticket]').click();
  await page.locator('.el-drawer [data-testid=detail-body]').waitFor();
  await page.locator('.el-drawer button[data-action="request-extension"]').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('[data-testid=extension-range]', { hasText: '1–10' }).waitFor();
  const days = dialog.locator('#ad-days');
  await days.fill('60');
  await days.blur();
  assert.equal(await days.inputValue(), '10', 'the input stops at the server’s limit');
  await page.keyboard.press('Escape');
  await settle(page);
  assertClean('extension limit');
});

test(
  'the print view shows the ticket and its timeline, and prints without the chrome',
  { timeout: 120_000 },
  async () => {
    const r = await autoDispatched('人行道地砖松动，老人容易绊倒');
    const page = await open('print');
    await staffLogin(page, server.url, 'dispatcher');
    await page.goto(`${server.url}/print/requests/${r.id}`);
    await page.locator('[data-testid=print-ticket]', { hasText: r.ticket_no }).waitFor();
    const timeline = await page.locator('[data-testid=print-timeline]').innerText();
    assert.match(timeline, /登记/);
    assert.match(timeline, /自动派单/);
    assert.ok(!RAW.test(timeline), timeline);
    assert.equal(await page.locator('.el-header, .el-aside, nav').count(), 0, 'no application chrome');
    assert.ok(await page.locator('[data-testid=print-toolbar]').isVisible());
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-testid=print-toolbar]').isVisible(), false);
    assert.ok(await page.locator('[data-testid=print-ticket]').isVisible());
    await settle(page);
    assertClean('print view');
  },
);
