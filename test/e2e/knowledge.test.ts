/**
 * 知识库 in the browser: an operator registers a call, sees the articles for it, searches the knowledge base in
 * the answer dialog, cites an article and answers the call directly (the event records the article); a resident
 * finds a public article on the 常见问题 page without logging in.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { browserSuite, settle, staffLogin, type Server } from './support.js';

const suite = browserSuite();
const { open, problems } = suite;
let server: Server;
const GARBAGE = '生活垃圾分类定时定点投放时间';

before(async () => {
  server = await suite.ready();
});

test('an operator answers a call from the knowledge base', { timeout: 120_000 }, async () => {
  const page = await open('operator');
  await staffLogin(page, server.url, 'operator');
  assert.equal(new URL(page.url()).pathname, '/console');
  const form = page.locator('[data-testid=register-form]');
  await form.locator('#rc-phone').fill('13900007777');
  await form.locator('#rc-body').fill('小区搞垃圾分类以后，每天几点可以投放厨余垃圾？晚上下班回来桶都撤了');
  // The articles for what the caller says, while the operator types.
  const suggested = form.locator('[data-testid=knowledge-hit]', { hasText: GARBAGE });
  await suggested.waitFor();
  assert.ok(await suggested.locator('mark').count(), 'the matching words are highlighted');
  await form.locator('[data-testid=register-submit]').click();
  const answer = page.locator('button[data-action="answer-directly"]');
  await answer.waitFor();
  await settle(page);
  await answer.click();
  const dialog = page.locator('.el-dialog:visible');
  const picker = dialog.locator('[data-testid=knowledge-picker]');
  await picker.locator('[data-testid=knowledge-search]').fill('垃圾 投放 时间');
  const hit = picker.locator('[data-testid=knowledge-hit]', { hasText: GARBAGE }).first();
  await hit.waitFor();
  await hit.getByRole('button', { name: '查看' }).click();
  await hit.locator('.md strong', { hasText: '7:00–9:00' }).waitFor();
  await hit.locator('[data-testid=knowledge-cite]').click();
  await dialog.locator('[data-testid=cited-article]', { hasText: GARBAGE }).waitFor();
  assert.match(await dialog.locator('#ad-text').inputValue(), /7:00–9:00/);
  await dialog.locator('[data-testid=action-submit]').click();
  await page.locator('[data-status=replied]').first().waitFor();
  await settle(page);

  // The answer-directly event names the article it came from.
  const ticket = await page.evaluate(async () => {
    const list: any = await (await fetch('/api/v1/requests?sort=created&page_size=1')).json();
    return list.items[0]?.id as number | undefined;
  });
  assert.ok(ticket);
  const cited = await page.evaluate(async (id) => {
    const r: any = await (await fetch(`/api/v1/requests/${id}`)).json();
    const e = r.timeline.find((x: { type: string }) => x.type === 'answer-directly');
    const a: any = await (await fetch(`/api/v1/knowledge/articles/${e.payload.article_id}`)).json();
    return a.title as string;
  }, ticket);
  assert.equal(cited, GARBAGE);
  assert.deepEqual(problems, []);
});

test('a resident finds a public article in 常见问题', { timeout: 90_000 }, async () => {
  const page = await open('resident', { width: 390, height: 844 }, true);
  await page.goto(`${server.url}/m/faq`);
  await settle(page);
  await page.locator('[data-testid=faq-search]').fill('垃圾几点可以扔');
  const hit = page.locator('[data-testid=faq-hit]', { hasText: GARBAGE }).first();
  await hit.waitFor();
  assert.ok(await hit.locator('mark').count());
  await hit.getByRole('button').first().click();
  const article = page.locator('[data-testid=faq-article]');
  await article.waitFor();
  assert.match(await article.innerText(), /7:00–9:00/);
  assert.match(await article.innerText(), /苏州市生活垃圾分类管理条例/);
  // Internal articles stay inside.
  await page.getByRole('button', { name: /返回列表/ }).click();
  await page.locator('[data-testid=faq-search]').fill('物业类诉求的转办规则');
  await settle(page);
  assert.equal(await page.locator('[data-testid=faq-hit]', { hasText: '内部口径' }).count(), 0);
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `no horizontal scroll at 390 px (scrollWidth ${width})`);
  assert.deepEqual(problems, []);
});
