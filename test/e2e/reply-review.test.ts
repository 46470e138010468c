/**
 * 答复模板 and 回复审核 in the browser, on the demo city (住建局's replies are all reviewed): a handler replies
 * from a template (warned while it is only the template) and the reply waits for review; the supervisor sends it
 * back with a reason; the handler reads why and replies again; the supervisor approves it. The timelines say
 * every step in words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, openAction as act, openRow, settle, staffApi, staffLogin } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;
const RAW =
  /\b(reply-held|send-back-reply|approve-reply|sampled|resubmitted|promise_without_date|reviewing)\b/;
const NOTE = '请写明维修完成的具体日期';
const SECOND = '经现场核查，楼道灯已于12月5日由物业更换完毕，物业每周巡查一次。';

const apiAs = (username: string) => staffApi(suite.server.url, username);

test('a reply is sent back by review and then approved', { timeout: 180_000 }, async () => {
  const operator = await apiAs('operator');
  const created = await operator.post('/api/v1/requests', {
    body: '小区3号楼楼道灯坏了一个月，晚上上下楼很黑，老人容易摔倒，请督促物业修理楼道灯。',
    type: '投诉',
    area_code: 'xc-wangting-guoyuan',
    reporter: { name: '赵六', phone: '13700005678' },
  });
  await (await apiAs('dispatcher')).act(created.id, 'dispatch', { department_code: 'housing' });
  await (await apiAs('handler.housing')).act(created.id, 'sign');
  const ticket = created.ticket_no as string;

  // The handler replies from a template: warned while it is only the template, then adds what was done.
  const handler = await open('handler');
  await staffLogin(handler, suite.server.url, 'handler.housing');
  await handler.click('#tab-handling');
  await openRow(handler, 'workbench-table', ticket);
  let dialog = await act(handler, 'reply');
  await dialog.locator('[data-testid=reply-template]').click();
  await handler.locator('.el-select-dropdown__item:visible', { hasText: '通用答复（已办结）' }).click();
  const text = dialog.locator('#ad-text');
  assert.match(await text.inputValue(), new RegExp(`赵\\*您好！.*${ticket}`));
  await dialog.locator('[data-testid=template-only-warning]').waitFor();
  await text.press('End');
  await text.pressSequentially('已督促物业尽快修理。');
  await dialog.locator('[data-testid=template-only-warning]').waitFor({ state: 'hidden' });
  await dialog.locator('[data-testid=action-submit]').click();
  await handler.locator('.el-drawer [data-status=reviewing]').waitFor();
  await handler.locator('.el-drawer [data-testid=reply-review]', { hasText: '待审核的答复' }).waitFor();
  await settle(handler);

  // The supervisor sends it back: the promise has no date.
  const supervisor = await open('supervisor');
  await staffLogin(supervisor, suite.server.url, 'supervisor');
  await supervisor.goto(`${suite.server.url}/reply-review`);
  await settle(supervisor);
  await openRow(supervisor, 'review-table', ticket);
  await supervisor.locator('.el-drawer [data-testid=reply-score]').waitFor();
  dialog = await act(supervisor, 'send-back-reply');
  await dialog.locator('[data-testid=reply-review]').waitFor();
  await dialog.locator('[data-testid=action-submit]').click();
  await dialog.locator('[role=alert]', { hasText: '退回原因' }).waitFor();
  await dialog.locator('label.el-checkbox', { hasText: '承诺无时限' }).click();
  await dialog.locator('#ad-note').fill(NOTE);
  await dialog.locator('[data-testid=action-submit]').click();
  await supervisor.locator('.el-drawer [data-status=in_progress]').waitFor();
  await settle(supervisor);

  // The handler reads why and replies again.
  await handler.keyboard.press('Escape');
  await handler.reload();
  await handler.click('#tab-handling');
  await openRow(handler, 'workbench-table', ticket);
  await handler.locator('.el-drawer [data-testid=sent-back-note]', { hasText: NOTE }).waitFor();
  dialog = await act(handler, 'reply');
  await dialog.locator('#ad-text').fill(SECOND);
  await dialog.locator('[data-testid=action-submit]').click();
  await handler.locator('.el-drawer [data-status=reviewing]').waitFor();
  await settle(handler);

  // The supervisor approves: the resident sees the answer.
  await supervisor.keyboard.press('Escape');
  await supervisor.reload();
  await settle(supervisor);
  await openRow(supervisor, 'review-table', ticket);
  dialog = await act(supervisor, 'approve-reply');
  await dialog.locator('[data-testid=reply-review]', { hasText: SECOND }).waitFor();
  await dialog.locator('[data-testid=action-submit]').click();
  await supervisor.locator('.el-drawer [data-status=replied]').waitFor();
  const timeline = await supervisor.locator('.el-drawer [data-testid=detail-timeline]').innerText();
  assert.match(timeline, /答复待审核/);
  assert.match(timeline, /答复被审核退回/);
  assert.match(timeline, /承诺无时限/);
  assert.match(timeline, /答复审核通过/);
  assert.match(timeline, /退回后重新答复/);
  assert.ok(!RAW.test(timeline), `no raw code in the timeline:\n${timeline}`);
  await settle(supervisor);

  const after = await (await apiAs('supervisor')).get(`/api/v1/requests/${created.id}`);
  assert.deepEqual(
    after.timeline.map((e: { type: string }) => e.type).filter((t: string) => /reply/.test(t)),
    ['reply-held', 'send-back-reply', 'reply-held', 'approve-reply'],
  );
  assert.equal(after.timeline.at(-1).payload.text, SECOND);
  assertClean('reply review');
});
