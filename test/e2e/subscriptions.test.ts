/**
 * Area alerts in the browser (issue 16): a visitor subscribes on the public page by e-mail → the confirmation
 * mail reaches the local SMTP server → its link opens the confirmation page → a public request in the area → the
 * day's digest mail lists it → its unsubscribe link opens the page that cancels it → the link a second time says
 * it was used.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fakeSmtp, type SentMail } from '../support/fake-providers.js';
import { browserSuite, settle, staffApi } from './support.js';

const smtp = await fakeSmtp();
after(() => smtp.close());

const suite = browserSuite({
  BANSHI_SMTP_URL: smtp.url,
  BANSHI_DELIVERY_INTERVAL_MS: '300',
  BANSHI_SWEEP_INTERVAL_MS: '1000',
});
const { open, assertClean } = suite;
const ADDRESS = 'neighbour@example.cn';

/** The next mail to the address matching `subject`, waited for. */
async function mailTo(subject: RegExp, timeoutMs = 60_000): Promise<SentMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = smtp.received.find((m) => m.to.includes(ADDRESS) && subject.test(m.subject));
    if (mail) return mail;
    if (Date.now() > deadline)
      throw new Error(`no mail ${subject} to ${ADDRESS}: ${JSON.stringify(smtp.received)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A link of a mail as a path of this server (the mail's address is BANSHI_PUBLIC_URL's). */
const linkPath = (text: string, kind: 'confirm' | 'unsubscribe') =>
  new URL(new RegExp(`(https?://\\S+/subscriptions/${kind}/\\S+)`).exec(text)![1]!).pathname;

test(
  'subscribe on the public page → confirm by the mail’s link → digest mail → unsubscribe by its link',
  { timeout: 300_000 },
  async () => {
    await (
      await staffApi(suite.server.url, 'admin')
    ).put('/api/v1/delivery/settings', { sms: 'log', email: 'smtp' });

    const page = await open('visitor');
    await page.goto(`${suite.server.url}/public`);
    const form = page.locator('[data-testid=subscribe]');
    await form.waitFor();
    await settle(page);
    // a bad address is refused in words
    await form.locator('#sub-email').fill('not-an-address');
    await form.locator('[data-testid=subscribe-area]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '望亭镇' }).first().click();
    await form.locator('[data-testid=subscribe-submit]').click();
    await form.locator('.el-alert--error', { hasText: '邮箱地址格式不正确' }).waitFor();
    await form.locator('#sub-email').fill(ADDRESS);
    await form.locator('[data-testid=subscribe-submit]').click();
    await form.locator('[data-testid=subscribe-sent]').waitFor();

    const confirmation = await mailTo(/请确认订阅/);
    await page.goto(`${suite.server.url}${linkPath(confirmation.text, 'confirm')}`);
    const done = page.locator('[data-testid=subscription-done]');
    await done.waitFor();
    assert.match(await done.innerText(), /订阅成功：.*望亭镇/);

    const operator = await staffApi(suite.server.url, 'operator');
    const filed = await operator.post('/api/v1/requests', {
      title: '区域提醒测试：路灯不亮',
      body: '果园新村5号楼门口路灯不亮已有一周，晚上出行不便。',
      type: '投诉',
      area_code: 'xc-wangting-guoyuan',
      category_code: '010201',
      reporter: { name: '王五', phone: '13911113333' },
    });
    const digest = await mailTo(/公开诉求提醒：/);
    assert.ok(digest.text.includes(`/public/requests/${filed.ticket_no}`), digest.text);
    assert.ok(!digest.text.includes('13911113333') && !digest.text.includes('王五'));

    const unsubscribe = linkPath(digest.text, 'unsubscribe');
    await page.goto(`${suite.server.url}${unsubscribe}`);
    await done.waitFor();
    assert.match(await done.innerText(), /已退订/);
    await page.goto(`${suite.server.url}${unsubscribe}`);
    await page.locator('[data-testid=subscription-link] .el-alert--error', { hasText: '已经用过' }).waitFor();
    await settle(page);
    assertClean('subscriptions');
  },
);
