/**
 * A caller's earlier requests, found by their phone's keyed hash (issue 13, missing item 1): beside the
 * registration form and in the staff search by phone; only the centre's staff may look; every look-up is written
 * to caller_lookups (who, when, which hash, why) and the number itself is stored nowhere in clear.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const PHONE = '13900001111';

for (const kind of dbKinds()) {
  describe(`caller history (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, supervisor: Client, handler: Client, fieldworker: Client, head: Client;
    let operatorId: number;
    const tickets: string[] = [];

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [operator, supervisor, handler, fieldworker, head] = await Client.loginAll(
        app,
        'operator',
        'supervisor',
        'handler.housing',
        'fieldworker',
        'head.housing',
      );
      operatorId = (
        await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'operator')
          .executeTakeFirstOrThrow()
      ).id;
      for (const [phone, body] of [
        ['139-0000-1111', '第一次来电：路灯不亮'],
        ['13800009999', '别人的来电'],
        ['+86 139 0000 1111', '第二次来电：路灯还是不亮'],
        ['１３９００００１１１１', '第三次来电：催办路灯'],
      ]) {
        const r = ok(await operator.post('/api/v1/requests', { body, reporter: { phone } }), 201);
        if (body !== '别人的来电') tickets.push(r.ticket_no);
      }
    });
    after(() => closeTestApp(app, t));

    const lookups = () => t.ctx.db.selectFrom('caller_lookups').selectAll().orderBy('id').execute();

    test('the operator sees the caller’s requests, newest first, and the look-up is logged', async () => {
      const before = (await lookups()).length;
      const h = ok(
        await operator.get(`/api/v1/callers/history?phone=${encodeURIComponent('139 0000 1111')}`),
      );
      assert.equal(h.phone, '139****1111');
      assert.equal(h.total, 3);
      assert.deepEqual(
        h.items.map((i: { ticket_no: string }) => i.ticket_no),
        [...tickets].reverse(),
      );
      assert.equal(h.items[0].status, 'registered');
      assert.equal(h.items[0].title, '第三次来电：催办路灯');
      const log = await lookups();
      assert.equal(log.length, before + 1);
      const last = log.at(-1)!;
      assert.equal(Number(last.user_id), operatorId);
      assert.equal(last.purpose, 'caller_history');
      assert.equal(last.phone_hash, t.ctx.vault.hash(PHONE));
      assert.ok(!JSON.stringify(log).includes(PHONE), 'the number is not stored');
      assert.ok(Date.now() - new Date(last.at).getTime() < 60_000);
    });

    test('a number nobody called from has no history', async () => {
      const h = ok(await operator.get('/api/v1/callers/history?phone=010-12345678'));
      assert.deepEqual([h.total, h.items.length], [0, 0]);
    });

    test('the staff search by phone finds the same requests, masked, and is logged', async () => {
      const before = (await lookups()).length;
      const page = ok(await supervisor.get(`/api/v1/requests?phone=${encodeURIComponent('+8613900001111')}`));
      assert.equal(page.total, 3);
      for (const r of page.items) assert.equal(r.reporter.phone, '139****1111');
      const log = await lookups();
      assert.equal(log.length, before + 1);
      assert.equal(log.at(-1)!.purpose, 'request_search');
    });

    test('综合查询: the supervisor’s search by phone goes with the other filters, each search logged as theirs', async () => {
      const supervisorId = (
        await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'supervisor')
          .executeTakeFirstOrThrow()
      ).id;
      const before = (await lookups()).length;
      const words = encodeURIComponent('路灯还是');
      const page = ok(
        await supervisor.get(`/api/v1/requests?phone=${PHONE}&text=${words}&status=registered`),
      );
      assert.deepEqual(
        page.items.map((r: { ticket_no: string }) => r.ticket_no),
        [tickets[1]],
      );
      assert.equal(page.items[0].reporter.phone, '139****1111');
      assert.ok(!JSON.stringify(page).includes(PHONE), 'the number itself is never answered');
      const none = ok(await supervisor.get(`/api/v1/requests?phone=${PHONE}&status=closed`));
      assert.equal(none.total, 0);
      const log = (await lookups()).slice(before);
      assert.equal(log.length, 2, 'one entry a search');
      for (const l of log) {
        assert.equal(Number(l.user_id), supervisorId);
        assert.equal(l.purpose, 'request_search');
        assert.equal(l.phone_hash, t.ctx.vault.hash(PHONE));
      }
    });

    test('only the centre may look a caller up; a bad number is refused', async () => {
      const before = (await lookups()).length;
      for (const c of [handler, fieldworker, head]) {
        refused(await c.get(`/api/v1/callers/history?phone=${PHONE}`), 403, 'forbidden');
        refused(await c.get(`/api/v1/requests?phone=${PHONE}`), 403, 'forbidden');
      }
      refused(await new Client(app).get(`/api/v1/callers/history?phone=${PHONE}`), 401, 'unauthenticated');
      refused(await operator.get('/api/v1/callers/history?phone=abc'), 400, 'invalid_phone');
      assert.equal((await lookups()).length, before, 'refused look-ups write nothing');
    });
  });
}
