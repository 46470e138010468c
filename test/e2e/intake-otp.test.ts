/**
 * Intake usability (issue 13, bug 11): after five wrong one-time codes the page says the code is locked and offers
 * a new one, rather than "wrong or expired" for the right code. A server of its own: the codes sent by
 * ./intake.test.ts would meet the per-address limit on sending codes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, settle } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

test('after five wrong codes the page says the code is locked and offers a new one', async () => {
  const phone = '13800138555';
  const page = await open('resident locked', { width: 390, height: 844 }, true);
  await page.goto(`${suite.server.url}/m`);
  await page.locator('#rv-phone').waitFor();
  await settle(page);
  await page.fill('#rv-phone', phone);
  const mark = suite.server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  const code = await suite.server.otpFor(phone, mark);
  const wrong = code === '000000' ? '111111' : '000000';
  const alert = page.locator('.phone-verify [role=alert]');
  for (let i = 0; i < 5; i++) {
    await page.fill('#rv-code', wrong);
    await page.click('[data-testid=verify-code]');
    await alert.first().waitFor();
  }
  await page.fill('#rv-code', code);
  await page.click('[data-testid=verify-code]');
  await alert.filter({ hasText: '请重新获取验证码' }).waitFor();
  assert.doesNotMatch(await alert.innerText(), /验证码错误或已过期/);
  await page.locator('[data-testid=new-code]').waitFor();
  await settle(page);
  assertClean('code locked');
});
