/**
 * The language pass (issue 13): every page of every face, in Chinese and in English, and every tab on it, read as
 * a person sees it (the page's visible text). Nowhere a message key that has no words (`focus.warnings.kinds`),
 * nowhere a raw enumeration code (`key_task`, `in_progress`); in the Chinese UI no English sentence.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, ROOT, settle, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

/** The top-level namespaces of the web's messages: a visible "namespace.key" is a key without words. */
async function namespaces(): Promise<string[]> {
  const dir = path.join(ROOT, 'web/src/i18n');
  const files = [
    path.join(dir, 'zh-CN.ts'),
    ...fs
      .readdirSync(path.join(dir, 'sections'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, 'sections', f)),
  ];
  const names = new Set<string>();
  for (const f of files) {
    const mod = (await import(f)) as { default: Record<string, unknown> };
    const messages = (mod.default['zh-CN'] as Record<string, unknown> | undefined) ?? mod.default;
    for (const k of Object.keys(messages)) names.add(k);
  }
  return [...names];
}

const PAGES: { user: string | null; paths: string[] }[] = [
  { user: 'operator', paths: ['/console'] },
  { user: 'handler.housing', paths: ['/workbench', '/parking'] },
  {
    user: 'supervisor',
    paths: [
      '/dashboard',
      '/search',
      '/assessment',
      '/focus',
      '/knowledge',
      '/reply-review',
      '/ledger',
      '/activities',
    ],
  },
  { user: 'admin', paths: ['/admin', '/parking'] },
  { user: null, paths: ['/public', '/m', '/m/faq', '/m/parking', '/login'] },
];

/** A raw code: lower-case words joined by underscores, as the API's enumerations write them. */
const RAW_CODE = /\b[a-z]+(?:_[a-z]+)+\b/g;
/** Three English words in a row. */
const ENGLISH = /\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b/g;

async function visibleText(page: Page): Promise<string> {
  return String(await page.evaluate('document.body.innerText'));
}

async function findings(page: Page, where: string, keys: RegExp, chinese: boolean): Promise<string[]> {
  // A template's placeholders ({ticket_no}) are syntax its writer types, shown on purpose.
  const text = (await visibleText(page)).replace(/\{[a-z_]+\}/g, '');
  const out = [...(text.match(keys) ?? []).map((m) => `${where}: message key "${m}"`)];
  out.push(...(text.match(RAW_CODE) ?? []).map((m) => `${where}: raw code "${m}"`));
  if (chinese) out.push(...(text.match(ENGLISH) ?? []).map((m) => `${where}: English "${m}"`));
  return out;
}

for (const locale of ['zh-CN', 'en'] as const)
  test(
    `every page in ${locale}: no message key, no raw code${locale === 'zh-CN' ? ', no English' : ''}`,
    { timeout: 600_000 },
    async () => {
      const keys = new RegExp(`\\b(?:${(await namespaces()).join('|')})\\.[a-zA-Z][\\w.]*\\b`, 'g');
      const found: string[] = [];
      for (const { user, paths } of PAGES) {
        const page = await open(`${user ?? 'public'} ${locale}`);
        await page.addInitScript(`localStorage.setItem('banshi.locale', ${JSON.stringify(locale)})`);
        if (user) await staffLogin(page, suite.server.url, user);
        for (const p of paths) {
          await page.goto(`${suite.server.url}${p}`);
          await settle(page);
          found.push(...(await findings(page, `${user ?? 'public'} ${p}`, keys, locale === 'zh-CN')));
          const tabs = page.getByRole('tab');
          for (let i = 1; i < (await tabs.count()); i++) {
            const name = (await tabs.nth(i).innerText()).trim();
            await tabs.nth(i).click();
            await settle(page);
            found.push(
              ...(await findings(page, `${user ?? 'public'} ${p} › ${name}`, keys, locale === 'zh-CN')),
            );
          }
        }
      }
      assert.deepEqual([...new Set(found)], []);
      assertClean(locale);
    },
  );
