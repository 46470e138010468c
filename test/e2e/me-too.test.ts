/**
 * 附议 "me too" before filing: a resident writing about a problem already reported nearby sees that request (no
 * personal data), adds their voice after logging in by phone (the count grows), finds it among the requests they
 * follow, and on a second report of the same sees their voice counted and may still file anyway.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffApi } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

const NAME = '赵大海';
const ORIGINAL = {
  title: '新城花园3栋楼下餐馆油烟扰民',
  body: `我是${NAME}，新城花园小区3栋的业主，楼下的餐馆每天从早到晚油烟直排，窗户都不敢开，多次向物业反映无果，请相关部门尽快处理。`,
};
const RETOLD =
  '楼下餐馆每天从早到晚油烟直排，窗户都不敢打开，我是新城花园小区3棟的业主，多次向物业反映没有结果。';
const PHONE = '13800138777';

/** Opens the report form and drops the pin in the middle of the map; answers where it fell. */
async function pinned(page: Page): Promise<{ lat: number; lon: number }> {
  await page.goto(`${suite.server.url}/m/report`);
  await page.locator('#rr-body').waitFor();
  await settle(page);
  const located = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/areas/locate');
  await page.locator('[data-testid=area-map]').click();
  const url = new URL((await located).url());
  await page.locator('[data-testid=pinned]').waitFor();
  return { lat: Number(url.searchParams.get('lat')), lon: Number(url.searchParams.get('lon')) };
}

test(
  'a resident adds their voice to the same problem nearby instead of filing, then follows it',
  { timeout: 180_000 },
  async () => {
    const base = suite.server.url;
    const page = await open('resident', { width: 390, height: 844 }, true);
    const place = await pinned(page);

    const operator = await staffApi(base, 'operator');
    const original = await operator.post('/api/v1/requests', {
      ...ORIGINAL,
      type: '投诉',
      reporter: { name: NAME, phone: '13911112222' },
      ...place,
    });
    // Triage indexes the new request for the duplicate lookup, after it has committed.
    for (let i = 0; ; i++) {
      const res = await fetch(`${base}/api/v1/me-too/candidates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: RETOLD, ...place }),
      });
      if (((await res.json()) as { items: unknown[] }).items.length > 0) break;
      assert.ok(i < 50, 'the original was indexed');
      await new Promise((r) => setTimeout(r, 200));
    }

    await page.fill('#rr-body', RETOLD);
    const item = page.locator('[data-testid=me-too-item]');
    await item.first().waitFor();
    assert.equal(await item.count(), 1);
    const text = await item.innerText();
    assert.match(text, /1 人反映/);
    assert.ok(!text.includes(NAME), text);

    // Not logged in yet: asked to verify the phone first; then the code typed below logs them in.
    await item.locator('[data-testid=me-too-support]').click();
    await page
      .locator('[data-testid=me-too] [role=alert]', { hasText: '附议前请先在下方验证手机号' })
      .waitFor();
    await page.fill('#rv-phone', PHONE);
    const mark = suite.server.logLength();
    await page.click('[data-testid=send-code]');
    await page.locator('#rv-code').waitFor();
    await page.fill('#rv-code', await suite.server.otpFor(PHONE, mark));
    await item.locator('[data-testid=me-too-support]').click();
    const done = page.locator('[data-testid=me-too-done]');
    await done.waitFor();
    assert.match(await done.innerText(), new RegExp(`${original.ticket_no}.*2 人反映`, 's'));
    const staff = await operator.get(`/api/v1/requests/${original.id}`);
    assert.ok(staff.timeline.some((e: { type: string }) => e.type === 'support'));

    // Their own list shows the request they follow.
    await page.goto(`${base}/m`);
    const followed = page.locator('[data-testid=followed-request]');
    await followed.first().waitFor();
    assert.match(await followed.innerText(), new RegExp(original.ticket_no));

    // Writing the same again: their voice is counted, and they may still file anyway.
    await pinned(page);
    await page.fill('#rr-body', RETOLD);
    await item.first().waitFor();
    assert.match(await item.innerText(), /2 人反映/);
    assert.equal(await item.locator('[data-testid=me-too-support]').isDisabled(), true);
    await page.click('[data-testid=submit-report]');
    await page.locator('[data-testid=ticket-no]').waitFor();
    assert.notEqual(await page.locator('[data-testid=ticket-no]').innerText(), original.ticket_no);
    await settle(page);
    assertClean('me too');
  },
);
