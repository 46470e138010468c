/**
 * Intake usability (issue 13): phone numbers as people type them, on the operator's registration form and the
 * resident's login; errors that go when they are fixed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, DEMO_PASSWORD, settle, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;

async function registerForm(): Promise<Page> {
  const page = await open('operator');
  await staffLogin(page, suite.server.url, 'operator');
  await page.locator('[data-testid=register-form] #rc-phone').waitFor();
  return page;
}

test('the operator is told what is wrong with a phone number, and a typed number registers', async () => {
  const page = await registerForm();
  const form = page.locator('[data-testid=register-form]');
  const alert = form.locator('[role=alert]');
  await page.fill('#rc-body', '小区门口路灯不亮');
  for (const phone of ['abc', '12', '1380000000测试']) {
    await page.fill('#rc-phone', phone);
    await page.click('[data-testid=register-submit]');
    await alert.filter({ hasText: '来电号码：' }).waitFor();
    const text = await alert.innerText();
    assert.doesNotMatch(text, /必填/, `${phone}: a filled field is not "required"`);
    assert.equal(await form.locator('[role=alert]').count(), 1, 'one message at a time');
  }
  await page.fill('#rc-phone', '0512-6555 1234 转 123');
  assert.equal(await page.inputValue('#rc-phone'), '0512-6555 1234 转 123', 'nothing is cut off');
  await page.click('[data-testid=register-submit]');
  await page.locator('.el-alert--success', { hasText: '已登记' }).waitFor();
  await settle(page);
  assert.equal(await form.locator('[role=alert]').count(), 0, 'the old message is gone');
  assertClean('operator phone');
});

test('a resident logs in with a mobile typed with its prefix and separators', async () => {
  const page = await open('resident', { width: 390, height: 844 }, true);
  await page.goto(`${suite.server.url}/m`);
  await page.locator('#rv-phone').waitFor();
  await settle(page);
  for (const typed of ['138-0013-8111', '+86 138 0013 8111', '１３８ ００１３ ８１１１']) {
    await page.fill('#rv-phone', typed);
    assert.equal(await page.inputValue('#rv-phone'), typed, `${typed} is not truncated`);
  }
  await page.fill('#rv-phone', 'abc');
  await page.click('[data-testid=send-code]');
  await page.locator('.phone-verify [role=alert]', { hasText: '手机号：' }).waitFor();
  await page.fill('#rv-phone', '+86 138-0013-8111');
  const mark = suite.server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  assert.equal(await page.locator('.phone-verify [role=alert]').count(), 0, 'the old message is gone');
  await page.fill('#rv-code', await suite.server.otpFor('13800138111', mark));
  await page.click('[data-testid=verify-code]');
  await page.getByRole('heading', { name: '我的诉求' }).waitFor();
  await settle(page);
  assertClean('resident phone');
});

test('the public pages: a ticket looked up, a published one shown, one filed as 不公开 not', async () => {
  // A resident files a request and chooses 不公开.
  const resident = await open('resident', { width: 390, height: 844 }, true);
  await resident.goto(`${suite.server.url}/public`);
  await resident.locator('[data-testid=ticket-lookup]').waitFor();
  await settle(resident);
  await resident.click('[data-testid=report-entry]');
  await resident.waitForURL((u) => u.pathname === '/m/report');
  await resident.locator('#rr-body').waitFor();
  await resident.fill('#rr-body', '楼道里堆满杂物，存在消防隐患，不希望公开');
  await resident.locator('[data-testid=consent] label', { hasText: '不公开' }).click();
  await resident.fill('#rv-phone', '13800138222');
  const mark = suite.server.logLength();
  await resident.click('[data-testid=send-code]');
  await resident.locator('#rv-code').waitFor();
  await resident.fill('#rv-code', await suite.server.otpFor('13800138222', mark));
  await resident.click('[data-testid=submit-report]');
  await resident.locator('[data-testid=report-done]').waitFor();
  const hidden = (await resident.locator('[data-testid=ticket-no]').innerText()).trim();
  await settle(resident);

  // Anyone looks for it on the public page: not published.
  const visitor = await open('visitor');
  await visitor.goto(`${suite.server.url}/public`);
  await visitor.locator('[data-testid=public-request]').first().waitFor();
  await visitor.locator('[data-testid=area-map] path').first().waitFor();
  await settle(visitor);
  await visitor.fill('#pl-ticket', hidden);
  await visitor.click('[data-testid=ticket-lookup-submit]');
  await visitor.locator('[data-testid=ticket-not-found]').waitFor();
  assert.equal(new URL(visitor.url()).pathname, `/public/requests/${hidden}`);
  await settle(visitor);

  // A published request of the list opens on its own page, with its progress.
  await visitor.goto(`${suite.server.url}/public`);
  const first = visitor.locator('[data-testid=public-ticket-link]').first();
  await first.waitFor();
  await visitor.locator('[data-testid=area-map] path').first().waitFor();
  await settle(visitor);
  const shown = (await first.innerText()).trim();
  await first.click();
  await visitor.locator('[data-testid=ticket-detail]').waitFor();
  assert.equal((await visitor.locator('[data-testid=ticket-no]').innerText()).trim(), shown);
  await visitor.locator('[data-testid=ticket-updates] [data-kind=received]').waitFor();
  await settle(visitor);
  assertClean('public ticket');
});

test('the operator sees the caller’s earlier requests beside the form, and finds them by phone', async () => {
  const page = await registerForm();
  // Registered in the first test from this number (written differently there).
  await page.fill('#rc-phone', '051265551234-123');
  const history = page.locator('[data-testid=caller-history]');
  const earlier = history.locator('[data-testid=caller-request]');
  await earlier.first().waitFor();
  assert.match(await history.innerText(), /\*{8}1234-123/, 'the number is masked');
  assert.ok((await earlier.count()) >= 1);
  await earlier.first().locator('a.ticket').click();
  await page.locator('[data-testid=detail-drawer] [data-testid=detail-body]').waitFor();
  assert.match(await page.locator('[data-testid=detail-drawer]').innerText(), /小区门口路灯不亮/);
  await page.keyboard.press('Escape');
  await settle(page);

  // Another number: the list follows it.
  await page.fill('#rc-phone', '13700001234');
  await history.getByText('该号码此前没有诉求').waitFor();

  // 综合查询 by phone.
  await page.locator('.el-tabs__item', { hasText: '综合查询' }).click();
  await page.fill('#cs-phone', '0512 6555 1234 转 123');
  await page.locator('#pane-search [data-testid=phone-search] button[type=submit]').click();
  await page.locator('#pane-search tbody tr', { hasText: '小区门口路灯不亮' }).first().waitFor();
  await settle(page);
  assertClean('caller history');
});

test('on the report form an old message goes once it is fixed, and messages never stack', async () => {
  const page = await open('resident', { width: 390, height: 844 }, true);
  await page.goto(`${suite.server.url}/m/report`);
  await page.locator('#rr-body').waitFor();
  await settle(page);
  const alerts = page.locator('[role=alert]');
  // No description: one message.
  await page.click('[data-testid=submit-report]');
  await alerts.filter({ hasText: '必填' }).first().waitFor();
  assert.equal(await alerts.count(), 1);
  // Typing the description takes it away.
  await page.fill('#rr-body', '路口信号灯不亮');
  await alerts.first().waitFor({ state: 'detached' });
  // A bad phone: the phone's message, alone.
  await page.fill('#rv-phone', 'abc');
  await page.click('[data-testid=send-code]');
  await alerts.filter({ hasText: '手机号：' }).waitFor();
  assert.equal(await alerts.count(), 1);
  // Submitting without a code: the form's message replaces the phone's.
  await page.click('[data-testid=submit-report]');
  await alerts.filter({ hasText: '验证码' }).waitFor();
  assert.equal(await alerts.count(), 1, 'never stacked');
  // Correcting the phone takes the message away.
  await page.fill('#rv-phone', '13800138333');
  await alerts.first().waitFor({ state: 'detached' });
  await settle(page);
  assertClean('stacked errors');
});

/** A request the operator registers for a caller through the API: its id. */
async function fileForCaller(phone: string): Promise<number> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${suite.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${path}: ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const login = await post('/api/v1/auth/login', { username: 'operator', password: DEMO_PASSWORD });
  const created = await post(
    '/api/v1/requests',
    { body: '小区电梯经常停运', reporter: { phone } },
    String(login.token),
  );
  return Number(created.id);
}

test('a request opened logged out offers the login, and shows the request once logged in', async () => {
  const phone = '13800138444';
  const id = await fileForCaller(phone);
  const page = await open('resident logged out', { width: 390, height: 844 }, true);
  await page.goto(`${suite.server.url}/m/requests/${id}`);
  const login = page.locator('[data-testid=request-login]');
  await login.waitFor();
  assert.equal(await page.getByRole('button', { name: '重试' }).count(), 0, 'no dead-end retry');
  await page.fill('#rv-phone', phone);
  const mark = suite.server.logLength();
  await page.click('[data-testid=send-code]');
  await page.locator('#rv-code').waitFor();
  await page.fill('#rv-code', await suite.server.otpFor(phone, mark));
  await page.click('[data-testid=verify-code]');
  await page.getByText('小区电梯经常停运').waitFor();
  assert.equal(new URL(page.url()).pathname, `/m/requests/${id}`, 'back on the same page');
  assert.equal(await login.count(), 0);
  await settle(page);
  assertClean('login from a request');
});
