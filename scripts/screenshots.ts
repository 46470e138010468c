/**
 * Screenshots of the five faces, the public map's pins, 综合查询, 每月一题, the ledger, a printed ticket and the
 * English dashboard for the README, taken with the e2e browser (Debian's Chromium, headless) on a
 * fresh copy of the demo city: `node --import tsx scripts/screenshots.ts` writes docs/screenshots/*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, ROOT, settle, staffLogin, startServer } from '../test/e2e/support.js';

const OUT = path.join(ROOT, 'docs', 'screenshots');

ensureWebBuild();
fs.mkdirSync(OUT, { recursive: true });
const server = await startServer({ BANSHI_SWEEP_INTERVAL_MS: '0' });
const browser = await launchBrowser();

async function shot(
  name: string,
  viewport: { width: number; height: number },
  go: (page: Page) => Promise<void>,
  mobile = false,
) {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await go(page);
  await settle(page);
  await page.waitForTimeout(600); // chart and map animations
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(ROOT, file)}`);
  await context.close();
}

try {
  await shot(
    'resident',
    { width: 390, height: 844 },
    async (page) => {
      await page.goto(`${server.url}/m/report`);
      await page.locator('label.el-radio-button', { hasText: '投诉' }).click();
      await page.fill('#rr-body', '小区门口的路灯坏了一周，晚上出行很不方便，希望尽快修复。');
      await page.locator('[data-testid=area-map]').click();
      await page.locator('[data-testid=pinned]').waitFor();
      await page.fill('#rr-address', '御窑花园 3 栋门口');
      await page.evaluate('window.scrollTo(0, 0)');
    },
    true,
  );
  await shot('console', { width: 1366, height: 768 }, async (page) => {
    await staffLogin(page, server.url, 'dispatcher');
    await page.locator('[data-testid=queue-table] [data-testid=row-ticket]').first().click();
    await page.locator('.el-drawer [data-testid=detail-body]').waitFor();
  });
  await shot('workbench', { width: 1366, height: 768 }, async (page) => {
    await staffLogin(page, server.url, 'handler.urban-mgmt');
    await page.getByRole('tab', { name: /全部/ }).click();
    await page.locator('[data-testid=workbench-table] [data-testid=row-ticket]').first().waitFor();
  });
  await shot('dashboard', { width: 1920, height: 1080 }, async (page) => {
    await staffLogin(page, server.url, 'supervisor');
    await page.locator('[data-testid=dashboard][data-ready=true]').waitFor();
    await page.locator('[data-testid=area-map] path').first().waitFor();
  });
  await shot('public', { width: 1366, height: 900 }, async (page) => {
    await page.goto(`${server.url}/public`);
    await page.locator('[data-testid=public-request]').first().waitFor();
  });
  await shot('public-map', { width: 1366, height: 768 }, async (page) => {
    await page.goto(`${server.url}/public`);
    const map = page.locator('[data-testid=area-map]');
    await map.locator('.marker-cluster').first().waitFor();
    await map.scrollIntoViewIfNeeded();
    await map.locator('.marker-cluster').first().click();
    await page.locator('[data-testid=map-selection]').waitFor();
    await map.scrollIntoViewIfNeeded();
  });
  await shot('search', { width: 1366, height: 768 }, async (page) => {
    await staffLogin(page, server.url, 'supervisor');
    await page.goto(`${server.url}/search`);
    await page.locator('[data-testid=search-table] [data-testid=row-ticket]').first().waitFor();
    await page.locator('[data-testid=search-table] [data-testid=row-ticket]').first().click();
    await page
      .locator('.el-drawer [data-testid=mini-map] .leaflet-pane')
      .first()
      .waitFor({ state: 'attached' });
  });
  await shot('focus', { width: 1366, height: 900 }, async (page) => {
    await staffLogin(page, server.url, 'supervisor');
    await page.goto(`${server.url}/focus`);
    await page.locator('[data-testid=problem]').first().waitFor();
  });
  await shot('ledger', { width: 1366, height: 768 }, async (page) => {
    await staffLogin(page, server.url, 'supervisor');
    await page.goto(`${server.url}/ledger`);
    await page.locator('[data-testid=projects-table] .el-table__row').first().click();
    await page.locator('[data-testid=project-edit]').waitFor();
  });
  await shot('print', { width: 900, height: 1200 }, async (page) => {
    await staffLogin(page, server.url, 'supervisor');
    await page.goto(`${server.url}/print/requests/1`);
    await page.locator('h1').first().waitFor();
  });
  await shot('dashboard-en', { width: 1920, height: 1080 }, async (page) => {
    await page.addInitScript(`localStorage.setItem('banshi.locale', 'en')`);
    await staffLogin(page, server.url, 'supervisor');
    await page.locator('[data-testid=dashboard][data-ready=true]').waitFor();
  });
} finally {
  await browser.close();
  await server.stop();
}
