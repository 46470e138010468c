/**
 * 锡慧停's maps and staff pages in a real browser: a resident sees the nearby sites as pins coloured by
 * availability and chooses one from its popup; the operators' page shows the sites on a map; an admin edits a
 * share window (hours the server cannot read are refused in its words, then good ones saved), adds a site and
 * imports a CSV whose bad row is reported; the dashboard shows the parking figures; the public page shows the
 * availability map without a plate.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, settle, staffApi, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;
let server: Server;
const LIVE = 'E2E-MAP-LIVE';
const SILENT = 'E2E-MAP-SILENT';
const PLATE = '苏E77177';
const WINDOW = '端到端共享时段';

before(async () => {
  server = await suite.ready();
  const admin = await staffApi(server.url, 'admin');
  const site = {
    kind: 'unit',
    operator_name: '相城区城管局',
    operator_department_code: 'urban-mgmt',
    capacity: 50,
    realtime_interval_seconds: 600,
  };
  const live = await admin.post('/api/v1/parking/sites', {
    ...site,
    code: LIVE,
    name: '地图测试停车场',
    address: '相城大道1588号',
    lat: 31.3734,
    lon: 120.6419,
  });
  await admin.post('/api/v1/parking/sites', {
    ...site,
    code: SILENT,
    name: '无数据测试停车场',
    address: '相城大道1600号',
    lat: 31.3742,
    lon: 120.6431,
  });
  const window = await admin.post(`/api/v1/parking/sites/${live.id}/windows`, {
    name: WINDOW,
    audience: 'public',
    spaces: 3,
    hours: '24/7',
    valid_from: '2020-01-01',
  });
  const { key } = await admin.post('/api/v1/admin/api-keys', { name: '端到端道闸' });
  const pushed = await fetch(`${server.url}/api/v1/parking/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ site: LIVE, observed_at: new Date().toISOString(), free: 20 }),
  });
  assert.equal(pushed.status, 200, await pushed.text());

  // A resident's booking with a plate: the public map must not show it.
  const phone = '13911117177';
  const mark = server.logLength();
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  assert.equal((await post('/api/v1/auth/otp', { phone })).status, 200);
  const { token } = (await (
    await post('/api/v1/auth/otp/verify', { phone, code: await server.otpFor(phone, mark) })
  ).json()) as { token: string };
  const start = Math.ceil((Date.now() + 10 * 60_000) / 900_000) * 900_000;
  const booked = await post(
    '/api/v1/parking/bookings',
    {
      window_id: window.id,
      starts_at: new Date(start).toISOString(),
      ends_at: new Date(start + 3_600_000).toISOString(),
      plate: PLATE,
    },
    token,
  );
  assert.equal(booked.status, 201, await booked.text());
});

/** The pin of a site on a map, by its code. */
const pinOf = (map: Locator, code: string) => map.locator(`[data-testid=parking-pin][data-code="${code}"]`);

/** The test sites' names by code. */
const NAMES: Record<string, string> = { [LIVE]: '地图测试停车场', [SILENT]: '无数据测试停车场' };

/** Opens a pin's popup (a click on the pin itself, whatever lies over it) and gives the popup. */
async function popupOf(page: Page, map: Locator, code: string): Promise<Locator> {
  await pinOf(map, code).dispatchEvent('click');
  // The popup open before fades out beside it.
  const popup = map.locator('[data-testid=parking-popup]', { hasText: NAMES[code] });
  await popup.waitFor();
  await settle(page);
  return popup;
}

test('a resident sees the sites as pins coloured by availability and chooses one from its popup', async () => {
  const page = await open('resident map', { width: 390, height: 844 }, true);
  await page.goto(`${server.url}/m/parking`);
  const map = page.locator('[data-testid=parking-map]');
  await pinOf(map, LIVE).waitFor();
  await settle(page);
  assert.equal(await pinOf(map, LIVE).getAttribute('data-availability'), 'ample');
  assert.equal(await pinOf(map, SILENT).getAttribute('data-availability'), 'unknown');
  // The pin has the list's colour for the same site.
  const colour = (e: unknown) => (e as { style: { backgroundColor: string } }).style.backgroundColor;
  const listDot = page.locator(`[data-testid=site-${LIVE}] .dot`);
  assert.equal(await pinOf(map, LIVE).evaluate(colour), await listDot.evaluate(colour));
  assert.equal(await listDot.evaluate(colour), 'rgb(46, 157, 79)');

  let popup = await popupOf(page, map, SILENT);
  assert.match(await popup.innerText(), /无数据测试停车场[\s\S]*暂无实时数据/);
  popup = await popupOf(page, map, LIVE);
  assert.match(await popup.innerText(), /地图测试停车场[\s\S]*空余 20 \/ 50/);
  await popup.locator('[data-testid=popup-choose]').click();
  const windows = page.locator(`[data-testid=site-${LIVE}] [data-testid=windows]`);
  await windows.waitFor();
  assert.match(await windows.innerText(), new RegExp(WINDOW));
  assertClean('resident map');
});

test('the operators’ page shows the sites on a map; a pin chooses its site, whose windows they manage', async () => {
  const page = await open('operator map');
  await staffLogin(page, server.url, 'handler.urban-mgmt');
  await page.goto(`${server.url}/parking`);
  const map = page.locator('[data-testid=parking-map]');
  await pinOf(map, LIVE).waitFor();
  const popup = await popupOf(page, map, LIVE);
  await popup.locator('[data-testid=popup-choose]').click();
  // The department operating the site manages its windows.
  const windows = page.locator('[data-testid=parking-windows-admin]');
  await windows.waitFor();
  await settle(page);
  assert.match(await windows.innerText(), new RegExp(WINDOW));

  // …and opens another one.
  await windows.locator('button', { hasText: '新增共享时段' }).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('#pw-name').fill('周末共享');
  await dialog.locator('#pw-hours').fill('Sa,Su 08:00-20:00');
  await dialog.locator('.el-dialog__footer button.el-button--primary').click();
  await dialog.waitFor({ state: 'hidden' });
  const added = windows.locator('tr', { hasText: '周末共享' });
  await added.waitFor();
  assert.match(await added.innerText(), /社会公众[\s\S]*Sa,Su 08:00-20:00/);
  assertClean('operator map');
});

test('an admin edits a window: unreadable hours are refused in the server’s words, good ones saved', async () => {
  const page = await open('admin windows');
  await staffLogin(page, server.url, 'admin');
  await page.goto(`${server.url}/parking`);
  await page.locator('[data-testid=parking-sites]').waitFor();
  await page.click('#po-site');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '地图测试停车场' }).click();
  const row = page.locator('[data-testid=parking-windows-admin] tr', { hasText: WINDOW });
  await row.waitFor();
  await row.locator('button', { hasText: '编辑' }).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('#pw-hours').fill('Mo-Fr 25:00-26:00 whenever');
  await dialog.locator('.el-dialog__footer button.el-button--primary').click();
  const alert = dialog.locator('[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /开放时段无法识别/);
  assert.doesNotMatch(await alert.innerText(), /cannot be read/, 'the Chinese page speaks Chinese');

  await dialog.locator('#pw-hours').fill('Mo-Fr 18:00-23:00; PH off');
  await dialog.locator('.el-dialog__footer button.el-button--primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
  assert.match(
    await page.locator('[data-testid=parking-windows-admin] tr', { hasText: WINDOW }).innerText(),
    /Mo-Fr 18:00-23:00; PH off/,
  );
  assertClean('admin windows');
});

test('an admin adds a site, and imports a CSV: its bad row is reported, nothing written; then it imports', async () => {
  const page = await open('admin sites');
  await staffLogin(page, server.url, 'admin');
  await page.goto(`${server.url}/parking`);
  await page.click('#tab-sites');
  const admin = page.locator('[data-testid=parking-sites-admin]');
  await admin.locator('table').first().waitFor();
  await settle(page);

  await admin.locator('button', { hasText: '新增停车场' }).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.locator('#ps-code').fill('E2E-ADDED');
  await dialog.locator('#ps-name').fill('新增测试停车场');
  await dialog.locator('#ps-lat').fill('31.3745');
  await dialog.locator('#ps-lon').fill('120.6425');
  await dialog.locator('#ps-capacity').fill('40');
  await dialog.locator('.el-dialog__footer button.el-button--primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
  await admin.locator('input[aria-label]').first().fill('E2E-ADDED');
  await admin.locator('tr', { hasText: '新增测试停车场' }).waitFor();

  await admin.locator('[data-testid=import-sites]').click();
  const header = '编码,名称,类型,运营单位,地址,纬度,经度,总泊位,是否收费,开放时间\n';
  const good = 'E2E-IMP-1,导入测试停车场,公共停车场,元和街道,朝阳路,31.35807,120.63387,200,是,24/7\n';
  const bad = 'E2E-IMP-2,外地停车场,公共停车场,某公司,上海,31.0,121.5,50,否,24/7\n';
  const upload = async (text: string) =>
    page.setInputFiles('[data-testid=import-file]', {
      name: 'sites.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    });
  await upload(header + good + bad);
  await page.click('[data-testid=import-check]');
  const report = page.locator('[data-testid=import-bad-rows]');
  await report.waitFor();
  const rows = report.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /3[\s\S]*E2E-IMP-2[\s\S]*不在本辖区内/);

  await upload(header + good);
  await page.click('[data-testid=import-check]');
  assert.match(await page.locator('[data-testid=import-summary]').innerText(), /检查通过.*新增 1 个/);
  await page.click('[data-testid=import-do]');
  await page.locator('[data-testid=import-summary]', { hasText: '已导入' }).waitFor();
  await page.keyboard.press('Escape');
  await admin.locator('input[aria-label]').first().fill('导入测试');
  await admin.locator('tr', { hasText: '导入测试停车场' }).waitFor();
  assertClean('admin sites');
});

test('the dashboard shows the parking figures', async () => {
  const page = await open('dashboard parking');
  await staffLogin(page, server.url, 'supervisor');
  await page.goto(`${server.url}/dashboard`);
  const panel = page.locator('[data-testid=dashboard-parking]');
  await panel.locator('[data-metric=shared_spaces]').waitFor();
  await settle(page);
  const figure = async (metric: string) =>
    (await panel.locator(`[data-metric=${metric}]`).innerText()).trim();
  assert.ok(Number(await figure('shared_spaces')) >= 3, 'the test window’s spaces are shared');
  assert.ok(Number(await figure('sites_without_live_data')) >= 1, 'the silent site has no live data');
  assert.match(await figure('parking_bookings'), /^\d+$/);
  assert.match(await figure('no_show_rate'), /^(\d+\.\d%|—)$/);
  assert.match(await panel.innerText(), /共享泊位[\s\S]*预约[\s\S]*爽约率[\s\S]*共享泊位按小时利用率/);
  await panel.locator('canvas').first().waitFor();
  assertClean('dashboard parking');
});

test('the public page shows the availability map without a plate', async () => {
  const page = await open('public parking');
  const answers: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/v1/parking/')) answers.push(r.url());
  });
  await page.goto(`${server.url}/public`);
  const panel = page.locator('[data-testid=public-parking]');
  const map = panel.locator('[data-testid=parking-map]');
  await pinOf(map, LIVE).waitFor();
  await settle(page);
  const popup = await popupOf(page, map, LIVE);
  assert.match(await popup.innerText(), /地图测试停车场[\s\S]*空余 20 \/ 50/);
  assert.equal(await popup.locator('[data-testid=popup-choose]').count(), 0, 'nothing to book here');
  assert.match((await popupOf(page, map, SILENT).then((p) => p.innerText())) ?? '', /暂无实时数据/);
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(PLATE));
  assert.ok(
    answers.every((u) => u.includes('/api/v1/parking/availability')),
    'only the public map’s API',
  );
  const api = await page.request.get(`${server.url}/api/v1/parking/availability`);
  assert.doesNotMatch(await api.text(), /苏E\d|plate|phone|booking|\bresident\b/i);
  assertClean('public parking');
});
