/** The public page links to the Atom feed of what its list shows: every request's, then a street's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

test(
  'the public page links to the Atom feed of its list, narrowed with the street',
  { timeout: 120_000 },
  async () => {
    const page = await open('visitor');
    await page.goto(`${suite.server.url}/public`);
    const link = page.locator('[data-testid=atom-feed]');
    await link.waitFor();
    await settle(page);
    assert.equal(await link.getAttribute('href'), '/feeds/requests.atom');
    const all = await page.request.get(`${suite.server.url}/feeds/requests.atom`);
    assert.equal(all.status(), 200);
    assert.match(all.headers()['content-type'] ?? '', /^application\/atom\+xml/);
    assert.match(await all.text(), /^<\?xml[^>]*>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);

    await page.click('#pf-area');
    await page.locator('.el-select-dropdown__item:visible').first().click();
    await settle(page);
    const href = (await link.getAttribute('href'))!;
    assert.match(href, /^\/feeds\/areas\/[\w-]+\.atom$/);
    const street = await page.request.get(`${suite.server.url}${href}`);
    assert.equal(street.status(), 200);
    assert.match(await street.text(), /<entry>/);
    assertClean('feeds');
  },
);
