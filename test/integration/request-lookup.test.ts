import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`ticket lookup in the top bar (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, supervisor: Client, housing: Client, urbanHead: Client;
    let housingReq: { id: number; ticket_no: string };
    let urbanReq: { id: number; ticket_no: string };
    const phone = '13812340001';
    const otps = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, supervisor, housing, urbanHead] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'handler.housing',
        'head.urban-mgmt',
      );
      const file = async (title: string, department: string) => {
        const r = ok(
          await operator.post('/api/v1/requests', {
            title,
            body: `${title}，请尽快处理。`,
            area_code: 'xc-wangting-guoyuan',
            reporter: { name: '李四', phone },
          }),
          201,
        );
        ok(await dispatcher.act(r.id, 'dispatch', { department_code: department }));
        return { id: r.id as number, ticket_no: r.ticket_no as string };
      };
      housingReq = await file('查询测试楼道漏水', 'housing');
      urbanReq = await file('查询测试井盖缺失', 'urban-mgmt');
    });
    after(() => closeTestApp(app, t));

    const lookUp = async (c: Client, q: string) =>
      ok(await c.get(`/api/v1/requests/lookup?q=${encodeURIComponent(q)}`)).items as any[];

    test('a supervisor finds any ticket by its number, the exact one first, and opens it', async () => {
      const items = await lookUp(supervisor, housingReq.ticket_no);
      assert.equal(items[0].id, housingReq.id);
      assert.deepEqual(Object.keys(items[0]).sort(), [
        'created_at',
        'department_code',
        'id',
        'status',
        'ticket_no',
        'title',
      ]);
      assert.equal(
        ok(await supervisor.get(`/api/v1/requests/${items[0].id}`)).ticket_no,
        housingReq.ticket_no,
      );
      const other = await lookUp(supervisor, urbanReq.ticket_no.toLowerCase());
      assert.equal(other[0].id, urbanReq.id);
    });

    test('a fragment of the number or of the text finds it too', async () => {
      const tail = housingReq.ticket_no.slice(-6);
      assert.ok((await lookUp(supervisor, tail)).some((r) => r.id === housingReq.id));
      const byText = await lookUp(supervisor, '查询测试');
      assert.deepEqual(byText.map((r) => r.id).sort(), [housingReq.id, urbanReq.id].sort());
      // Traditional characters are folded as the stored text is.
      assert.ok((await lookUp(supervisor, '樓道漏水')).some((r) => r.id === housingReq.id));
    });

    test("a department's staff find only their department's requests; another's ticket does not exist for them", async () => {
      assert.deepEqual(
        (await lookUp(housing, '查询测试')).map((r) => r.id),
        [housingReq.id],
      );
      assert.deepEqual(await lookUp(housing, urbanReq.ticket_no), []);
      assert.deepEqual(await lookUp(urbanHead, housingReq.ticket_no), []);
      assert.equal((await lookUp(urbanHead, urbanReq.ticket_no))[0].id, urbanReq.id);
      assert.equal((await housing.get(`/api/v1/requests/${urbanReq.id}`)).status, 404);
    });

    test('a field worker finds only what they filed; residents may not look up; a query is 2–100 characters', async () => {
      const fieldWorker = await Client.login(app, 'fieldworker');
      assert.deepEqual(await lookUp(fieldWorker, housingReq.ticket_no), []);
      const resident = await Client.resident(app, otps, phone);
      refused(await resident.get(`/api/v1/requests/lookup?q=${housingReq.ticket_no}`), 403, 'forbidden');
      const anonymous = new Client(app);
      assert.equal((await anonymous.get('/api/v1/requests/lookup?q=查询测试')).status, 401);
      refused(await supervisor.get('/api/v1/requests/lookup?q=x'), 400, 'validation_failed');
      refused(await supervisor.get(`/api/v1/requests/lookup?q=${'a'.repeat(101)}`), 400, 'text_too_long');
      refused(await supervisor.get('/api/v1/requests/lookup?q=查询&page=1'), 400, 'validation_failed');
    });

    test('LIKE wildcards are taken literally', async () => {
      assert.deepEqual(await lookUp(supervisor, '%%'), []);
      assert.deepEqual(await lookUp(supervisor, '__'), []);
    });
  });
}
