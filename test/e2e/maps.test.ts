/**
 * Map-first (issue 13, missing item 5): requests as clustered pins on the dashboard and the public map, a click
 * on a cluster narrows the list beside it, a pin's popup opens its ticket, the request detail's mini-map, the
 * map's controls in Chinese, and no Leaflet error when /public is left while its map is still drawing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, settle, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

/** Waits until the map's zoom and the clusters' own animations have ended and its pins have arrived. */
async function still(page: Page, map: Locator): Promise<void> {
  await settle(page);
  await map.locator('.leaflet-zoom-anim, .leaflet-cluster-anim').first().waitFor({ state: 'detached' });
}

/** Clicks clusters (each zooms into its view) until single pins show; their popups are then one click away. */
async function zoomToPins(page: Page, map: Locator): Promise<Locator> {
  const pins = map.locator('.req-pin');
  await still(page, map);
  for (let i = 0; i < 12 && (await pins.count()) === 0; i++) {
    await map.locator('.marker-cluster').first().click();
    await still(page, map);
  }
  assert.ok((await pins.count()) > 0, 'single pins show once zoomed in');
  return pins;
}

test('the public map: clustered pins, a cluster narrows the list, a pin opens its ticket page', async () => {
  const page = await open('public');
  await page.goto(`${suite.server.url}/public`);
  const map = page.locator('[data-testid=area-map]');
  await map.locator('.marker-cluster').first().waitFor();
  await settle(page);
  const note = map.locator('[data-testid=pins-note]');
  assert.ok(Number(await note.getAttribute('data-total')) > 0, 'the view holds published requests');
  assert.match(await note.innerText(), /^本视图 \d+ 件诉求$|^显示最新 \d+ 件，共 \d+ 件/);
  assert.equal(await map.locator('.leaflet-control-zoom-in').getAttribute('title'), '放大');
  assert.equal(await map.locator('.leaflet-control-zoom-out').getAttribute('title'), '缩小');

  const listed = page.waitForRequest(
    (r) => r.url().includes('/api/v1/public/requests?') && r.url().includes('bbox='),
  );
  await map.locator('.marker-cluster').first().click();
  await listed;
  await page.locator('[data-testid=map-selection]').waitFor();
  await settle(page);
  assert.ok(
    (await page.locator('[data-testid=public-request]').count()) > 0,
    'the cluster’s requests are listed',
  );

  const pins = await zoomToPins(page, map);
  await pins.first().click();
  const popup = map.locator('[data-testid=pin-popup]');
  await popup.waitFor();
  assert.equal(await map.locator('.leaflet-popup-close-button').getAttribute('aria-label'), '关闭');
  const ticket = (await popup.locator('[data-testid=pin-link]').innerText()).trim();
  assert.match(ticket, /^\d{8,24}$/);
  await popup.locator('[data-testid=pin-link]').click();
  await page.waitForURL((u) => u.pathname === `/public/requests/${ticket}`);
  await settle(page);
  assertClean('public map');
});

test('leaving /public while its map is still drawing raises no page error', async () => {
  const page = await open('public leaving');
  for (let round = 0; round < 3; round++) {
    await page.goto(`${suite.server.url}/public`);
    await page.locator('[data-testid=area-map] .marker-cluster').first().waitFor();
    await settle(page);
    // A click on a cluster zooms into it with an animation; the page is left before the animation ends.
    await page.evaluate(`
      document.querySelector('[data-testid=area-map] .marker-cluster').click();
      history.pushState({}, '', '/login');
      window.dispatchEvent(new PopStateEvent('popstate'));
    `);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.locator('#login-username').waitFor();
    await page.waitForTimeout(600);
  }
  assertClean('leaving /public');
});

test('the dashboard: pins of the period, a cluster narrows the supervision list, a pin opens the request with its mini-map', async () => {
  const page = await open('supervisor');
  await staffLogin(page, suite.server.url, 'supervisor');
  await page.goto(`${suite.server.url}/dashboard`);
  const map = page.locator('[data-testid=dashboard] [data-testid=area-map]');
  await map.locator('.marker-cluster').first().waitFor();
  await settle(page);
  assert.ok(Number(await map.locator('[data-testid=pins-note]').getAttribute('data-total')) > 0);

  const listed = page.waitForRequest((r) => /\/api\/v1\/requests\?.*bbox=/.test(r.url()));
  await map.locator('.marker-cluster').first().click();
  await listed;
  await page.locator('[data-testid=map-selection]').waitFor();
  await settle(page);

  const pins = await zoomToPins(page, map);
  await pins.first().click();
  const link = map.locator('[data-testid=pin-link]');
  await link.waitFor();
  const ticket = (await link.innerText()).trim();
  await link.click();
  const drawer = page.locator('[data-testid=detail-drawer]');
  await drawer.locator('[data-testid=detail-ticket]', { hasText: ticket }).waitFor();
  const mini = drawer.locator('[data-testid=mini-map]');
  await mini.locator('.leaflet-pane').first().waitFor({ state: 'attached' });
  assert.equal(await mini.getAttribute('data-point'), 'true');
  assert.notEqual(await mini.getAttribute('data-outline'), '', 'the area’s polygon is drawn');
  assert.ok((await mini.locator('path').count()) >= 2, 'the polygon and the point');
  await settle(page);
  assertClean('dashboard map');
});
