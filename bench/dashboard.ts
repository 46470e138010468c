/**
 * The supervisor dashboard on the demo city in headless Chromium: time from navigation start to the figures and
 * the three charts first drawn (the page marks `dashboard-ready`). Cold (fresh browser cache) and warm (reload)
 * runs. Target: < 1 s.
 */
import type { Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, staffLogin, startServer } from '../test/e2e/support.js';

const RUNS = Number(process.env.RUNS ?? 5);
const TARGET_MS = 1000;

async function timeDashboard(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator('[data-testid=dashboard][data-ready=true]').waitFor({ timeout: 60_000 });
  return Number(await page.evaluate("performance.getEntriesByName('dashboard-ready')[0].startTime"));
}

ensureWebBuild();
const server = await startServer({ BANSHI_SWEEP_INTERVAL_MS: '0' });
const browser = await launchBrowser();
try {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await staffLogin(page, server.url, 'supervisor');
    await page.goto('about:blank');
    cold.push(await timeDashboard(page, `${server.url}/dashboard`));
    warm.push(await timeDashboard(page, `${server.url}/dashboard`));
    await context.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
  console.log(`dashboard ready, cold cache: median ${Math.round(median(cold))} ms (${fmt(cold)})`);
  console.log(`dashboard ready, warm cache: median ${Math.round(median(warm))} ms (${fmt(warm)})`);
  console.log(`dashboard render: ${Math.round(median(warm))} ms (target < ${TARGET_MS} ms)`);
} finally {
  await browser.close();
  await server.stop();
}
