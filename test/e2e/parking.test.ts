/**
 * 锡慧停 in a real browser: a resident books the last shared space of a window from a phone screen; a second
 * resident asking for the same time is told it is full; the site's operator checks the car in by plate (the
 * plate shown in full only then) and the resident's "find my car" shows the site; a booking nobody arrives for
 * is released by the sweep as a no-show.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, DEMO_PASSWORD, settle, staffLogin, type Server } from './support.js';

// No-shows are released a minute after the start; the sweep runs every few seconds.
const suite = browserSuite({ BANSHI_PARKING_NO_SHOW_MINUTES: '1', BANSHI_SWEEP_INTERVAL_MS: '3000' });
const { open, problems } = suite;
let server: Server;
const CODE = 'E2E-LAST-SPACE';
const PLATE = '苏E12345';
let siteId: number;
let spareWindow: number;

async function asAdmin(method: string, path: string, body?: unknown) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as { id: number };
}

before(async () => {
  server = await suite.ready();
  siteId = (
    await asAdmin('POST', '/api/v1/parking/sites', {
      code: CODE,
      name: '端到端测试停车场',
      kind: 'unit',
      operator_name: '相城区城管局',
      operator_department_code: 'urban-mgmt',
      address: '相城大道1588号东侧',
      lat: 31.3733,
      lon: 120.6421,
      capacity: 10,
    })
  ).id;
  await asAdmin('POST', `/api/v1/parking/sites/${siteId}/windows`, {
    name: '最后一个泊位',
    audience: 'public',
    spaces: 1,
    hours: '24/7',
    valid_from: '2020-01-01',
  });
  spareWindow = (
    await asAdmin('POST', `/api/v1/parking/sites/${siteId}/windows`, {
      name: '临时共享',
      audience: 'public',
      spaces: 3,
      hours: '24/7',
      valid_from: '2020-01-01',
    })
  ).id;
});

after(() => {
  assert.deepEqual(problems, [], 'the browser reported problems');
});

/** A resident on a phone screen, logged in by code, on the parking page with the test site opened. */
async function residentOn(phone: string, label: string): Promise<Page> {
  const page = await open(label, { width: 390, height: 844 }, true);
  await page.goto(`${server.url}/m/parking`);
  const site = page.locator(`[data-testid=site-${CODE}]`);
  await site.locator('.site-head').click();
  await site.locator('[data-testid=windows]').waitFor();
  await page.fill('#rv-phone', phone);
  const mark = server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  await page.fill('#rv-code', await server.otpFor(phone, mark));
  await page.click('[data-testid=verify-code]');
  await site.locator('[data-testid=book-submit]').waitFor();
  await settle(page);
  return page;
}

let first: Page;
let second: Page;

test('a resident books the last space; a second one is told it is full', { timeout: 180_000 }, async () => {
  first = await residentOn('13911110001', 'first resident');
  await first.fill('#pk-plate', PLATE);
  await first.click('[data-testid=book-submit]');
  const booking = first.locator('[data-testid=my-booking]').first();
  await booking.waitFor();
  assert.equal(await booking.getAttribute('data-status'), 'confirmed');
  assert.match(await booking.innerText(), /端到端测试停车场[\s\S]*苏E12345/);

  second = await residentOn('13911110002', 'second resident');
  await second.fill('#pk-plate', '苏EF12345');
  await second.click('[data-testid=book-submit]');
  const alert = second.locator(`[data-testid=site-${CODE}] [role=alert]`);
  await alert.waitFor();
  assert.match(await alert.innerText(), /该时段共享车位已约满/);
  // The browser logs the refusal's 409 as a console error: that one is expected, and only that one.
  const expected = problems.findIndex((p) => /^second resident console error: .*409 \(Conflict\)/.test(p));
  assert.ok(expected >= 0, 'the refusal was a 409');
  problems.splice(expected, 1);
  assert.equal(await second.locator('[data-testid=my-booking]').count(), 0, 'nothing was booked');
});

test(
  'the operator checks the car in by plate; the resident finds the car',
  { timeout: 120_000 },
  async () => {
    const staff = await open('operator');
    await staffLogin(staff, server.url, 'handler.urban-mgmt');
    await staff.goto(`${server.url}/parking`);
    await staff.locator('[data-testid=parking-sites]').waitFor();
    await staff.click('#po-site');
    await staff.locator('.el-select-dropdown__item', { hasText: '端到端测试停车场' }).click();
    const row = staff.locator('[data-testid=site-bookings] tbody tr').first();
    await row.waitFor();
    assert.match(await row.innerText(), /苏E\*+45|苏E1\*+5|\*/, 'the plate is masked in the list');
    assert.doesNotMatch(await row.innerText(), /苏E12345/);
    await staff.fill('#po-plate', PLATE);
    await staff.click('[data-testid=check-in]');
    assert.match(await staff.locator('[data-testid=checked-in]').innerText(), /苏E12345/);

    await first.reload();
    await first.locator('[data-testid=find-my-car]').waitFor();
    assert.match(await first.locator('[data-testid=find-my-car]').innerText(), /端到端测试停车场/);
    assert.equal(
      await first.locator('[data-testid=my-booking]').first().getAttribute('data-status'),
      'checked_in',
    );
  },
);

test('a booking nobody arrives for is released as a no-show', { timeout: 180_000 }, async () => {
  // The second resident books a space from now (through the page's own session) and never arrives.
  const now = Date.now();
  const res = await second.request.post(`${server.url}/api/v1/parking/bookings`, {
    headers: { origin: server.url },
    data: {
      window_id: spareWindow,
      starts_at: new Date(now).toISOString(),
      ends_at: new Date(now + 3_600_000).toISOString(),
      plate: '苏EF12345',
    },
  });
  assert.equal(res.status(), 201, await res.text());
  await second.reload();
  const booking = second.locator('[data-testid=my-booking]').first();
  await booking.waitFor();
  assert.equal(await booking.getAttribute('data-status'), 'confirmed');
  const deadline = Date.now() + 150_000;
  for (;;) {
    await second.reload();
    await second.locator('[data-testid=my-booking]').first().waitFor();
    if ((await second.locator('[data-testid=my-booking]').first().getAttribute('data-status')) === 'no_show')
      break;
    assert.ok(Date.now() < deadline, 'the booking was not released');
    await new Promise((r) => setTimeout(r, 5000));
  }
  assert.match(await second.locator('[data-testid=my-booking]').first().innerText(), /超时未入场，已释放/);
});
