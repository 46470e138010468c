/**
 * 宣讲 activities (issue 17) in the browser: an organiser creates a session that is running, its page shows the
 * rotating check-in QR code, an attendee on a phone opens the code's content and checks in with a one-time code,
 * then rates the session; a name taken by hand while offline is sent once the network returns; a need raised at
 * the session becomes a request that a department answers and the resident confirms; the statistics show the
 * session and the resolved need. And the phone page shows a refusal (a forged code) in the server's own words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffApi } from './support.js';

const suite = browserSuite();
const { open, assertClean, staffPage } = suite;
const PHONE = { width: 390, height: 844 };

/** A moment `minutes` from now as the date pickers take it, in the browser's timezone (Asia/Shanghai). */
function pickerTime(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

async function fillPicker(page: Page, id: string, value: string) {
  const input = page.locator(`.el-dialog:visible #${id}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.locator('.el-dialog:visible .el-dialog__title').click();
}

/** Creates a session of `topic` through the dialog; it started an hour ago and has just ended (running, held). */
async function createSession(page: Page, title: string, topic: string): Promise<number> {
  await page.click('[data-testid=new-session]');
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  await page.fill('#sf-title', title);
  await dialog.locator('[data-testid=session-topic]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: topic }).click();
  await fillPicker(page, 'sf-starts', pickerTime(-60));
  await fillPicker(page, 'sf-ends', pickerTime(-1));
  await page.fill('#sf-venue', '果园村百姓茶馆');
  await Promise.all([
    page.waitForURL(/\/activities\/sessions\/\d+$/),
    dialog.locator('.el-dialog__footer .el-button--primary').click(),
  ]);
  await settle(page);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

test('a session from creation to its statistics', { timeout: 240_000 }, async () => {
  const base = (await suite.ready()).url;
  const topic = '防范电信网络诈骗进社区';
  await (await staffApi(base, 'supervisor')).post('/api/v1/activities/topics', { title: topic });

  // The organiser (a grid worker) creates the session; its page shows the rotating QR code.
  const organiser = await staffPage('fieldworker', '/activities');
  const title = '果园村反诈百姓茶馆';
  const id = await createSession(organiser, title, topic);
  await organiser.locator('[data-testid=session-title]', { hasText: title }).waitFor();
  assert.equal(await organiser.locator('[data-testid=session-state]').innerText(), '进行中');
  const qr = organiser.locator('[data-testid=check-in-code][data-content]');
  await qr.waitFor();
  assert.equal(await qr.locator('img').count(), 1);
  const content = (await qr.getAttribute('data-content'))!;
  assert.match(content, new RegExp(`/m/checkin/${id}\\?t=`));

  // An attendee scans it on a phone and checks in with a one-time code.
  const phone = '13800138177';
  const attendee = await open('attendee', PHONE, true);
  await attendee.goto(content);
  await attendee.locator('#rv-phone').waitFor();
  await settle(attendee);
  await attendee.fill('#rv-phone', phone);
  const mark = suite.server.logLength();
  await attendee.click('[data-testid=send-code]');
  await attendee.locator('#rv-code').waitFor();
  await attendee.fill('#rv-code', await suite.server.otpFor(phone, mark));
  await attendee.click('[data-testid=verify-code]');
  await attendee.locator('[data-testid=checkin-verified]').waitFor();
  await attendee.click('[data-testid=checkin-submit]');
  await attendee.locator('[data-testid=checkin-done]').waitFor();
  // … then rates it.
  await attendee.locator('[data-testid=checkin-rating] .el-rate__item').nth(3).click();
  await attendee.fill('#ac-comment', '讲得很实在，希望多来社区讲讲。');
  await attendee.getByRole('button', { name: '提交评价' }).click();
  await attendee.locator('[data-testid=feedback-done]').waitFor();
  await settle(attendee);

  // A name taken by hand while the network is down waits on the device, and is sent once when it returns.
  await organiser.context().setOffline(true);
  await organiser.fill('#ad-name', '张建国');
  await organiser.fill('#ad-branch', '果园村第一党支部');
  await organiser.click('[data-testid=add-name]');
  await organiser.locator('[data-testid=names-notice]', { hasText: '当前离线' }).waitFor();
  await organiser.context().setOffline(false);
  await organiser.locator('[data-testid=names-notice]', { hasText: '新增 1 人' }).waitFor();
  await settle(organiser);
  await organiser.locator('[data-metric=named]', { hasText: /^2$/ }).waitFor();
  // The offline step's own failures are not the application's: the page was cut off on purpose, and the QR
  // code's refresh may have fallen in it.
  suite.problems.splice(
    0,
    suite.problems.length,
    ...suite.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)),
  );

  // The organiser records a need raised at the session: it becomes a request of the lecture channel.
  await organiser.fill('#nd-description', '果园村老年活动室屋顶漏水，下雨天无法使用，希望尽快维修。');
  await organiser.click('[data-testid=add-need]');
  const added = await organiser.locator('[data-testid=need-added]').innerText();
  const ticket = /已转为工单 (\S+)/.exec(added)![1]!;
  await organiser.locator('[data-testid=needs-table] tr', { hasText: ticket }).waitFor();
  assert.match(
    await organiser.locator('[data-testid=needs-table] tr', { hasText: ticket }).innerText(),
    /已提出/,
  );

  // A department answers it, the resident confirms: the need is resolved.
  const supervisorApi = await staffApi(base, 'supervisor');
  const { items } = await supervisorApi.get(`/api/v1/requests/lookup?q=${ticket}`);
  const request = items.find((r: { ticket_no: string }) => r.ticket_no === ticket);
  assert.equal((await supervisorApi.get(`/api/v1/requests/${request.id}`)).channel, 'lecture');
  await (await staffApi(base, 'dispatcher')).act(request.id, 'dispatch', { department_code: 'housing' });
  const handler = await staffApi(base, 'handler.housing');
  await handler.act(request.id, 'sign');
  await handler.act(request.id, 'contact', { note: '已与社区联系，安排维修。' });
  const replied = await handler.act(request.id, 'reply', { text: '已安排施工队于本周完成屋顶防水维修。' });
  if (replied.status === 'reviewing') await supervisorApi.act(request.id, 'approve-reply', {});
  await (
    await staffApi(base, 'operator')
  ).act(request.id, 'follow-up', {
    resolved: true,
    satisfaction: 'satisfied',
  });
  await organiser.reload();
  await settle(organiser);
  const row = organiser.locator('[data-testid=needs-table] tr', { hasText: ticket });
  assert.match(await row.innerText(), /已解决/);
  assert.match(
    await organiser.locator('[data-testid=feedback-summary]').innerText(),
    /1 条评价，平均 4\.0 分/,
  );

  // The statistics show the session and its resolved need, under its topic.
  const stats = await staffPage('supervisor', '/activities');
  await stats.locator('.el-tabs__item', { hasText: '统计' }).click();
  await settle(stats);
  const topicRow = stats.locator('[data-testid=stats-table] tr', { hasText: topic });
  await topicRow.waitFor();
  const cells = await topicRow.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(1, 4), ['1', '2', '0'], `sessions, named, headcount: ${cells.join(' | ')}`);
  assert.deepEqual(cells.slice(-2), ['1', '1'], `needs raised and resolved: ${cells.join(' | ')}`);
  await stats.locator('[data-testid=stats-bulletin]').waitFor();
  await stats.locator('[data-testid=stats-xlsx]').waitFor();
  assertClean('activities');
});

/** Checks in on the phone page as a party member; the page's refusal, if any, in its words. */
async function memberCheckIn(page: Page, url: string, name: string, branch: string) {
  await page.goto(url);
  await page.locator('[data-testid=activity-checkin]').waitFor();
  await settle(page);
  await page.locator('.el-radio-button', { hasText: '党员' }).click();
  await page.fill('#ac-name', name);
  await page.fill('#ac-branch', branch);
  await page.click('[data-testid=checkin-submit]');
  await page.locator('[data-testid=checkin-error], [data-testid=checkin-done]').first().waitFor();
  const error = page.locator('[data-testid=checkin-error]');
  return (await error.count()) ? (await error.innerText()).trim() : null;
}

test('the phone page shows refusals in the server words: a forged code, a second check-in', async () => {
  const base = (await suite.ready()).url;
  const now = Date.now();
  const organiser = await staffApi(base, 'fieldworker');
  const { id } = await organiser.post('/api/v1/activities/sessions', {
    title: '果园村主题党日',
    kind: 'study',
    format: 'party_day',
    party_branch: '果园村党支部',
    starts_at: new Date(now - 10 * 60_000).toISOString(),
    ends_at: new Date(now + 60 * 60_000).toISOString(),
    area_code: 'xc-wangting-guoyuan',
  });
  /** What the server says to a check-in with this token, as the phone page sends it. */
  const refusal = async (token: string) => {
    const answer = await fetch(`${base}/api/v1/activities/sessions/${id}/check-ins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, method: 'member', name: '李四', branch: '第二党支部' }),
    });
    return ((await answer.json()) as { error: { code: string; message: string } }).error;
  };

  const forged = `${Math.floor(Date.now() / 60_000)}.${'A'.repeat(43)}`;
  const invalid = await refusal(forged);
  assert.equal(invalid.code, 'check_in_code_invalid');
  const page = await open('forged', PHONE, true);
  const url = (t: string) => `${base}/m/checkin/${id}?t=${encodeURIComponent(t)}`;
  assert.equal(await memberCheckIn(page, url(forged), '李四', '第二党支部'), invalid.message);

  const { content } = await organiser.get(`/api/v1/activities/sessions/${id}/check-in-code`);
  const token = new URL(content).searchParams.get('t')!;
  assert.equal(await memberCheckIn(page, content, '李四', '第二党支部'), null);
  const again = await refusal(token);
  assert.equal(again.code, 'already_checked_in');
  const second = await open('second', PHONE, true);
  assert.equal(await memberCheckIn(second, url(token), '李四', '第二党支部'), again.message);
  await settle(second);
  assertClean('refusals');
});

test('names taken by hand into a full session are refused, each under its own name', async () => {
  const base = (await suite.ready()).url;
  const now = Date.now();
  const organiserApi = await staffApi(base, 'fieldworker');
  const session = await organiserApi.post('/api/v1/activities/sessions', {
    title: '果园村垃圾分类小课堂',
    kind: 'lecture',
    format: 'interactive',
    starts_at: new Date(now - 10 * 60_000).toISOString(),
    ends_at: new Date(now + 60 * 60_000).toISOString(),
    area_code: 'xc-wangting-guoyuan',
    capacity: 1,
  });
  await organiserApi.put(`/api/v1/activities/sessions/${session.id}/headcount`, {
    headcount: 1,
    expected_version: session.version,
  });
  const page = await staffPage('fieldworker', `/activities/sessions/${session.id}`);
  for (const name of ['王五', '赵六']) {
    await page.fill('#ad-name', name);
    await page.click('[data-testid=add-name]');
    await page.locator('[data-testid=names-refused]', { hasText: `${name}：名额已满` }).waitFor();
  }
  assert.equal(await page.locator('[data-metric=named]').innerText(), '0');
  await settle(page);
  assertClean('full session');
});
