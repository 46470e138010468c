/**
 * Reaching residents, in the browser (issue 16): a hotline call registered on the operator's console → the
 * caller's phone gets the ticket SMS (the local stand-in of Aliyun's SMS API saw it, signed and shaped as
 * Aliyun's) → the department replies → the 回访 link of the reply SMS opens on a phone-sized page → the rating
 * counts in the dashboard, and on the request it is the resident's own (短信回访链接), seen once.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fakeAliyun, type SentSms } from '../support/fake-providers.js';
import { browserSuite, settle, staffApi, staffLogin } from './support.js';

const ALIYUN = { accessKeyId: 'ak-e2e', accessKeySecret: 'sk-e2e' };
const aliyun = await fakeAliyun(ALIYUN);
after(() => aliyun.close());

const suite = browserSuite({
  BANSHI_ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.accessKeyId,
  BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET: ALIYUN.accessKeySecret,
  BANSHI_ALIYUN_SMS_ENDPOINT: aliyun.url,
  BANSHI_ALIYUN_SMS_SIGN_NAME: '相城12345',
  BANSHI_ALIYUN_SMS_TEMPLATES: JSON.stringify({
    'request.registered': 'SMS_100',
    'request.replied': 'SMS_200',
  }),
  BANSHI_DELIVERY_INTERVAL_MS: '300',
});
const { open, assertClean } = suite;
const PHONE = '13911112222';
const ANSWER = '您好，经核查，小区5号楼门口路灯已于今日更换，恢复照明。';

/** The SMS the provider received for the phone with the template, waited for (a reply's: past the minute's limit). */
async function smsFor(template: string, timeoutMs = 90_000): Promise<SentSms> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sms = aliyun.received.find((s) => s.phone === PHONE && s.template === template);
    if (sms) return sms;
    if (Date.now() > deadline)
      throw new Error(`no ${template} SMS to ${PHONE}: ${JSON.stringify(aliyun.received)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The dashboard's 满意率 card: how many follow-ups it counts. */
async function followedUpCount(page: Page): Promise<number> {
  await page.goto(`${suite.server.url}/dashboard`);
  await page.locator('[data-metric=satisfaction_rate]').waitFor();
  await settle(page);
  const card = page.locator('.kpi', { has: page.locator('[data-metric=satisfaction_rate]') });
  return Number((await card.locator('[data-base]').innerText()).replace(/\D/g, ''));
}

test(
  'hotline call → ticket SMS → reply → 回访 link on a phone → the rating counts',
  { timeout: 300_000 },
  async () => {
    const admin = await staffApi(suite.server.url, 'admin');
    await admin.put('/api/v1/delivery/settings', { sms: 'aliyun', email: 'log' });

    // The admin's delivery tab shows the channel chosen and each message's SMS length.
    const adminPage = await suite.staffPage('admin', '/admin');
    await adminPage.locator('.el-tabs__item', { hasText: '消息投递' }).click();
    await adminPage.locator('[data-testid=admin-delivery] [data-topic="request.replied"]').waitFor();
    await settle(adminPage);
    assert.match(
      await adminPage.locator('[data-topic="request.replied"] [data-testid=template-length]').innerText(),
      /最长 \d+ 字，[12] 条短信/,
    );

    const supervisor = await open('supervisor');
    await staffLogin(supervisor, suite.server.url, 'supervisor');
    const before = await followedUpCount(supervisor);

    // The operator registers the call (urgent: it goes at any hour, quiet hours or not).
    const operator = await open('operator');
    await staffLogin(operator, suite.server.url, 'operator');
    await operator.locator('[data-testid=register-form] #rc-phone').waitFor();
    await operator.fill('#rc-body', '小区5号楼门口的路灯坏了两周，晚上出行不便，请尽快修理。');
    await operator.fill('#rc-phone', PHONE);
    await operator.click('label[for=rc-urgent]');
    await operator.click('[data-testid=register-submit]');
    const registered = await operator.locator('.el-alert--success', { hasText: '已登记' }).innerText();
    const ticket = /工单号\s*(\S+)/.exec(registered)![1]!;
    await settle(operator);

    const ticketSms = await smsFor('SMS_100', 20_000);
    assert.deepEqual(ticketSms.params, { ticket });
    assert.equal(ticketSms.signName, '相城12345');
    assert.match(ticketSms.key, /^banshi-xiangcheng-\d+$/);

    // The department replies.
    const operatorApi = await staffApi(suite.server.url, 'operator');
    const { items } = await operatorApi.get(`/api/v1/requests/lookup?q=${ticket}`);
    const id: number = items.find((r: any) => r.ticket_no === ticket).id;
    await (
      await staffApi(suite.server.url, 'dispatcher')
    ).act(id, 'dispatch', { department_code: 'housing' });
    const handler = await staffApi(suite.server.url, 'handler.housing');
    await handler.act(id, 'sign');
    await handler.act(id, 'contact', { note: '已电话联系市民' });
    const replied = await handler.act(id, 'reply', { text: ANSWER });
    // 回复审核: a reply held for review reaches the resident once a supervisor approves it.
    if (replied.status === 'reviewing')
      await (await staffApi(suite.server.url, 'supervisor')).act(id, 'approve-reply', {});

    // The reply SMS carries the answer's gist and the 回访 link (after the phone's one-a-minute limit).
    const replySms = await smsFor('SMS_200');
    const params = replySms.params as Record<string, string>;
    assert.equal(params.ticket, ticket);
    assert.ok(ANSWER.startsWith(params.gist!.replace(/…$/, '')), params.gist);
    // The link's address is BANSHI_PUBLIC_URL's; this server listens on a port chosen when it started.
    const path = new URL(params.link!).pathname;
    assert.match(path, /^\/f\/xiangcheng\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);

    // On a phone: the answer, the two questions, the rating given without a login.
    const phone = await open('resident phone', { width: 390, height: 844 }, true);
    await phone.goto(`${suite.server.url}${path}`);
    await phone.locator('[data-testid=followup-answer]').waitFor();
    await settle(phone);
    assert.equal((await phone.locator('[data-testid=followup-answer]').innerText()).trim(), ANSWER);
    assert.match(await phone.locator('[data-testid=followup-ticket]').innerText(), new RegExp(ticket));
    const width = await phone.locator('html').evaluate((html) => html.scrollWidth);
    assert.ok(width <= 390, `the page fits the phone's width (${width})`);
    await phone.click('[data-testid=followup-submit]');
    await phone.locator('[role=alert]', { hasText: '请回答两个问题' }).waitFor();
    await phone.getByText('已解决', { exact: true }).click();
    await phone.getByText('满意', { exact: true }).click();
    await phone.click('[data-testid=followup-submit]');
    await phone.locator('[data-testid=followup-thanks]').waitFor();
    // Opened again, it says the request has been rated and asks nothing.
    await phone.reload();
    await phone.locator('.el-alert', { hasText: '已完成评价' }).waitFor();
    assert.equal(await phone.locator('[data-testid=followup-submit]').count(), 0);

    // The rating counts in the dashboard, and it is the resident's own.
    assert.equal(await followedUpCount(supervisor), before + 1);
    const request = await operatorApi.get(`/api/v1/requests/${id}`);
    assert.equal(request.followup.by, 'reporter');
    assert.equal(request.timeline.find((e: any) => e.type === 'follow-up').payload.channel, 'sms_link');
    // Staff see the messages sent on the request's detail.
    const deliveries = await operatorApi.get(`/api/v1/requests/${id}/deliveries`);
    assert.deepEqual(
      deliveries.items.map((d: any) => [d.topic, d.status]),
      [
        ['request.registered', 'sent'],
        ['request.replied', 'sent'],
      ],
    );
    assert.deepEqual(aliyun.refused, [], 'every SMS request was shaped and signed as Aliyun wants');
    assertClean('delivery walk');
  },
);
