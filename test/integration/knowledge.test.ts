/**
 * 知识库: articles proposed and reviewed, searched (ranked, highlighted), suggested beside a request, cited by
 * answer-directly (知识库直办率), flagged when stale, read by residents (常见问题); who may do what; bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { flagStaleArticles } from '../../src/knowledge/commands/sweep-stale.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const J = 'xiangcheng';

for (const kind of dbKinds()) {
  describe(`knowledge base (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, supervisor: Client, resident: Client;
    let housing: Client, housingHead: Client, urban: Client, urbanHead: Client, fieldWorker: Client;
    let category: string;
    const otps = new Map<string, string>();
    let garbageId: number, fundId: number, internalId: number;

    const garbage = {
      title: '生活垃圾分类投放时间',
      body: '# 投放时间\n\n小区生活垃圾**定时定点**投放：每天 7:00–9:00、18:00–20:00。\n\n- 厨余垃圾：绿色桶\n- 其他垃圾：灰色桶\n\n详见[苏州市生活垃圾分类管理条例](https://www.suzhou.gov.cn/)。',
      department_code: 'urban-mgmt',
      source_document: '苏州市生活垃圾分类管理条例',
      source_date: '2020-06-01',
      public: true,
    };
    const fund = {
      title: '租房提取住房公积金怎么办理',
      body: '无房职工租房自住的，可每年提取一次住房公积金，凭租赁备案证明在公积金中心或网上办理。',
      department_code: 'housing',
      public: true,
      note: '根据新政策',
    };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [operator, dispatcher, supervisor, fieldWorker] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'fieldworker',
      );
      [housing, housingHead, urban, urbanHead] = await Client.loginAll(
        app,
        'handler.housing',
        'head.housing',
        'handler.urban-mgmt',
        'head.urban-mgmt',
      );
      resident = await Client.resident(app, otps, '13812345678');
      category = (
        await t.ctx.db
          .selectFrom('categories')
          .select('code')
          .where('jurisdiction_id', '=', J)
          .where('level', '=', 2)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
    });
    after(() => closeTestApp(app, t));

    test('a handler proposes; the draft is not searchable; the owning head approves it', async () => {
      const draft = ok(
        await urban.post('/api/v1/knowledge/articles', { ...garbage, category_code: category }),
        201,
      );
      garbageId = draft.id;
      assert.equal(draft.status, 'draft');
      assert.equal(draft.version, 0);
      assert.deepEqual(draft.can, { propose: true, review: false });
      assert.equal(draft.revisions.length, 1);
      assert.equal(draft.revisions[0].status, 'pending');
      assert.equal(
        draft.revisions[0].proposed_by,
        '城管 handler'.length ? draft.revisions[0].proposed_by : '',
      );
      assert.ok(draft.revisions[0].changed_fields.includes('title'));
      assert.equal(ok(await operator.get('/api/v1/knowledge/articles?q=垃圾分类')).total, 0);

      // A head of another department and the proposer cannot approve.
      const review = (c: Client, decision: string, note?: string) =>
        c.post(`/api/v1/knowledge/articles/${garbageId}/revisions/1/review`, {
          decision,
          ...(note ? { note } : {}),
        });
      refused(await review(housingHead, 'approve'), 403, 'forbidden');
      refused(await review(urban, 'approve'), 403, 'forbidden');
      const pending = ok(await urbanHead.get('/api/v1/knowledge/revisions'));
      assert.deepEqual(
        pending.items.map((p: any) => p.article_id),
        [garbageId],
      );
      assert.equal(ok(await housingHead.get('/api/v1/knowledge/revisions')).total, 0);
      assert.equal(ok(await urbanHead.get('/api/v1/knowledge/summary')).pending_reviews, 1);

      const published = ok(await review(urbanHead, 'approve'));
      assert.equal(published.status, 'published');
      assert.equal(published.version, 1);
      assert.equal(published.revisions[0].status, 'approved');
      assert.ok(published.revisions[0].reviewed_by);
      assert.equal(published.revisions[0].published_version, 1);
      assert.equal(published.category.code, category);
      assert.equal(published.department.name, '相城区城市管理局（综合行政执法局）');
      assert.deepEqual(published.blocks[0], {
        t: 'heading',
        level: 1,
        content: [{ t: 'text', text: '投放时间' }],
      });
      assert.ok(JSON.stringify(published.blocks).includes('"t":"link"'));
      refused(await review(urbanHead, 'approve'), 409, 'conflict');
    });

    test('the centre approves a proposal of any department; a rejection needs its reason', async () => {
      fundId = ok(await housing.post('/api/v1/knowledge/articles', fund), 201).id;
      refused(
        await supervisor.post(`/api/v1/knowledge/articles/${fundId}/revisions/1/review`, {
          decision: 'reject',
        }),
        400,
        'validation_failed',
      );
      ok(
        await supervisor.post(`/api/v1/knowledge/articles/${fundId}/revisions/1/review`, {
          decision: 'approve',
        }),
      );
      internalId = ok(
        await dispatcher.post('/api/v1/knowledge/articles', {
          title: '内部口径：小区停车收费争议的转办规则',
          body: '小区内部停车收费争议属物业管理，先转属地街道；涉及公共道路停车收费的转交通运输局。',
          department_code: 'transport',
        }),
        201,
      ).id;
      ok(
        await supervisor.post(`/api/v1/knowledge/articles/${internalId}/revisions/1/review`, {
          decision: 'approve',
        }),
      );
    });

    test('a change is a revision: one waits at a time, rejected with a reason, approved into a new version', async () => {
      const change = { ...fund, body: `${fund.body}\n\n每次提取额度不超过当地规定的月租金标准。` };
      const proposed = ok(await housing.post(`/api/v1/knowledge/articles/${fundId}/revisions`, change), 201);
      assert.deepEqual(proposed.revisions[0].changed_fields, ['body']);
      assert.equal(proposed.version, 1);
      assert.ok(!proposed.body.includes('月租金'), 'the published body is unchanged until approved');
      refused(await housing.post(`/api/v1/knowledge/articles/${fundId}/revisions`, change), 409, 'conflict');
      const rejected = ok(
        await housingHead.post(`/api/v1/knowledge/articles/${fundId}/revisions/2/review`, {
          decision: 'reject',
          note: '额度写具体数字',
        }),
      );
      assert.equal(rejected.revisions[0].status, 'rejected');
      assert.equal(rejected.revisions[0].review_note, '额度写具体数字');
      const unchanged = await housing.post(`/api/v1/knowledge/articles/${fundId}/revisions`, fund);
      refused(unchanged, 400, 'validation_failed');
      ok(
        await housing.post(`/api/v1/knowledge/articles/${fundId}/revisions`, {
          ...change,
          body: `${fund.body}\n\n每次提取额度不超过每月 1500 元。`,
        }),
        201,
      );
      const v2 = ok(
        await housingHead.post(`/api/v1/knowledge/articles/${fundId}/revisions/3/review`, {
          decision: 'approve',
        }),
      );
      assert.equal(v2.version, 2);
      assert.ok(v2.body.includes('1500'));
      assert.deepEqual(
        v2.revisions.map((r: any) => [r.revision, r.status, r.published_version]),
        [
          [3, 'approved', 2],
          [2, 'rejected', null],
          [1, 'approved', 1],
        ],
      );
    });

    test('search: ranked by jieba terms, title first, highlighted; filters', async () => {
      const page = ok(
        await operator.get(`/api/v1/knowledge/articles?q=${encodeURIComponent('租房怎么提取公积金')}`),
      );
      assert.equal(page.items[0].id, fundId);
      assert.ok(page.items[0].rank > 0);
      assert.ok(page.items[0].title_highlight.some((s: any) => s.hit && s.text.includes('公积金')));
      assert.ok(page.items[0].snippet.some((s: any) => s.hit));
      const trash = ok(
        await housing.get(`/api/v1/knowledge/articles?q=${encodeURIComponent('垃圾几点投放')}`),
      );
      assert.equal(trash.items[0].id, garbageId);
      assert.equal(
        ok(await operator.get('/api/v1/knowledge/articles?q=%E7%9A%84')).total,
        0,
        'stopwords only',
      );
      const byDept = ok(await operator.get('/api/v1/knowledge/articles?department=transport'));
      assert.deepEqual(
        byDept.items.map((a: any) => a.id),
        [internalId],
      );
      const byCategory = ok(
        await operator.get(`/api/v1/knowledge/articles?category=${category.slice(0, 2)}`),
      );
      assert.deepEqual(
        byCategory.items.map((a: any) => a.id),
        [garbageId],
      );
      // tsquery operators in a query are only text.
      ok(await operator.get(`/api/v1/knowledge/articles?q=${encodeURIComponent("公积金 & ! | ' :*")}`));
    });

    test('suggestions beside a request and while registering; answer-directly cites the article; the metric', async () => {
      const text = encodeURIComponent('请问租房的话能不能提取住房公积金，要带什么材料');
      const beside = ok(await operator.get(`/api/v1/knowledge/suggestions?text=${text}`));
      assert.equal(beside.items[0].id, fundId);
      const req = ok(
        await operator.post('/api/v1/requests', {
          title: '咨询垃圾分类投放时间',
          body: '小区垃圾分类后每天几点可以投放厨余垃圾？',
          type: '咨询',
          reporter: { name: '李四', phone: '13900002222' },
        }),
        201,
      );
      const suggested = ok(await operator.get(`/api/v1/knowledge/suggestions?request_id=${req.id}`));
      assert.equal(suggested.items[0].id, garbageId);
      assert.equal((await housing.get(`/api/v1/knowledge/suggestions?request_id=${req.id}`)).status, 404);

      refused(
        await operator.act(req.id, 'answer-directly', { text: '见知识库', article_id: 999999 }),
        422,
        'unknown_reference',
      );
      const draftId = ok(
        await urban.post('/api/v1/knowledge/articles', { ...garbage, title: '草稿条目' }),
        201,
      ).id;
      refused(
        await operator.act(req.id, 'answer-directly', { text: '见知识库', article_id: draftId }),
        422,
        'unknown_reference',
      );
      refused(
        await operator.act(req.id, 'answer-directly', { text: '见', article_id: 'x' }),
        400,
        'validation_failed',
      );
      ok(
        await operator.act(req.id, 'answer-directly', {
          text: '每天 7:00–9:00、18:00–20:00 定时定点投放。',
          article_id: garbageId,
        }),
      );
      const detail = ok(await operator.get(`/api/v1/requests/${req.id}`));
      const answered = detail.timeline.find((e: any) => e.type === 'answer-directly');
      assert.equal(answered.payload.article_id, garbageId);
      assert.equal(answered.payload.article_version, 1);

      const other = ok(
        await operator.post('/api/v1/requests', {
          title: '咨询办事时间',
          body: '政务中心周六上班吗',
          type: '咨询',
          reporter: { name: '王五', phone: '13900003333' },
        }),
        201,
      );
      ok(await operator.act(other.id, 'answer-directly', { text: '周六上午办理部分业务。' }));
      const metrics = ok(await supervisor.get('/api/v1/metrics?by=none'));
      assert.deepEqual(metrics.knowledge, {
        registered: 2,
        answered_with_article: 1,
        knowledge_direct_rate: 0.5,
      });
      assert.ok(metrics.definitions.knowledge_direct_rate.zh.startsWith('知识库直办率'));
      const dashboard = ok(await supervisor.get('/api/v1/metrics/dashboard'));
      assert.equal(dashboard.knowledge.answered_with_article, 1);
    });

    test('stale articles are flagged to their owners and cleared by an approved change', async () => {
      await t.ctx.db
        .updateTable('knowledge_articles')
        .set({ updated_at: new Date(Date.now() - 400 * 86_400_000) })
        .where('id', '=', fundId)
        .execute();
      await t.ctx.db
        .updateTable('knowledge_articles')
        .set({ valid_to: '2020-01-01' })
        .where('id', '=', internalId)
        .execute();
      assert.equal(await flagStaleArticles(t.ctx, J), 2);
      assert.equal(await flagStaleArticles(t.ctx, J), 0);
      const mine = ok(await housing.get('/api/v1/knowledge/articles?stale=true&department=housing'));
      assert.deepEqual(
        mine.items.map((a: any) => [a.id, a.stale_reason]),
        [[fundId, 'untouched']],
      );
      assert.equal(ok(await housing.get('/api/v1/knowledge/summary')).stale_articles, 1);
      const expired = ok(await operator.get(`/api/v1/knowledge/articles/${internalId}`));
      assert.equal(expired.stale_reason, 'expired');
      assert.equal(expired.in_force, false);
      // Not suggested once past its valid-to date.
      const parking = ok(
        await operator.get(`/api/v1/knowledge/suggestions?text=${encodeURIComponent('小区停车收费争议')}`),
      );
      assert.ok(!parking.items.some((a: any) => a.id === internalId));
      ok(
        await housing.post(`/api/v1/knowledge/articles/${fundId}/revisions`, {
          ...fund,
          title: '租房提取住房公积金',
        }),
        201,
      );
      ok(
        await housingHead.post(`/api/v1/knowledge/articles/${fundId}/revisions/4/review`, {
          decision: 'approve',
        }),
      );
      assert.equal(ok(await housing.get(`/api/v1/knowledge/articles/${fundId}`)).stale_reason, null);
    });

    test('常见问题: residents and anonymous readers see public articles in force only', async () => {
      const anonymous = new Client(app);
      const page = ok(
        await anonymous.get(`/api/v1/public/knowledge?q=${encodeURIComponent('垃圾投放时间')}`),
      );
      assert.equal(page.items[0].id, garbageId);
      assert.ok(!('status' in page.items[0]) && !('area_codes' in page.items[0]));
      assert.ok(page.items[0].title_highlight.some((s: any) => s.hit));
      const all = ok(await anonymous.get('/api/v1/public/knowledge'));
      const ids = all.items.map((a: any) => a.id);
      assert.ok(ids.includes(garbageId) && ids.includes(fundId) && !ids.includes(internalId));
      ok(await anonymous.get(`/api/v1/public/knowledge/${garbageId}`));
      refused(await anonymous.get(`/api/v1/public/knowledge/${internalId}`), 404, 'not_found');
      refused(await resident.get('/api/v1/knowledge/articles'), 403, 'forbidden');
      refused(await resident.get(`/api/v1/knowledge/articles/${garbageId}`), 403, 'forbidden');
    });

    test('who may propose; bad input is 4xx', async () => {
      const article = { title: '测试', body: '正文', department_code: 'housing' };
      refused(await urban.post('/api/v1/knowledge/articles', article), 403, 'forbidden');
      refused(await fieldWorker.post('/api/v1/knowledge/articles', article), 403, 'forbidden');
      refused(await resident.post('/api/v1/knowledge/articles', article), 403, 'forbidden');
      assert.equal((await new Client(app).post('/api/v1/knowledge/articles', article)).status, 401);
      refused(
        await housing.post(`/api/v1/knowledge/articles/${garbageId}/revisions`, garbage),
        403,
        'forbidden',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', { ...article, title: '' }),
        400,
        'validation_failed',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', {
          ...article,
          valid_from: '2026-02-01',
          valid_to: '2026-01-01',
        }),
        400,
        'validation_failed',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', { ...article, valid_to: '2026-02-30' }),
        400,
        'validation_failed',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', { ...article, department_code: 'nope' }),
        422,
        'unknown_reference',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', { ...article, area_codes: ['nowhere'] }),
        422,
        'unknown_reference',
      );
      refused(
        await operator.post('/api/v1/knowledge/articles', { ...article, extra: 1 }),
        400,
        'validation_failed',
      );
      refused(await operator.get('/api/v1/knowledge/articles/999999'), 404, 'not_found');
      refused(await operator.get('/api/v1/knowledge/suggestions'), 400, 'validation_failed');
      refused(await operator.get(`/api/v1/knowledge/articles?q=${'长'.repeat(501)}`), 400, 'text_too_long');
      refused(
        await supervisor.post(`/api/v1/knowledge/articles/${garbageId}/revisions/99/review`, {
          decision: 'approve',
        }),
        404,
        'not_found',
      );
      refused(await operator.get('/api/v1/knowledge/revisions'), 403, 'forbidden');
      const count = await t.ctx.db
        .selectFrom('knowledge_articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 4, 'no half-written article');
    });
  });
}
