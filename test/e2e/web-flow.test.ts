/**
 * The whole 接诉即办 loop in a real browser: a resident reports from a phone-sized screen, the dispatcher
 * dispatches, the department signs and replies, the resident rates, the supervisor's figures move, and the
 * public page shows the request without personal data. The request's body carries an HTML injection that
 * must render as text on every page, and no page may log an error, fail a request or open a dialog.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffLogin, tinyPng, type Server } from './support.js';

const XSS = '<img src=x onerror=alert(1)>';
const PHONE = '13800138000';
const BODY = `小区门口的路灯坏了一周，晚上很黑 ${XSS} 请联系我${PHONE}`;
const DEPARTMENT = { code: 'urban-mgmt', name: '相城区城市管理局' };
const REPLY = '已安排维修人员更换灯具，路灯已恢复照明。';
const DAY = 86_400_000;

const suite = browserSuite();
const { open, problems } = suite;
let server: Server;
let resident: Page;
let ticket = '';
let requestId = 0;
const period = {
  from: new Date(Date.now() - 30 * DAY).toISOString(),
  to: new Date(Date.now() + DAY).toISOString(),
};
let before_ = { total: 0, followedUp: 0 };

/** The injected markup is on the page as text, and nothing it would have created exists. */
async function assertInert(page: Page, where: string) {
  assert.equal(
    await page.locator('img[src="x"]').count(),
    0,
    `${where}: the injected <img> became an element`,
  );
  assert.ok(
    (await page.locator('body').innerText()).includes(XSS),
    `${where}: the body is not shown as text`,
  );
}

function assertClean(step: string) {
  assert.deepEqual(problems, [], `${step}: the browser reported problems`);
}

async function dashboardFigures(page: Page) {
  const q = new URLSearchParams(period).toString();
  await page.goto(`${server.url}/dashboard?${q}`);
  const root = page.locator('[data-testid=dashboard][data-ready=true]');
  await root.waitFor();
  await settle(page);
  return {
    total: Number(await root.getAttribute('data-total')),
    followedUp: Number(await root.getAttribute('data-followed-up')),
  };
}

async function chooseAction(page: Page, action: string) {
  await page.locator(`.el-drawer button[data-action="${action}"]`).click();
  return page.locator('.el-dialog:visible');
}

before(async () => {
  server = await suite.ready();
});

test('the supervisor opens the dashboard before anything happens', { timeout: 90_000 }, async () => {
  const page = await open('supervisor');
  await staffLogin(page, server.url, 'supervisor');
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  before_ = await dashboardFigures(page);
  assert.ok(before_.total > 0, 'the demo city has requests in the period');
  // What follows the first paint: the map, the figures as a table, the requests to supervise.
  const dashboard = page.locator('[data-testid=dashboard]');
  await dashboard.locator('[data-testid=area-map] path').first().waitFor();
  await dashboard.locator('[data-testid=metrics-table] tbody tr').first().waitFor();
  await dashboard.locator('[data-testid=supervision-table] [data-testid=row-ticket]').first().waitFor();
  await settle(page);
  assertClean('dashboard');
});

test('a resident reports a problem from a 390×844 phone screen', { timeout: 120_000 }, async () => {
  resident = await open('resident', { width: 390, height: 844 }, true);
  const fetched: string[] = [];
  resident.on('request', (r) => fetched.push(r.url()));
  await resident.goto(`${server.url}/m/report`);
  await resident.locator('#rr-body').waitFor();
  await settle(resident);
  // The resident's first load carries neither ECharts nor any staff page.
  const heavy = fetched.filter((u) => /echarts|Dashboard|Console|Workbench|Admin|RequestTable/.test(u));
  assert.deepEqual(heavy, [], 'the resident page loaded staff code');

  await resident.locator('label.el-radio-button', { hasText: '投诉' }).click();
  await resident.fill('#rr-body', BODY);
  await resident.locator('[data-testid=area-map]').click();
  await resident.locator('[data-testid=pinned]').waitFor();
  await resident.fill('#rr-address', '御窑花园 3 栋门口');
  await resident.setInputFiles('[data-testid=photo-input]', {
    name: 'lamp.png',
    mimeType: 'image/png',
    buffer: tinyPng(),
  });
  await resident.fill('#rv-phone', PHONE);
  const mark = server.logLength();
  await resident.click('[data-testid=send-code]');
  await resident.locator('#rv-code').waitFor();
  await resident.fill('#rv-code', await server.otpFor(PHONE, mark));
  await resident.click('[data-testid=submit-report]');
  await resident.locator('[data-testid=report-done]').waitFor();
  ticket = (await resident.locator('[data-testid=ticket-no]').innerText()).trim();
  assert.match(ticket, /^\d{14}$/);
  assert.match(await resident.locator('[data-testid=expected-reply]').innerText(), /\d/);
  const width = Number(await resident.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `no horizontal scroll at 390 px (scrollWidth ${width})`);

  await resident.getByRole('button', { name: '查看办理进度' }).click();
  await resident.locator('[data-testid=request-body]').waitFor();
  requestId = Number(new URL(resident.url()).pathname.split('/').pop());
  assert.ok(requestId > 0);
  await settle(resident);
  assert.equal(await resident.locator('.photos img').count(), 1, 'the photo was attached');
  await assertInert(resident, 'resident request page');
  assertClean('resident report');
});

test('the dispatcher finds it in the queue and dispatches it', { timeout: 90_000 }, async () => {
  const page = await open('dispatcher');
  await staffLogin(page, server.url, 'dispatcher');
  assert.equal(new URL(page.url()).pathname, '/console');
  await page.fill('#pane-queue input[placeholder="关键词或工单号"]', ticket);
  const row = page.locator('[data-testid=queue-table] tr', { hasText: ticket });
  await row.waitFor();
  assert.ok((await row.innerText()).includes('<img src=x'), 'the queue shows the body as text');
  await assertInert(page, 'dispatch queue');
  await row.locator('[data-testid=row-ticket]').click();
  await page.locator('.el-drawer [data-testid=detail-body]').waitFor();
  await assertInert(page, 'console detail');

  const dialog = await chooseAction(page, 'dispatch');
  await dialog.locator('.el-select').first().click();
  await page.keyboard.type('城市管理');
  await page.locator('.el-select-dropdown__item:visible', { hasText: DEPARTMENT.name }).first().click();
  await dialog.locator('[data-testid=action-submit]').click();
  await page.locator('.el-drawer [data-status=dispatched]').waitFor();
  await settle(page);
  assertClean('dispatch');
});

test('the department handler signs it and replies', { timeout: 90_000 }, async () => {
  const page = await open('handler');
  await staffLogin(page, server.url, `handler.${DEPARTMENT.code}`);
  assert.equal(new URL(page.url()).pathname, '/workbench');
  const row = page.locator('[data-testid=workbench-table] tr', { hasText: ticket });
  await row.waitFor();
  await assertInert(page, 'workbench');
  await row.locator('[data-testid=row-ticket]').click();
  await page.locator('.el-drawer [data-testid=detail-body]').waitFor();

  let dialog = await chooseAction(page, 'sign');
  await dialog.locator('[data-testid=action-submit]').click();
  await page.locator('.el-drawer [data-status=signed]').waitFor();

  dialog = await chooseAction(page, 'reply');
  await dialog.locator('#ad-text').fill(REPLY);
  await dialog.locator('[data-testid=action-submit]').click();
  await page.locator('.el-drawer [data-status=replied]').waitFor();
  await assertInert(page, 'workbench detail');
  await settle(page);
  assertClean('sign and reply');
});

test('the resident reads the answer and rates it', { timeout: 60_000 }, async () => {
  await resident.goto(`${server.url}/m`);
  const card = resident.locator('[data-testid=my-request]', { hasText: ticket });
  await card.waitFor();
  await assertInert(resident, 'my requests');
  await card.click();
  await resident.locator('[data-testid=answer]', { hasText: REPLY }).waitFor();
  const form = resident.locator('[data-testid=rate-form]');
  await form.locator('label.el-radio-button', { hasText: '已解决' }).click();
  await form.locator('label.el-radio-button', { hasText: /^满意$/ }).click();
  await resident.click('[data-testid=submit-rating]');
  await resident.locator('[data-testid=my-rating]').waitFor();
  assert.equal(await resident.locator('[data-testid=rate-form]').count(), 0, 'a rating is given once');
  await assertInert(resident, 'rated request');
  await settle(resident);
  assertClean('rating');
});

test("the supervisor's figures move", { timeout: 60_000 }, async () => {
  const page = await open('supervisor-after');
  await staffLogin(page, server.url, 'supervisor');
  const now = await dashboardFigures(page);
  assert.equal(now.total, before_.total + 1, 'one more request in the period');
  assert.equal(now.followedUp, before_.followedUp + 1, 'one more follow-up in the period');
  assert.match(await page.locator('[data-metric=satisfaction_rate]').innerText(), /%$/);
  assertClean('dashboard after');
});

test('the public page shows it without personal data', { timeout: 60_000 }, async () => {
  const page = await open('public');
  const answers: Promise<unknown>[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/v1/public/requests')) answers.push(r.json().catch(() => null));
  });
  await page.goto(`${server.url}/public`);
  const item = page.locator('[data-testid=public-request]', { hasText: ticket });
  await item.waitFor();
  await settle(page);
  const text = await item.innerText();
  assert.ok(text.includes(XSS), 'the body is shown as text');
  assert.ok(!text.includes(PHONE), 'the phone in the text is masked');
  assert.ok(text.includes('138****8000'), 'the phone in the text is masked, not removed');
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.ok(!(await page.content()).includes(PHONE), 'no phone number anywhere on the page');
  const json = JSON.stringify(await Promise.all(answers));
  assert.ok(json.includes(ticket));
  for (const key of ['"lat"', '"lon"', '"reporter"', '"phone"', PHONE, '御窑花园'])
    assert.ok(!json.includes(key), `the public API leaks ${key}`);
  assertClean('public page');
});
