/**
 * Field visits (两进两问 / 三联三解): a visit with three needs creates three linked requests, once, however many
 * times the phone submits it (Idempotency-Key, also when two submissions race); campaign progress against the
 * plan per visitor and area; who sees what; bad input is a 4xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

const J = 'xiangcheng';

for (const kind of dbKinds()) {
  describe(`field visits (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let fieldworker: Client, supervisor: Client, official: Client, handler: Client, operator: Client;
    let fieldworkerId: number, officialId: number;
    let campaignId: number;
    let visitId: number;
    let requestIds: number[];

    const visitBody = (over: Record<string, unknown> = {}) => ({
      campaign_id: campaignId,
      visitor_kind: 'deputy',
      visitee: { kind: 'household', name: '孙银龙', phone: '13912340000' },
      visited_at: new Date(Date.now() - 3_600_000).toISOString(),
      area_code: 'xc-wangting-guoyuan',
      address: '果园社区12幢',
      notes: '与住户坐在一起、聊在一处，问民生需求、问意见建议',
      needs: [
        { title: '金蠡路积水', body: '金蠡路部分路段凹凸不平，容易积水', type: '投诉' },
        { title: '树木影响出行', body: '小区门口树木影响出行，遮挡路口视线', type: '建议' },
        { body: '希望增设老年助餐点', type: '求助' },
      ],
      ...over,
    });
    const count = async (table: 'visits' | 'requests') =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('jurisdiction_id', '=', J)
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [fieldworker, supervisor, operator] = await Client.loginAll(
        app,
        'fieldworker',
        'supervisor',
        'operator',
      );
      [official, handler] = await Client.loginAll(app, 'head.civil-affairs', 'handler.housing');
      const ids = await t.ctx.db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'in', ['fieldworker', 'head.civil-affairs'])
        .execute();
      fieldworkerId = ids.find((u) => u.username === 'fieldworker')!.id;
      officialId = ids.find((u) => u.username === 'head.civil-affairs')!.id;
    });
    after(() => closeTestApp(app, t));

    test('a supervisor plans a 两进两问 campaign per visitor and area', async () => {
      const c = ok(
        await supervisor.post('/api/v1/campaigns', {
          kind: 'liangjin_liangwen',
          name: '人大代表“两进两问”',
          starts_on: '2021-07-01',
          ends_on: '2099-12-31',
          targets: [
            { visitor_user_id: fieldworkerId, area_code: 'xc-wangting', planned_visits: 4 },
            { visitor_user_id: officialId, planned_visits: 2 },
            { area_code: 'xc-yuanhe', planned_visits: 5 },
          ],
        }),
        201,
      );
      campaignId = c.id;
      assert.equal(c.kind_label, '两进两问');
      assert.equal((await fieldworker.post('/api/v1/campaigns', { kind: 'custom', name: 'x' })).status, 403);
      const bad = await supervisor.post('/api/v1/campaigns', {
        kind: 'custom',
        name: 'x',
        targets: [{ area_code: 'nowhere', planned_visits: 1 }],
      });
      assert.equal(bad.status, 422);
      assert.equal(
        (
          await supervisor.post('/api/v1/campaigns', {
            kind: 'custom',
            name: 'x',
            targets: [{ planned_visits: 1 }],
          })
        ).status,
        400,
      );
    });

    test('a visit with three needs creates three linked requests, once, even when submitted twice', async () => {
      const [visits0, requests0] = [await count('visits'), await count('requests')];
      const key = { 'idempotency-key': 'draft-7f3a-0001' };
      const body = visitBody();
      const first = ok(await fieldworker.post('/api/v1/visits', body, key), 201);
      visitId = first.id;
      requestIds = first.request_ids;
      assert.equal(requestIds.length, 3);
      assert.equal(first.needs.length, 3);
      assert.equal(first.visitor.kind, 'deputy');
      assert.equal(first.visitee.label, '孙**家 139****0000');
      assert.ok(!JSON.stringify(first).includes('孙银龙') && !JSON.stringify(first).includes('13912340000'));

      const second = await fieldworker.post('/api/v1/visits', body, key);
      assert.equal(second.status, 200);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(second.body.id, visitId);
      assert.deepEqual(second.body.request_ids, requestIds);
      assert.equal(await count('visits'), visits0 + 1);
      assert.equal(await count('requests'), requests0 + 3);

      for (const id of requestIds) {
        const r = ok(await fieldworker.get(`/api/v1/requests/${id}`));
        assert.equal(r.channel, 'visit');
        assert.equal(r.visit_id, visitId);
        assert.equal(r.status, 'registered');
        assert.equal(r.place.area_code, 'xc-wangting-guoyuan');
        assert.deepEqual(r.reporter, { name: '孙**', phone: '139****0000' });
        assert.equal(r.timeline[0].payload.visit_id, visitId);
      }
      const row = await t.ctx.db
        .selectFrom('visits')
        .selectAll()
        .where('id', '=', visitId)
        .executeTakeFirstOrThrow();
      assert.equal(t.ctx.vault.decrypt(row.visitee_phone_enc!), '13912340000');
      assert.notEqual(row.visitee_name_enc, '孙银龙');

      // the same key with another body is a conflict, and writes nothing
      const changed = await fieldworker.post('/api/v1/visits', visitBody({ notes: '改过的草稿' }), key);
      assert.equal(changed.status, 409);
      assert.equal(changed.body.error.code, 'idempotency_conflict');
      assert.equal(await count('requests'), requests0 + 3);
    });

    test('two submissions racing with one key make one visit', async () => {
      const before = [await count('visits'), await count('requests')];
      const key = { 'idempotency-key': 'draft-race-0002' };
      const body = visitBody({
        visitee: { kind: 'enterprise', name: '春星科技有限公司' },
        needs: [{ body: '企业门前道路破损' }],
      });
      const [a, b] = await Promise.all([
        fieldworker.post('/api/v1/visits', body, key),
        fieldworker.post('/api/v1/visits', body, key),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 201]);
      assert.equal(a.body.id, b.body.id);
      assert.deepEqual(a.body.request_ids, b.body.request_ids);
      assert.deepEqual([await count('visits'), await count('requests')], [before[0]! + 1, before[1]! + 1]);
      assert.equal(a.body.visitee.label, '春星科技有限公司');
      // the same key from another user is another draft
      const other = ok(
        await official.post('/api/v1/visits', { ...body, visitor_kind: 'official' }, key),
        201,
      );
      assert.notEqual(other.id, a.body.id);
    });

    test('bad visits are refused whole, with a 4xx, and nothing is written', async () => {
      const before = [await count('visits'), await count('requests')];
      const cases: [Record<string, unknown>, number, string][] = [
        [
          visitBody({ visited_at: new Date(Date.now() + 86_400_000).toISOString() }),
          400,
          'validation_failed',
        ],
        [visitBody({ visited_at: 'yesterday' }), 400, 'validation_failed'],
        [visitBody({ area_code: 'nowhere' }), 422, 'unknown_reference'],
        [visitBody({ campaign_id: 999999 }), 422, 'unknown_reference'],
        [
          visitBody({ needs: [{ body: '好' }, { body: '坏', category_code: 'nope' }] }),
          422,
          'unknown_reference',
        ],
        [visitBody({ needs: Array.from({ length: 21 }, () => ({ body: 'x' })) }), 400, 'validation_failed'],
        [visitBody({ visitee: { kind: 'alien' } }), 400, 'validation_failed'],
        [visitBody({ lat: 10, lon: 10 }), 422, 'outside_jurisdiction'],
      ];
      for (const [body, status, code] of cases) {
        const res = await fieldworker.post('/api/v1/visits', body, {
          'idempotency-key': `bad-${Math.random()}`,
        });
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error.code, code);
      }
      assert.equal(
        (await fieldworker.post('/api/v1/visits', visitBody(), { 'idempotency-key': '' })).status,
        400,
      );
      assert.equal((await new Client(app).post('/api/v1/visits', visitBody())).status, 401);
      assert.deepEqual([await count('visits'), await count('requests')], before);
    });

    test('who sees visits: the visitor their own, the centre all, others none of them', async () => {
      const mine = ok(await fieldworker.get('/api/v1/visits'));
      assert.equal(mine.total, 2);
      assert.ok(mine.items.every((v: any) => v.visitor.user_id === fieldworkerId));
      assert.equal(ok(await supervisor.get('/api/v1/visits')).total, 3);
      assert.equal(
        ok(await supervisor.get(`/api/v1/visits?campaign_id=${campaignId}&area=xc-wangting`)).total,
        3,
      );
      assert.equal(ok(await handler.get('/api/v1/visits')).total, 0);
      assert.equal((await handler.get(`/api/v1/visits/${visitId}`)).status, 404);
      const detail = ok(await operator.get(`/api/v1/visits/${visitId}`));
      assert.deepEqual(
        detail.needs.map((n: any) => n.request_id),
        requestIds,
      );
      assert.equal((await fieldworker.get('/api/v1/visits?page_size=0')).status, 400);
    });

    test('campaign progress: visits done against the plan per target, visitor and area', async () => {
      ok(
        await official.post(
          '/api/v1/visits',
          {
            ...visitBody({ visitor_kind: 'official', area_code: 'xc-yuanhe-yuyao', needs: [] }),
          },
          { 'idempotency-key': 'official-2' },
        ),
        201,
      );
      const p = ok(await supervisor.get(`/api/v1/campaigns/${campaignId}/progress`));
      assert.equal(p.campaign.name, '人大代表“两进两问”');
      assert.deepEqual(p.totals, { planned: 11, done: 4, needs: 5, rate: 0.3636 });
      assert.deepEqual(
        p.targets.map((x: any) => [
          x.visitor?.user_id ?? null,
          x.area?.code ?? null,
          x.planned_visits,
          x.done,
        ]),
        [
          [fieldworkerId, 'xc-wangting', 4, 2],
          [officialId, null, 2, 2],
          [null, 'xc-yuanhe', 5, 1],
        ],
      );
      const fw = p.by_visitor.find((v: any) => v.visitor.user_id === fieldworkerId);
      assert.deepEqual([fw.planned, fw.done, fw.needs, fw.rate], [4, 2, 4, 0.5]);
      assert.deepEqual(
        p.by_area.map((a: any) => [a.area.name, a.planned, a.done]),
        [
          ['望亭镇', 4, 3],
          ['元和街道', 5, 1],
        ],
      );
      // a new plan replaces the old one
      const replanned = ok(
        await supervisor.request('PUT', `/api/v1/campaigns/${campaignId}/targets`, {
          targets: [{ area_code: 'xc-wangting-guoyuan', planned_visits: 3 }],
        }),
      );
      assert.deepEqual(replanned.totals, { planned: 3, done: 4, needs: 5, rate: 1.3333 });
      assert.equal((await supervisor.get('/api/v1/campaigns/999999/progress')).status, 404);
      assert.equal(ok(await supervisor.get('/api/v1/campaigns')).items.length, 1);
    });
  });
}
