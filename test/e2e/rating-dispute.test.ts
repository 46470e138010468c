/**
 * 差评复核 in the browser, on the demo city (which holds disputes waiting, judged 合理 and 不合理): the head of
 * 城管局 disputes an unsatisfied rating with a reason and an evidence image from the workbench; the supervisor
 * finds it in the 差评复核 tab of /reply-review and judges it 不合理; the dashboard's 满意率 (reviewed) rises
 * accordingly, the raw one beside it stays, and one more rating is counted as left out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffApi, staffLogin, tinyPng } from './support.js';

const suite = browserSuite();
const { open, assertClean } = suite;
const RAW = /\b(dispute-rating|decide-dispute|unreasonable|reasonable|rating_dispute)\b/;
const REASON = '市民要求免除全部停车费用，超出政策范围，已依法依规答复并解释。';
const DECISION = '部门已依法答复，诉求超出政策范围，差评不合理。';

const apiAs = (username: string) => staffApi(suite.server.url, username);

async function act(page: Page, action: string) {
  await page.locator(`.el-drawer button[data-action="${action}"]`).click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  return dialog;
}

/** The dashboard's 满意率 card: the headline (reviewed) and the line with the raw rate and the count left out. */
async function satisfactionCard(page: Page) {
  await page.goto(`${suite.server.url}/dashboard`);
  await page.locator('[data-metric=satisfaction_rate]').waitFor();
  await settle(page);
  return {
    reviewed: (await page.locator('[data-metric=satisfaction_rate]').innerText()).trim(),
    raw: (await page.locator('[data-raw=satisfaction_rate]').innerText()).trim(),
  };
}

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;

test(
  'a rating disputed by the department and judged 不合理 leaves the reviewed 满意率',
  { timeout: 240_000 },
  async () => {
    const operator = await apiAs('operator');
    const supervisorApi = await apiAs('supervisor');
    const handlerApi = await apiAs('handler.urban-mgmt');

    // The demo city holds a dispute in each state.
    const demo = (await supervisorApi.get('/api/v1/rating-disputes')).counts;
    assert.ok(demo.pending >= 1 && demo.reasonable >= 1 && demo.unreasonable >= 1, JSON.stringify(demo));

    const created = await operator.post('/api/v1/requests', {
      body: '小区门口临时停车收费太高，要求全部免除停车费用，城管部门应当解决。',
      type: '投诉',
      area_code: 'xc-wangting-guoyuan',
      reporter: { name: '孙七', phone: '13700007788' },
    });
    const ticket = created.ticket_no as string;
    await (await apiAs('dispatcher')).act(created.id, 'dispatch', { department_code: 'urban-mgmt' });
    await handlerApi.act(created.id, 'sign');
    await handlerApi.act(created.id, 'contact', { note: '已电话联系市民，说明收费依据。' });
    const replied = await handlerApi.act(created.id, 'reply', {
      text: '您好，经核查，小区门口临时停车收费标准经物价部门核定，我局已于12月5日向您当面解释收费依据，无法免除。',
    });
    assert.equal(replied.status, 'replied');
    await operator.act(created.id, 'follow-up', { resolved: false, satisfaction: 'unsatisfied' });

    const supervisor = await open('supervisor');
    await staffLogin(supervisor, suite.server.url, 'supervisor');
    const before = await satisfactionCard(supervisor);
    const figuresBefore = (await supervisorApi.get('/api/v1/metrics/dashboard')).overall;
    assert.equal(before.reviewed, pct(figuresBefore.satisfaction_rate));
    assert.match(
      before.raw,
      new RegExp(`原始 ${pct(figuresBefore.satisfaction_rate_raw).replace('.', '\\.')}`),
    );
    assert.match(before.raw, new RegExp(`不计入 ${figuresBefore.rating_excluded} 条`));

    // The head of 城管局 disputes the rating from the workbench, with a reason and an evidence image.
    const head = await open('head');
    await staffLogin(head, suite.server.url, 'head.urban-mgmt');
    await head.click('#tab-done');
    await settle(head);
    await head
      .locator('[data-testid=workbench-table] tr', { hasText: ticket })
      .locator('[data-testid=row-ticket]')
      .click();
    await head.locator('.el-drawer [data-testid=detail-body]').waitFor();
    await head.locator('.el-drawer [data-testid=dispute-until]').waitFor();
    let dialog = await act(head, 'dispute-rating');
    await dialog.locator('[data-testid=disputed-rating]', { hasText: '不满意' }).waitFor();
    await dialog.locator('[data-testid=action-submit]').click();
    await dialog.locator('[role=alert]', { hasText: '申请理由' }).waitFor();
    await dialog.locator('#ad-dispute-reason').fill(REASON);
    await dialog.locator('[data-testid=evidence-input]').setInputFiles({
      name: 'evidence.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    await dialog.locator('.evidence img').waitFor();
    await dialog.locator('[data-testid=action-submit]').click();
    await head.locator('.el-drawer [data-testid=rating-dispute][data-state=pending]').waitFor();
    await head.locator('.el-drawer [data-testid=rating-dispute] img').waitFor();
    await settle(head);

    // The supervisor decides it from the 差评复核 tab: 不合理.
    await supervisor.goto(`${suite.server.url}/reply-review`);
    await settle(supervisor);
    await supervisor.click('#tab-disputes');
    await supervisor.locator('[data-testid=dispute-counts]').waitFor();
    await supervisor.locator('[data-testid=dispute-table] tr', { hasText: ticket }).click();
    await supervisor.locator('.el-drawer [data-testid=detail-body]').waitFor();
    await settle(supervisor);
    dialog = await act(supervisor, 'decide-dispute');
    await dialog.locator('[data-testid=rating-dispute]', { hasText: REASON }).waitFor();
    await dialog.locator('[data-testid=rating-dispute] img').waitFor();
    await dialog.locator('label', { hasText: '不合理（不计入满意率、解决率）' }).click();
    await dialog.locator('#ad-decision-reason').fill(DECISION);
    await dialog.locator('[data-testid=action-submit]').click();
    await supervisor.locator('.el-drawer [data-testid=rating-dispute][data-state=unreasonable]').waitFor();
    await supervisor.locator('.el-drawer [data-testid=dispute-decision]', { hasText: DECISION }).waitFor();
    const timeline = await supervisor.locator('.el-drawer [data-testid=detail-timeline]').innerText();
    assert.match(timeline, /申请差评复核/);
    assert.match(timeline, /差评复核裁定/);
    assert.match(timeline, /结论：不合理/);
    assert.ok(!RAW.test(timeline), `no raw code in the timeline:\n${timeline}`);
    await settle(supervisor);

    // The dashboard: the reviewed 满意率 leaves the rating out, the raw one keeps it, one more is counted apart.
    const after = await satisfactionCard(supervisor);
    const figuresAfter = (await supervisorApi.get('/api/v1/metrics/dashboard')).overall;
    assert.equal(figuresAfter.rating_excluded, figuresBefore.rating_excluded + 1);
    assert.equal(figuresAfter.followed_up, figuresBefore.followed_up);
    assert.equal(
      figuresAfter.satisfaction_rate,
      (figuresAfter.satisfied - figuresAfter.excluded_satisfied) /
        (figuresAfter.followed_up - figuresAfter.rating_excluded),
    );
    assert.equal(after.reviewed, pct(figuresAfter.satisfaction_rate));
    assert.notEqual(after.reviewed, before.reviewed, 'the reviewed 满意率 changed');
    assert.ok(figuresAfter.satisfaction_rate > figuresBefore.satisfaction_rate);
    assert.match(
      after.raw,
      new RegExp(`原始 ${pct(figuresBefore.satisfaction_rate_raw).replace('.', '\\.')}`),
    );
    assert.match(after.raw, new RegExp(`不计入 ${figuresBefore.rating_excluded + 1} 条`));
    assertClean('rating dispute');
  },
);
