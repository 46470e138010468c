/**
 * 社区点单、部门响应: a community's staff orders a neighbourhood need from a department; the order goes through
 * the lifecycle with the community as requester (it follows up and rates the response, or reopens it), and it
 * counts in the department's metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`community orders (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let community: Client, otherCommunity: Client, housing: Client, housingHead: Client, urban: Client;
    let operator: Client, dispatcher: Client, supervisor: Client;
    let liftId: number, parkingId: number;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [community, otherCommunity] = await Client.loginAll(app, 'handler.guoyuan-cmte', 'head.yuyao-cmte');
      [housing, housingHead] = await Client.loginAll(app, 'handler.housing', 'head.housing');
      urban = await Client.login(app, 'handler.urban-mgmt');
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
    });
    after(() => closeTestApp(app, t));

    test('a community orders a lift from 住建局: dispatched at once, the community as requester', async () => {
      const orderLift = () =>
        community.post(
          '/api/v1/orders',
          {
            title: '老旧小区加装电梯',
            body: '果园社区12幢、14幢为六层老楼，居民多为老人，申请协调加装电梯。',
            department_code: 'housing',
            address: '果园社区12幢',
          },
          { 'idempotency-key': 'order-lift-1' },
        );
      const order = ok(await orderLift(), 201);
      liftId = order.id;
      assert.equal(order.channel, 'community');
      assert.equal(order.status, 'dispatched');
      assert.equal(order.department_code, 'housing');
      assert.equal(order.requester_department_code, 'guoyuan-cmte');
      assert.equal(order.place.area_code, 'xc-wangting-guoyuan');
      assert.deepEqual(order.reporter, { name: null, phone: null });
      assert.ok(Date.parse(order.deadlines.reply_by) > Date.now());
      const replay = await orderLift();
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, liftId);
      const timeline = ok(await community.get(`/api/v1/requests/${liftId}`)).timeline;
      assert.deepEqual(
        timeline.map((e: any) => [e.type, e.to_status]),
        [
          ['register', 'registered'],
          ['dispatch', 'dispatched'],
        ],
      );
      assert.equal(timeline[1].payload.via, 'community_order');
    });

    test('who may order, and bad orders', async () => {
      const body = { title: '停车难', body: '小区周边停车难' };
      for (const c of [housing, operator, dispatcher, supervisor])
        assert.equal((await c.post('/api/v1/orders', body)).status, 403);
      assert.equal((await new Client(app).post('/api/v1/orders', body)).status, 401);
      const unknown = await community.post('/api/v1/orders', { ...body, department_code: 'nope' });
      assert.equal(unknown.status, 422);
      const self = await community.post('/api/v1/orders', { ...body, department_code: 'guoyuan-cmte' });
      assert.equal(self.status, 400);
      assert.equal((await community.post('/api/v1/orders', { ...body, title: '' })).status, 400);
      assert.equal((await community.post('/api/v1/orders', { ...body, area_code: 'nowhere' })).status, 422);
    });

    test('the department handles it; another community cannot see it; the community rates the response', async () => {
      assert.equal((await otherCommunity.get(`/api/v1/requests/${liftId}`)).status, 404);
      assert.equal((await urban.get(`/api/v1/requests/${liftId}`)).status, 404);
      // the community is the requester, not the handler: it cannot sign
      assert.equal((await community.act(liftId, 'sign')).status, 403);
      ok(await housing.act(liftId, 'sign'));
      ok(await housing.act(liftId, 'contact', { note: '已与社区对接，现场踏勘' }));
      const replied = ok(
        await housing.act(liftId, 'reply', { text: '已纳入年度加装电梯计划，12幢10月开工。' }),
      );
      assert.equal(replied.status, 'replied');
      const seen = ok(await community.get(`/api/v1/requests/${liftId}`));
      assert.ok(seen.allowed_actions.includes('follow-up'), JSON.stringify(seen.allowed_actions));
      assert.equal(
        (await otherCommunity.act(liftId, 'follow-up', { resolved: true, satisfaction: 'satisfied' }, 1))
          .status,
        404,
      );
      const rated = ok(
        await community.act(liftId, 'follow-up', { resolved: true, satisfaction: 'satisfied' }),
      );
      assert.equal(rated.followup.by, 'community');
      assert.equal(
        (await community.act(liftId, 'follow-up', { resolved: true, satisfaction: 'satisfied' })).status,
        409,
      );
      ok(await operator.act(liftId, 'close'));
    });

    test('an order without a department waits for the dispatcher; unsatisfied, the community reopens it', async () => {
      const order = ok(
        await community.post('/api/v1/orders', {
          title: '垃圾分类投放点异味',
          body: '小区垃圾分类投放点夏季异味大，请协调增加清运频次。',
          type: '建议',
        }),
        201,
      );
      parkingId = order.id;
      assert.equal(order.status, 'registered');
      const queue = ok(await dispatcher.get('/api/v1/requests?status=registered'));
      assert.ok(queue.items.some((r: any) => r.id === parkingId));
      ok(await dispatcher.act(parkingId, 'dispatch', { department_code: 'urban-mgmt' }));
      ok(await urban.act(parkingId, 'sign'));
      ok(await urban.act(parkingId, 'reply', { text: '已增加清运频次至每日两次。' }));
      ok(
        await community.act(parkingId, 'follow-up', {
          resolved: false,
          satisfaction: 'unsatisfied',
          note: '仍有异味',
        }),
      );
      const reopened = ok(await community.act(parkingId, 'reopen', { reason: '居民反映异味仍未解决' }));
      assert.equal(reopened.status, 'in_progress');
      assert.equal((await otherCommunity.act(parkingId, 'reopen', { reason: 'x' }, 1)).status, 404);
    });

    test('orders lists: placed by the community, received by the department', async () => {
      const placed = ok(await community.get('/api/v1/orders?role=placed'));
      assert.deepEqual(placed.items.map((r: any) => r.id).sort(), [liftId, parkingId].sort());
      const received = ok(await housingHead.get('/api/v1/orders?role=received'));
      assert.deepEqual(
        received.items.map((r: any) => r.id),
        [liftId],
      );
      assert.equal(ok(await otherCommunity.get('/api/v1/orders')).total, 0);
      assert.equal(ok(await supervisor.get('/api/v1/orders?community=guoyuan-cmte')).total, 2);
      // the community's own request list shows its orders too
      const mine = ok(await community.get('/api/v1/requests'));
      assert.deepEqual(mine.items.map((r: any) => r.id).sort(), [liftId, parkingId].sort());
    });

    test("orders count in the responding department's metrics", async () => {
      const m = ok(await supervisor.get('/api/v1/metrics?by=department'));
      const g = (code: string) => m.groups.find((x: any) => x.key === code);
      const h = g('housing');
      assert.deepEqual([h.total, h.dispatched, h.followed_up, h.resolved, h.satisfied], [1, 1, 1, 1, 1]);
      assert.equal(h.satisfaction_rate, 1);
      const u = g('urban-mgmt');
      assert.deepEqual([u.total, u.followed_up, u.satisfied], [1, 1, 0]);
      const head = ok(await housingHead.get('/api/v1/metrics?by=department'));
      assert.equal(head.overall.total, 1);
    });
  });
}
