/**
 * The browser tests' harness: a real `banshi serve` child process on a copy of a demo data folder, and
 * Debian's Chromium driven by playwright-core. Every page is watched for console errors, page errors, failed
 * requests, 5xx answers and dialogs (an `alert` from injected HTML would be one); a test fails on any.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/db.js';
import { copyDemo, demoTemplate } from '../support/demo-folder.js';
import { ROOT, startServer as startBanshi, stopServer } from '../support/process.js';

export { DEMO_PASSWORD, ROOT };

export const CHROMIUM = process.env.BANSHI_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser tests need Debian's chromium and fonts-wqy-microhei ` +
        '(`sudo apt-get install chromium fonts-wqy-microhei`, or `bash scripts/ensure-system-deps.sh`).',
    );
  }
}

/**
 * Builds dist/web when it is missing or older than its sources (scripts/ensure-web-build.mjs, as `npm start`
 * does): the suite may run on a fresh clone, or after a change to web/.
 */
export function ensureWebBuild(): void {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-web-build.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`building the web application failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export type Server = {
  url: string;
  /** The latest one-time code the server logged for a phone (development OTP delivery). */
  otpFor(phone: string, since?: number): Promise<string>;
  logLength(): number;
  stop(): Promise<void>;
};

/** `banshi serve` on a copy of the demo city (PGlite), with the given settings added. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dataDir = copyDemo(await demoTemplate(), 'banshi-e2e-');
  const server = await startBanshi({
    BANSHI_DATA_DIR: dataDir,
    // Sweeps run at their usual interval, as for a visitor.
    BANSHI_SWEEP_INTERVAL_MS: '60000',
    // One test browser makes more public calls per minute than one visitor would.
    BANSHI_PUBLIC_RATE_LIMIT: '2000',
    // The dispatcher's part of the loop is under test: the classifier does not dispatch for them.
    BANSHI_AUTO_DISPATCH_THRESHOLD: '1',
    ...env,
  });
  const { child } = server;
  let stopping = false;
  // A server that dies under the tests would otherwise show only as refused connections.
  child.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`banshi serve exited unexpectedly (${code ?? signal}):\n${server.output()}\n`);
  });
  return {
    url: server.url,
    logLength: () => server.output().length,
    otpFor(phone, since = 0) {
      const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
      const find = () =>
        [
          ...server
            .output()
            .slice(since)
            .matchAll(/OTP for (\S+): (\d{6})/g),
        ]
          .filter((m) => m[1] === masked)
          .pop()?.[2];
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const code = find();
          if (code === undefined) return;
          done();
          resolve(code);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no one-time code for ${masked} in the server log`));
        }, 10_000);
        const done = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        check();
      });
    },
    async stop() {
      stopping = true;
      await stopServer(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Traffic = { inflight: Set<Request>; changed: Set<() => void> };
/** Requests in flight per page, and who waits for the page to go quiet. */
const traffic = new WeakMap<Page, Traffic>();

/** Follows the requests a page has in flight, from now on (once per page). */
function track(page: Page): Traffic {
  let t = traffic.get(page);
  if (t) return t;
  const tr: Traffic = { inflight: new Set(), changed: new Set() };
  const changed = () => tr.changed.forEach((f) => f());
  page.on('request', (r) => {
    tr.inflight.add(r);
    changed();
  });
  const done = (r: Request) => {
    tr.inflight.delete(r);
    changed();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  traffic.set(page, (t = tr));
  return t;
}

/** Everything that went wrong on a page: console errors, uncaught errors, failed requests, 5xx, dialogs. */
export function watch(page: Page, problems: string[], label: string): void {
  const t = track(page);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${label} console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  // A request cut short because the test itself navigated away (page.goto, page.reload) is not the
  // application's failure (the application never aborts a request of its own): the requests in flight when
  // such a navigation starts, and those the old page still starts until it is gone (a page that shows more
  // once its charts are drawn), may end aborted. Every other failed request is a problem.
  const leftBehind = new Set<Request>();
  let navigating = 0;
  page.on('request', (r) => {
    if (navigating > 0) leftBehind.add(r);
  });
  for (const method of ['goto', 'reload'] as const) {
    const original = page[method].bind(page) as (...args: unknown[]) => Promise<unknown>;
    (page as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      t.inflight.forEach((r) => leftBehind.add(r));
      navigating++;
      try {
        return await original(...args);
      } finally {
        navigating--;
      }
    };
  }
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    if (error === 'net::ERR_ABORTED' && leftBehind.delete(r)) return;
    problems.push(`${label} request failed: ${r.method()} ${r.url()} ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${label} HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`${label} dialog opened (${d.type()}): ${d.message()}`);
    void d.dismiss();
  });
}

export async function newPage(
  browser: Browser,
  problems: string[],
  label: string,
  viewport = { width: 1366, height: 768 },
  mobile = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  watch(page, problems, label);
  return { context, page };
}

const QUIET_MS = 500;

/**
 * Waits until the page has had no request in flight for QUIET_MS (the definition of Playwright's `networkidle`,
 * which a single-page application reaches only once per document), so that the next navigation aborts nothing
 * and what the page loads after an answer (a chain of calls) has arrived.
 */
export async function settle(page: Page, timeout = 20_000): Promise<void> {
  // A page not followed so far: what it started before is known only to Playwright's load states.
  if (!traffic.has(page)) await page.waitForLoadState('networkidle', { timeout });
  const t = track(page);
  await new Promise<void>((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    const check = () => {
      clearTimeout(quiet);
      if (t.inflight.size === 0) quiet = setTimeout(finish, QUIET_MS);
    };
    const finish = () => {
      clearTimeout(deadline);
      t.changed.delete(check);
      resolve();
    };
    const deadline = setTimeout(() => {
      clearTimeout(quiet);
      t.changed.delete(check);
      const urls = [...t.inflight].map((r) => r.url()).join(', ');
      reject(new Error(`the page did not settle in ${timeout} ms; in flight: ${urls}`));
    }, timeout);
    t.changed.add(check);
    check();
  });
}

export async function staffLogin(page: Page, base: string, username: string): Promise<void> {
  track(page);
  await page.goto(`${base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
  await settle(page);
}

/** A valid 8×8 PNG (a photo stand-in). */
export function tinyPng(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4ISeHFTEMLQkAkL9BAbKfPiIAAAAASUVORK5CYII=',
    'base64',
  );
}

/** Chromium logs every 4xx answer as a console error; the refusals a test provokes are expected. */
const provokedRefusal = (p: string) => /console error: Failed to load resource: .* status of 4\d\d/.test(p);

/**
 * A browser test file's own server (with the settings `env` adds) and Chromium, started before its tests and
 * closed after them (`ready` gives the server once started, for the file's own hooks, which may run first):
 * `open` gives a page in a context of its own, `problems` is what the browser reported on them, `assertClean`
 * fails on any of those (but the 4xx it provoked).
 */
export function browserSuite(env: Record<string, string> = {}) {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  let starting: Promise<Server> | undefined;
  /** Starts the server and Chromium, once: the suite's first hook, and any hook of the file that needs them. */
  const ready = () =>
    (starting ??= (async () => {
      requireChromium();
      ensureWebBuild();
      server = await startServer(env);
      browser = await launchBrowser();
      return server;
    })());
  before(ready);
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });
  async function open(label: string, viewport?: { width: number; height: number }, mobile = false) {
    await ready();
    const p = await newPage(browser!, problems, label, viewport, mobile);
    contexts.push(p.context);
    return p.page;
  }
  return {
    get server() {
      return server!;
    },
    problems,
    ready,
    open,
    /** A page of its own, logged in as the member of staff `username`, on `path`. */
    async staffPage(username: string, path: string): Promise<Page> {
      const page = await open(username);
      await staffLogin(page, server!.url, username);
      await page.goto(`${server!.url}${path}`);
      await settle(page);
      return page;
    },
    assertClean(step: string) {
      assert.deepEqual(
        problems.filter((p) => !provokedRefusal(p)),
        [],
        `${step}: the browser reported problems`,
      );
    },
  };
}

/** The API of a server as a member of staff, with a bearer token (no cookie, so no cross-site check applies). */
export async function staffApi(base: string, username: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as any;
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    act: async (id: number, action: string, body: Record<string, unknown> = {}) => {
      const { version } = await call('GET', `/api/v1/requests/${id}`);
      return call('POST', `/api/v1/requests/${id}/actions/${action}`, { ...body, expected_version: version });
    },
  };
}

/** Opens a request's row of a list (`data-testid` of its table) in the drawer. */
export async function openRow(page: Page, table: string, ticket: string): Promise<void> {
  const row = page.locator(`[data-testid=${table}] tr`, { hasText: ticket });
  await row.locator('[data-testid=row-ticket]').click();
  await page.locator('.el-drawer [data-testid=detail-body]').waitFor();
  await settle(page);
}

/** Clicks an action of the request open in the drawer: its dialog. */
export async function openAction(page: Page, action: string) {
  await page.locator(`.el-drawer button[data-action="${action}"]`).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  return dialog;
}
