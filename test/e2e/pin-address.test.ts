/**
 * Bug 13 (issue 13): the report form's pin fell in 渭塘镇 / 渭西村 while the typed address said 元和街道, and
 * nobody was asked. Now the resident's report form and the operator's registration form ask which is right
 * before sending: "以地图位置为准" sends as is, "返回修改" goes back to the form.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { open, problems } = suite;
let server: Server;

function assertClean(step: string) {
  assert.deepEqual(problems, [], `${step}: the browser reported problems`);
}

before(async () => {
  server = await suite.ready();
});

const ADDRESS = '元和街道御窑路88号';
/** The question, once it is open. */
const question = (page: Page) => page.locator('.pin-check');

/** The body of the next registration the page sends. */
const nextRegistration = (page: Page) =>
  page
    .waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/requests')
    .then((r) => r.postDataJSON() as { lat?: number; lon?: number; address?: string });

/** The question names the pin's street/town and community and the address's street; true once it shows. */
async function assertQuestion(page: Page) {
  await question(page).waitFor();
  const text = await question(page).innerText();
  assert.match(text, /地图位置与地址不一致/);
  assert.match(text, /渭塘镇 \/ 渭西村/, 'the pin is in 渭塘镇 / 渭西村');
  assert.match(text, /「元和街道」/, 'the address says 元和街道');
}

test(
  'a resident whose pin is in 渭塘镇 and whose address says 元和街道 is asked, goes back, then keeps the pin',
  {
    timeout: 120_000,
  },
  async () => {
    const page = await open('resident', { width: 390, height: 844 }, true);
    await page.goto(`${server.url}/m/report`);
    await page.locator('#rr-body').waitFor();
    await settle(page);
    await page.fill('#rr-body', '御窑路上的路灯连续三晚不亮');
    // The middle of the city's map lies in 渭塘镇 / 渭西村.
    await page.locator('[data-testid=area-map]').click();
    await page.locator('[data-testid=pinned]', { hasText: '渭塘镇 / 渭西村' }).waitFor();
    await page.fill('#rr-address', ADDRESS);
    await page.fill('#rv-phone', '13800138555');
    const mark = server.logLength();
    await page.click('[data-testid=send-code]');
    await page.locator('#rv-code').waitFor();
    await page.fill('#rv-code', await server.otpFor('13800138555', mark));

    await page.click('[data-testid=submit-report]');
    await assertQuestion(page);
    await question(page).getByRole('button', { name: '返回修改' }).click();
    await question(page).waitFor({ state: 'hidden' });
    assert.equal(await page.locator('[data-testid=report-done]').count(), 0, 'nothing was sent');
    assert.equal(await page.inputValue('#rr-address'), ADDRESS, 'the form is as it was');

    await page.click('[data-testid=submit-report]');
    await assertQuestion(page);
    const sent = nextRegistration(page);
    await question(page).getByRole('button', { name: '以地图位置为准' }).click();
    await page.locator('[data-testid=report-done]').waitFor();
    const body = await sent;
    assert.equal(body.address, ADDRESS, 'sent as typed');
    assert.ok(body.lat && body.lon, 'with the pin');
    await settle(page);
    assertClean('resident asked');
  },
);

test('no question when the address agrees with the pin or names no area', { timeout: 120_000 }, async () => {
  const page = await open('operator');
  await staffLogin(page, server.url, 'operator');
  await page.locator('[data-testid=register-form] #rc-phone').waitFor();
  for (const address of ['渭塘镇渭西村3组', '御窑路88号']) {
    await page.fill('#rc-phone', '13800138666');
    await page.fill('#rc-body', '门口的下水道堵了');
    await page.fill('#rc-address', address);
    if (!(await page.locator('[data-testid=area-map]').isVisible()))
      await page.getByRole('button', { name: /^位置/ }).click();
    await page.locator('[data-testid=area-map] path').first().waitFor();
    await page.locator('[data-testid=area-map]').click();
    const checked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/areas/at');
    const sent = nextRegistration(page);
    await page.click('[data-testid=register-submit]');
    assert.deepEqual((await (await checked).json()).disagreeing, [], address);
    assert.equal((await sent).address, address);
    await page.locator('.el-alert--success', { hasText: '已登记' }).waitFor();
    assert.equal(await question(page).count(), 0, `${address}: no question`);
  }
  await settle(page);
  assertClean('operator agreeing');
});

test(
  'the operator registering a call with the pin in 渭塘镇 and 元和街道 typed is asked too',
  {
    timeout: 120_000,
  },
  async () => {
    const page = await open('operator');
    await staffLogin(page, server.url, 'operator');
    await page.locator('[data-testid=register-form] #rc-phone').waitFor();
    await page.fill('#rc-phone', '13800138777');
    await page.fill('#rc-body', '路边井盖缺失，存在安全隐患');
    await page.fill('#rc-address', ADDRESS);
    await page.getByRole('button', { name: /^位置/ }).click();
    await page.locator('[data-testid=area-map] path').first().waitFor();
    await page.locator('[data-testid=area-map]').click();
    await page.getByRole('button', { name: '位置 ✓' }).waitFor();

    await page.click('[data-testid=register-submit]');
    await assertQuestion(page);
    await question(page).getByRole('button', { name: '返回修改' }).click();
    await question(page).waitFor({ state: 'hidden' });
    assert.equal(await page.inputValue('#rc-address'), ADDRESS, 'nothing was sent, the form is as it was');

    await page.click('[data-testid=register-submit]');
    await assertQuestion(page);
    const sent = nextRegistration(page);
    await question(page).getByRole('button', { name: '以地图位置为准' }).click();
    await page.locator('.el-alert--success', { hasText: '已登记' }).waitFor();
    const body = await sent;
    assert.equal(body.address, ADDRESS);
    assert.ok(body.lat && body.lon);
    await settle(page);
    assertClean('operator asked');
  },
);
