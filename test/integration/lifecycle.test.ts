import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`request lifecycle walk as each demo user (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const otps = new Map<string, string>();
    let operator: Client, dispatcher: Client, supervisor: Client;
    let housing: Client, urban: Client, urbanHead: Client, resident: Client;
    let id: number;
    const phone = '13812345678';

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      [housing, urban] = await Client.loginAll(app, 'handler.housing', 'handler.urban-mgmt');
      urbanHead = await Client.login(app, 'head.urban-mgmt');
    });
    after(() => closeTestApp(app, t));

    const get = async (c: Client) => (await c.get(`/api/v1/requests/${id}`)).body;

    test('the operator registers a call; the reporter is masked and encrypted at rest', async () => {
      const body = ok(
        await operator.post('/api/v1/requests', {
          title: '金蠡路路面积水',
          body: '金蠡路部分路段凹凸不平，容易积水，下雨天行人无法通行。联系电话13900001111',
          type: '投诉',
          area_code: 'xc-wangting-guoyuan',
          reporter: { name: '张三丰', phone },
        }),
        201,
      );
      id = body.id;
      assert.equal(body.status, 'registered');
      assert.match(body.ticket_no, /^\d{8}\d{6,}$/);
      assert.deepEqual(body.reporter, { name: '张**', phone: '138****5678' });
      assert.ok(body.allowed_actions.includes('answer-directly'));
      const row = await t.ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(row.reporter_phone_enc && !row.reporter_phone_enc.includes(phone));
      assert.notEqual(row.reporter_name_enc, '张三丰');
      assert.equal(t.ctx.vault.decrypt(row.reporter_phone_enc!), phone);
    });

    test('the dispatcher dispatches to 住建局 with deadlines on working days', async () => {
      const body = ok(await dispatcher.act(id, 'dispatch', { department_code: 'housing' }));
      assert.equal(body.status, 'dispatched');
      assert.equal(body.department_code, 'housing');
      for (const k of ['sign_by', 'contact_by', 'reply_by'])
        assert.ok(Date.parse(body.deadlines[k]) > Date.now(), k);
      assert.ok(Date.parse(body.deadlines.reply_by) > Date.parse(body.deadlines.sign_by));
    });

    test('another department cannot see it (404), and the dispatcher cannot sign it (403)', async () => {
      assert.equal((await urban.get(`/api/v1/requests/${id}`)).status, 404);
      assert.equal((await urban.act(id, 'sign', {}, 1)).status, 404);
      const res = await dispatcher.act(id, 'sign');
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    });

    test('the handler signs, then returns it with a reason; it is back in the dispatch queue', async () => {
      ok(await housing.act(id, 'sign'));
      const body = ok(await housing.act(id, 'return', { reason: '道路积水属城管职责' }));
      assert.equal(body.status, 'returned');
      assert.equal(body.department_code, null);
      assert.equal(body.return_count, 1);
      assert.equal((await housing.get(`/api/v1/requests/${id}`)).status, 404);
      const queue = ok(await dispatcher.get('/api/v1/requests?status=registered,returned&page_size=200'));
      const mine = queue.items.find((r: any) => r.id === id);
      assert.equal(mine.last_return_reason, '道路积水属城管职责');
    });

    test('an illegal action answers 409 illegal_transition with the state and the allowed actions', async () => {
      const res = await dispatcher.act(id, 'close');
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'illegal_transition');
      assert.equal(res.body.error.details.status, 'returned');
      assert.ok(res.body.error.details.allowed_actions.includes('dispatch'));
      assert.ok(res.body.error.message && res.body.error.message_en);
    });

    test('a stale expected_version answers 409 version_conflict', async () => {
      const current = (await get(dispatcher)).version;
      const res = await dispatcher.act(id, 'dispatch', { department_code: 'urban-mgmt' }, current - 1);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'version_conflict');
      assert.equal(res.body.error.details.current_version, current);
    });

    test('re-dispatch to 城管; sign, contact, extension requested and approved by the head', async () => {
      ok(await dispatcher.act(id, 'dispatch', { department_code: 'urban-mgmt', note: '改派城管' }));
      ok(await urban.act(id, 'sign'));
      ok(await urban.act(id, 'contact', { note: '已联系群众，约定明日现场查看' }));
      const before = (await get(urban)).deadlines.reply_by;
      const ext = ok(
        await urban.act(id, 'request-extension', { working_days: 5, reason: '需协调排水公司施工' }),
      );
      assert.equal(ext.extension_pending.working_days, 5);
      assert.equal((await urban.act(id, 'reply', { text: 'x' })).status, 409);
      assert.equal((await urban.act(id, 'approve-extension')).status, 403);
      const approved = ok(await urbanHead.act(id, 'approve-extension'));
      assert.equal(approved.extension_pending, null);
      assert.ok(Date.parse(approved.deadlines.reply_by) > Date.parse(before));
    });

    test('the handler reveals the contact on an explicit, logged action', async () => {
      const body = ok(await urban.act(id, 'reveal-contact'));
      assert.deepEqual(body.contact, { name: '张三丰', phone });
      assert.ok(
        body.timeline.some(
          (e: any) => e.type === 'reveal-contact' && !JSON.stringify(e.payload).includes(phone),
        ),
      );
      assert.equal((await supervisor.act(id, 'reveal-contact')).status, 403);
    });

    test('reply, follow-up unsatisfied by the operator, reopen, reply again', async () => {
      ok(await urban.act(id, 'reply', { text: '已安排施工队对路面进行修补，预计三日内完成。' }));
      const fu = ok(
        await operator.act(id, 'follow-up', {
          resolved: false,
          satisfaction: 'unsatisfied',
          note: '群众称仍积水',
        }),
      );
      assert.equal(fu.followup.by, 'operator');
      const reopened = ok(await operator.act(id, 'reopen', { reason: '群众反映仍然积水' }));
      assert.equal(reopened.status, 'in_progress');
      assert.equal(reopened.reopen_count, 1);
      ok(await urban.act(id, 'reply', { text: '已完成排水管疏通和路面修补。' }));
    });

    test('the resident logs in by phone, sees a plain timeline and rates it satisfied, once', async () => {
      ok(await new Client(app).post('/api/v1/auth/otp', { phone }));
      const code = otps.get(phone)!;
      assert.match(code, /^\d{6}$/);
      const login = ok(await new Client(app).post('/api/v1/auth/otp/verify', { phone, code }));
      resident = Client.withToken(app, login.token);
      const mine = ok(await resident.get('/api/v1/requests'));
      assert.deepEqual(
        mine.items.map((r: any) => r.id),
        [id],
      );
      const view = await get(resident);
      assert.ok(
        view.timeline.every(
          (e: any) => !['return', 'add-note', 'reveal-contact', 'request-extension'].includes(e.type),
        ),
      );
      assert.ok(view.timeline.every((e: any) => !/承办人/.test(e.actor)));
      const rated = ok(await resident.act(id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      assert.equal(rated.followup.by, 'reporter');
      assert.equal(
        (await resident.act(id, 'follow-up', { resolved: true, satisfaction: 'satisfied' })).status,
        409,
      );
    });

    test('the operator closes; the full timeline is in order with actors and payloads', async () => {
      const closed = ok(await operator.act(id, 'close'));
      assert.equal(closed.status, 'closed');
      const types = closed.timeline.map((e: any) => e.type);
      assert.deepEqual(types, [
        'register',
        'dispatch',
        'sign',
        'return',
        'dispatch',
        'sign',
        'contact',
        'request-extension',
        'approve-extension',
        'reveal-contact',
        'reply',
        'follow-up',
        'reopen',
        'reply',
        'follow-up',
        'close',
      ]);
      assert.deepEqual(
        closed.timeline.map((e: any) => e.seq),
        types.map((_: string, i: number) => i + 1),
      );
      assert.equal(closed.timeline[3].payload.text, '道路积水属城管职责');
      assert.equal(closed.allowed_actions.length, 0);
    });

    test('the supervisor sees it in the metrics of 城管', async () => {
      const m = ok(await supervisor.get('/api/v1/metrics?by=department'));
      const urbanRow = m.groups.find((g: any) => g.key === 'urban-mgmt');
      assert.equal(urbanRow.followed_up, 1);
      assert.equal(urbanRow.satisfied, 1);
      assert.equal(urbanRow.satisfaction_rate, 1);
      assert.equal((await housing.get('/api/v1/metrics')).status, 403);
    });

    test('without a session the API answers 401', async () => {
      const res = await new Client(app).get(`/api/v1/requests/${id}`);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'unauthenticated');
    });
  });
}
