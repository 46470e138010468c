/**
 * The supervisor dashboard on the demo city in headless Chromium (1920×1080): time from navigation start to the
 * figures and the three charts first drawn (the page marks `dashboard-ready`; `dashboard-data` when the figures
 * arrived). Each run logs in through the API on a fresh browser context (nothing of the application in its cache),
 * opens the dashboard (cold) and, once that page has settled, opens it again (warm: the code in the cache). Any
 * console error or failed request fails the bench. Target: warm median < 1 s.
 */
import type { Page } from 'playwright-core';
import {
  ensureWebBuild,
  launchBrowser,
  newPage,
  settle,
  DEMO_PASSWORD,
  startServer,
} from '../test/e2e/support.js';

const RUNS = Number(process.env.RUNS ?? 5);
const TARGET_MS = 1000;

type Timing = { ready: number; data: number };

async function timeDashboard(page: Page, url: string): Promise<Timing> {
  await page.goto(url);
  await page.locator('[data-testid=dashboard][data-ready=true]').waitFor({ timeout: 60_000 });
  const t = (await page.evaluate(
    "['dashboard-ready', 'dashboard-data'].map((n) => performance.getEntriesByName(n)[0]?.startTime)",
  )) as [number, number];
  return { ready: t[0], data: t[1] ?? NaN };
}

ensureWebBuild();
const server = await startServer({ BANSHI_SWEEP_INTERVAL_MS: '0' });
const browser = await launchBrowser();
const problems: string[] = [];
try {
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await newPage(browser, problems, `run ${i + 1}`, { width: 1920, height: 1080 });
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, {
      data: { username: 'supervisor', password: DEMO_PASSWORD },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
    cold.push(await timeDashboard(page, `${server.url}/dashboard`));
    await settle(page);
    warm.push(await timeDashboard(page, `${server.url}/dashboard`));
    await settle(page);
    await context.close();
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const report = (label: string, ts: Timing[]) =>
    console.log(
      `dashboard ready, ${label}: median ${median(ts.map((t) => t.ready))} ms ` +
        `(${ts.map((t) => Math.round(t.ready)).join(', ')}); figures arrived at ${median(ts.map((t) => t.data))} ms`,
    );
  report('cold cache', cold);
  report('warm cache', warm);
  console.log(`dashboard render: ${median(warm.map((t) => t.ready))} ms (target < ${TARGET_MS} ms)`);
  if (problems.length) throw new Error(`the browser reported problems:\n${problems.join('\n')}`);
} finally {
  await browser.close();
  await server.stop();
}
