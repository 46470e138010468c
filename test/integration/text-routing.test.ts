import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { correctedExamples } from '../../src/text/corrections.js';
import { triageQueue } from '../../src/triage/queue.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, testApp } from '../support/http.js';

const WAGES = {
  title: '公司拖欠农民工工资半年',
  body: '我们在某建筑工地干活，包工头拖欠我们二十多名农民工半年工资，多次讨要无果，请劳动监察部门帮助追讨。',
};

for (const kind of dbKinds()) {
  describe(`classification and routing at registration (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client;

    before(async () => {
      t = await openTestContext(kind, { BANSHI_AUTO_DISPATCH_THRESHOLD: '0.8' });
      app = await testApp(t.ctx);
      [operator, dispatcher] = await Client.loginAll(app, 'operator', 'dispatcher');
    });
    after(() => closeTestApp(app, t));

    test('a confident classification is dispatched by triage, and the event says the machine decided', async () => {
      const res = await operator.post('/api/v1/requests', { ...WAGES, reporter: { phone: '13800001111' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'registered', 'answered once committed, before triage');
      assert.equal(res.body.suggestions, null, 'classified by triage, after the answer');
      await triageQueue(t.ctx.db).idle();
      const detail = (await dispatcher.get(`/api/v1/requests/${res.body.id}`)).body;
      const s = detail.suggestions;
      assert.equal(s.categories[0].name, '劳动和社会保障');
      assert.ok(s.categories[0].confidence >= 0.8, String(s.categories[0].confidence));
      assert.equal(s.categories[0].code, '15', 'the 一级 code of 劳动和社会保障 in the shipped taxonomy');
      assert.equal(detail.status, 'dispatched');
      assert.equal(detail.department_code, 'hrss');
      const auto = detail.timeline.find((e: any) => e.type === 'auto-dispatch');
      assert.ok(auto, JSON.stringify(detail.timeline));
      assert.equal(auto.actor_role, 'system');
      assert.equal(auto.payload.auto, true);
      assert.equal(s.department_rule, 'category_keywords', '工资 marks 劳动和社会保障 › 工资福利 › 工资发放');
      assert.equal(auto.payload.confidence, s.department_confidence);
      assert.equal(auto.payload.category_code, s.category_code);
      assert.equal(auto.payload.model, s.model);
      assert.equal(auto.payload.department_code, 'hrss');
    });

    test('a street-vending call is routed by its finest category to 城管, not to the 一级 default 住建局', async () => {
      const res = await operator.post('/api/v1/requests', {
        title: '小区门口有人占道经营',
        body: '每天晚上小区门口很多摊贩摆摊，占用人行道，影响通行。',
        reporter: { phone: '13800001112' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await triageQueue(t.ctx.db).idle();
      const detail = (await dispatcher.get(`/api/v1/requests/${res.body.id}`)).body;
      assert.equal(detail.suggestions.categories[0].name, '城乡建设');
      assert.equal(detail.suggestions.department_code, 'urban-mgmt');
      assert.equal(detail.department_code, 'urban-mgmt');
      const fine = await t.ctx.db
        .selectFrom('categories')
        .select('name')
        .where('code', '=', detail.category_code)
        .executeTakeFirstOrThrow();
      assert.equal(fine.name, '城管执法');
    });

    test('below the threshold the request waits for a dispatcher with the suggestions shown', async () => {
      const strict = await openTestContext(kind, { BANSHI_AUTO_DISPATCH_THRESHOLD: '1' });
      const strictApp = await testApp(strict.ctx);
      try {
        const op = await Client.login(strictApp, 'operator');
        const res = await op.post('/api/v1/requests', { ...WAGES, reporter: { phone: '13800001111' } });
        assert.equal(res.status, 201);
        assert.equal(res.body.status, 'registered');
        assert.equal(res.body.department_code, null);
        await triageQueue(strict.ctx.db).idle();
        const queue = (
          await (await Client.login(strictApp, 'dispatcher')).get('/api/v1/requests?status=registered')
        ).body;
        const waiting = queue.items.find((r: any) => r.id === res.body.id);
        assert.equal(waiting.suggestions.categories.length, 3);
        assert.equal(waiting.suggestions.department_code, 'hrss');
      } finally {
        await strictApp.close();
        await strict.close();
      }
    });

    test("a dispatcher's override is stored and becomes a training example", async () => {
      const res = await operator.post('/api/v1/requests', {
        title: '小区门口道路坑洼',
        body: '小区门口道路坑洼不平，下雨积水，电动车经常摔倒。',
        type: '投诉',
        reporter: { phone: '13800002222' },
      });
      assert.equal(res.status, 201);
      const id = res.body.id;
      await triageQueue(t.ctx.db).idle();
      const suggested = (await dispatcher.get(`/api/v1/requests/${id}`)).body.suggestions.categories[0].code;
      // Route it somewhere else than suggested: 交通运输 (06), or 城乡建设 (01) when that was the suggestion.
      const [chosen, department, label] =
        suggested === '06' ? ['01', 'urban-mgmt', '城乡建设'] : ['06', 'transport', '交通运输'];
      const dispatched = await dispatcher.act(id, 'dispatch', {
        department_code: department,
        category_code: `${chosen}01`,
      });
      assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
      const ev = dispatched.body.timeline.filter((e: any) => e.type === 'dispatch').at(-1);
      assert.equal(ev.payload.corrected_suggestion, true);
      const rows = await t.ctx.db
        .selectFrom('classification_corrections')
        .selectAll()
        .where('request_id', '=', id)
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.chosen_department_code, department);
      assert.equal(rows[0]!.suggested_category_code, suggested);
      const examples = await correctedExamples(t.ctx.db, 'xiangcheng');
      assert.ok(examples.some((e) => e.label === label && e.title === '小区门口道路坑洼'));
    });

    test('a registered request lists probable duplicates, and a repeat waits for the dispatcher', async () => {
      const report = {
        title: '果园社区门口路灯不亮',
        body: '望亭镇果园社区南门口的三盏路灯已经坏了一个星期，晚上漆黑一片，老人出行很不安全，请尽快维修。',
        type: '投诉',
        area_code: 'xc-wangting-guoyuan',
      };
      const first = await operator.post('/api/v1/requests', {
        ...report,
        reporter: { phone: '13800004444' },
      });
      assert.equal(first.status, 201);
      const second = await operator.post('/api/v1/requests', {
        ...report,
        body: report.body.replace('一个星期', '好几天'),
        reporter: { phone: '13800005555' },
      });
      assert.equal(second.status, 201);
      await triageQueue(t.ctx.db).idle();
      const detail = (await dispatcher.get(`/api/v1/requests/${second.body.id}`)).body;
      const candidate = detail.duplicate_candidates.find((c: any) => c.id === first.body.id);
      assert.ok(candidate, JSON.stringify(detail.duplicate_candidates));
      assert.ok(candidate.score >= 0.5 && candidate.score <= 1, String(candidate.score));
      assert.ok(detail.suggestions.categories[0].confidence > 0.8, 'confident enough to go out alone');
      assert.equal(detail.status, 'registered', 'a probable repeat is not auto-dispatched');
      const merged = await dispatcher.act(second.body.id, 'merge', { into_id: first.body.id });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.status, 'merged');
      const unrelated = await operator.post('/api/v1/requests', {
        ...WAGES,
        area_code: 'xc-wangting-guoyuan',
        reporter: { phone: '13800006666' },
      });
      await triageQueue(t.ctx.db).idle();
      const other = (await dispatcher.get(`/api/v1/requests/${unrelated.body.id}`)).body;
      assert.ok(!(other.duplicate_candidates ?? []).some((c: any) => c.id === first.body.id));
    });

    test('agreeing with the suggestion records no correction', async () => {
      const strict = await openTestContext(kind, { BANSHI_AUTO_DISPATCH_THRESHOLD: '1' });
      const strictApp = await testApp(strict.ctx);
      try {
        const op = await Client.login(strictApp, 'operator');
        const disp = await Client.login(strictApp, 'dispatcher');
        const res = await op.post('/api/v1/requests', { ...WAGES, reporter: { phone: '13800003333' } });
        await triageQueue(strict.ctx.db).idle();
        const { suggestions } = (await disp.get(`/api/v1/requests/${res.body.id}`)).body;
        assert.equal(suggestions.categories[0].code, '15', 'the suggestion agreed with');
        const ok = await disp.act(res.body.id, 'dispatch', {
          department_code: 'hrss',
          category_code: '1501',
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        const rows = await strict.ctx.db.selectFrom('classification_corrections').selectAll().execute();
        assert.equal(rows.length, 0, JSON.stringify({ rows, suggestions }));
      } finally {
        await strictApp.close();
        await strict.close();
      }
    });
  });
}
