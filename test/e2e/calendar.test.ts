/**
 * An admin enters a year's holiday schedule in the words of the State Council's notice: the admin page raises
 * the alert for the year nobody entered, the month view previews the schedule, and after saving the year reads
 * as entered (元旦 a holiday, a 调休 Saturday a working day) and the alert is gone.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, settle, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { problems } = suite;
let server: Server;
let page: Page;
const WEEKDAYS = '日一二三四五六';

/** A made-up schedule for `year` whose weekdays are right: 元旦 on 1 January, the first Saturday of March worked. */
function noticeFor(year: number) {
  const weekday = (m: number, d: number) => new Date(Date.UTC(year, m - 1, d)).getUTCDay();
  let saturday = 1;
  while (weekday(3, saturday) !== 6) saturday++;
  const date = (m: number, d: number) =>
    `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return {
    text: [
      `国务院办公厅关于${year}年部分节假日安排的通知（测试用）`,
      `一、元旦：1月1日（周${WEEKDAYS[weekday(1, 1)]}）放假，共1天。`,
      `二、测试调休：3月${saturday}日（周六）上班。`,
    ].join('\n'),
    holiday: date(1, 1),
    makeup: date(3, saturday),
  };
}

before(async () => {
  server = await suite.ready();
  page = await suite.open('admin');
});

test(
  'an admin enters a year from the notice text and sees it in the month view',
  { timeout: 120_000 },
  async () => {
    await staffLogin(page, server.url, 'admin');
    await page.goto(`${server.url}/admin`);
    await settle(page);
    // The demo city's calendar knows no year past the package's: the year a month ahead reaches is announced.
    const alert = page
      .locator('[data-testid=admin-alerts] .el-alert')
      .filter({ hasText: '节假日安排尚未录入' });
    await alert.waitFor();
    const year = Number((await alert.innerText()).match(/(\d{4})年节假日安排尚未录入/)![1]);
    await alert.getByRole('button', { name: '去录入' }).click();
    const tab = page.locator('[data-testid=admin-calendar]');
    await tab.locator('[data-testid=calendar-status][data-known=false]').waitFor();
    assert.match(
      await tab.locator('[data-testid=calendar-status]').innerText(),
      new RegExp(`${year} 年节假日安排尚未录入`),
    );
    const notice = noticeFor(year);
    const day = (root: typeof tab, date: string) =>
      root.locator(`[data-testid=month-grid] [data-date="${date}"]`);
    assert.equal(await day(tab, notice.holiday).getAttribute('data-source'), 'weekday');

    await tab.locator('[data-testid=calendar-enter]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('#cal-text').fill(notice.text);
    await dialog.locator('#cal-source').fill('测试通知 2026-12-01');
    assert.equal(
      await dialog.locator('[data-testid=calendar-save]').isDisabled(),
      true,
      'saving needs a preview',
    );
    await dialog.locator('[data-testid=calendar-preview-button]').click();
    const preview = dialog.locator('[data-testid=calendar-preview]');
    await preview.waitFor();
    assert.match(await preview.locator('[data-testid=calendar-effect]').innerText(), /共 2 个日期/);
    assert.equal(await day(preview, notice.holiday).getAttribute('data-working'), 'false');
    assert.equal(await day(preview, notice.makeup).getAttribute('data-working'), 'true');
    assert.match((await day(preview, notice.holiday).innerText()).replace(/\s/g, ''), /1休/);
    assert.match((await day(preview, notice.makeup).innerText()).replace(/\s/g, ''), /班/);
    // Nothing is saved by a preview.
    assert.equal(await day(tab, notice.holiday).getAttribute('data-working'), 'true');

    await dialog.locator('[data-testid=calendar-save]').click();
    await tab.locator('[data-testid=calendar-status][data-known=true]').waitFor();
    await settle(page);
    assert.equal(await day(tab, notice.holiday).getAttribute('data-working'), 'false');
    assert.equal(await day(tab, notice.holiday).getAttribute('data-source'), 'local');
    assert.match((await day(tab, notice.holiday).getAttribute('title')) ?? '', /元旦.*本辖区录入.*测试通知/);
    assert.equal(await day(tab, notice.makeup).getAttribute('data-working'), 'true');
    assert.equal(await alert.count(), 0, 'the alert for the year is resolved');
    assert.deepEqual(problems, []);
  },
);

test(
  'a notice with a wrong weekday is shown its error and cannot be saved',
  { timeout: 60_000 },
  async () => {
    const tab = page.locator('[data-testid=admin-calendar]');
    await tab.locator('[data-testid=calendar-enter]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('#cal-text').fill('元旦：1月1日（周八）至3日放假，共2天。');
    await dialog.locator('#cal-source').fill('错误的通知');
    await dialog.locator('[data-testid=calendar-preview-button]').click();
    const issues = dialog.locator('[data-testid=calendar-preview] .issues');
    await issues.waitFor();
    assert.match(await issues.innerText(), /第 1 行：通知写共 2 天，日期范围是 3 天/);
    assert.equal(await dialog.locator('[data-testid=calendar-save]').isDisabled(), true);
    await dialog.getByRole('button', { name: '取消' }).click();
    assert.deepEqual(problems, []);
  },
);
