/**
 * 附议 "me too" before filing, over HTTP on both databases: the open public requests near the place and like the
 * text (no personal data), a resident's voice added once (the reporter count grows through the write path, a
 * second voice is a 409, the reporter's own request a 409, an unpublished one not found, an anonymous caller 401),
 * the followed requests listed, and the supporter told of the answer through the outbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { triageQueue } from '../../src/triage/queue.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const HERE = { lat: 31.48012, lon: 120.65523 };
const NAME = '王小明';
const PHONE = '13811112222';
const NOISE = {
  title: '新城花园3栋楼下餐馆油烟扰民',
  body: `我是${NAME}，新城花园小区3栋的业主，楼下的餐馆每天从早到晚油烟直排，窗户都不敢开，多次向物业反映无果，请相关部门尽快处理。`,
};
const RETOLD = {
  title: '新城花园3栋楼下餐馆油烟扰民！',
  body: '楼下餐馆每天从早到晚油烟直排，窗户都不敢打开，我是新城花园小区3棟的业主，多次向物业反映没有结果，请有关部门尽快处理。',
};

for (const kind of dbKinds()) {
  describe(`附议 me too (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, housing: Client, reporter: Client, neighbour: Client;
    const otps = new Map<string, string>();
    const filed: Record<string, { id: number; ticket_no: string }> = {};
    const candidates = async (c: Client, body: Record<string, unknown>) =>
      ok(await c.post('/api/v1/me-too/candidates', body)).items as Record<string, unknown>[];

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, housing] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.housing',
      );
      const residentLogin = async (p: string) => {
        ok(await new Client(app).post('/api/v1/auth/otp', { phone: p }));
        const login = ok(
          await new Client(app).post('/api/v1/auth/otp/verify', { phone: p, code: otps.get(p) }),
        );
        return Client.withToken(app, login.token);
      };
      reporter = await residentLogin(PHONE);
      neighbour = await residentLogin('13900009999');
      const file = async (key: string, over: Record<string, unknown>) => {
        const r = ok(
          await operator.post('/api/v1/requests', {
            ...NOISE,
            type: '投诉',
            category_code: '010201',
            reporter: { name: NAME, phone: PHONE },
            ...HERE,
            ...over,
          }),
          201,
        );
        filed[key] = { id: r.id, ticket_no: r.ticket_no };
      };
      await file('original', {});
      await file('private', { lat: HERE.lat + 0.0002, public_consent: false });
      await file('far', { lat: 31.44, lon: 120.6 });
      await triageQueue(t.ctx.db).idle();
    });
    after(() => closeTestApp(app, t));

    test('a retold complaint nearby finds the open public original only, anonymised', async () => {
      const items = await candidates(new Client(app), { ...RETOLD, lat: HERE.lat + 0.0009, lon: HERE.lon });
      assert.deepEqual(
        items.map((i) => i.ticket_no),
        [filed.original!.ticket_no],
      );
      const [c] = items;
      assert.equal(c!.reporter_count, 1);
      assert.equal(c!.supported, false);
      assert.equal(c!.distance_m, 100);
      const text = JSON.stringify(c);
      assert.ok(!text.includes(NAME) && !text.includes(PHONE), text);
      for (const k of ['lat', 'lon', 'id', 'reporter', 'address']) assert.ok(!(k in c!), k);
    });

    test('no place, unrelated text or another kind finds nothing; bad input is a 400', async () => {
      assert.deepEqual(await candidates(new Client(app), RETOLD), []);
      const unrelated = { title: '公积金', body: '请问公积金贷款最高额度是多少？需要哪些材料？', ...HERE };
      assert.deepEqual(await candidates(new Client(app), unrelated), []);
      const ref = ok(await operator.get('/api/v1/categories')).items as { code: string; level: number }[];
      const other = ref.find((c) => c.level === 1 && !'010201'.startsWith(c.code))!;
      assert.deepEqual(
        await candidates(new Client(app), { ...RETOLD, ...HERE, category_code: other.code }),
        [],
      );
      assert.equal(
        (await candidates(new Client(app), { ...RETOLD, ...HERE, category_code: '0102' })).length,
        1,
      );
      refused(
        await new Client(app).post('/api/v1/me-too/candidates', { body: '' }),
        400,
        'validation_failed',
      );
      refused(
        await new Client(app).post('/api/v1/me-too/candidates', { body: 'x', lat: 31.4 }),
        400,
        'validation_failed',
      );
    });

    test('a resident adds their voice once: the count grows, the timeline says so, a second is a 409', async () => {
      const ticket = filed.original!.ticket_no;
      refused(await new Client(app).post(`/api/v1/me-too/${ticket}`), 401, 'unauthenticated');
      refused(await operator.post(`/api/v1/me-too/${ticket}`), 403, 'forbidden');
      refused(await reporter.post(`/api/v1/me-too/${ticket}`), 409, 'own_request');
      const before = ok(await operator.get(`/api/v1/requests/${filed.original!.id}`));
      assert.deepEqual(ok(await neighbour.post(`/api/v1/me-too/${ticket}`)), {
        ticket_no: ticket,
        reporter_count: 2,
      });
      refused(await neighbour.post(`/api/v1/me-too/${ticket}`), 409, 'already_supported');
      const after = ok(await operator.get(`/api/v1/requests/${filed.original!.id}`));
      assert.equal(after.version, before.version + 1);
      const support = after.timeline.filter((e: { type: string }) => e.type === 'support');
      assert.equal(support.length, 1);
      assert.deepEqual(support[0].payload, { reporter_count: 2 });
      const mine = ok(await reporter.get(`/api/v1/requests/${filed.original!.id}`));
      assert.ok(mine.timeline.some((e: { type: string }) => e.type === 'support'));
      const [c] = await candidates(neighbour, { ...RETOLD, ...HERE });
      assert.equal(c!.reporter_count, 2);
      assert.equal(c!.supported, true);
    });

    test('an unpublished or unknown request is not found; nothing tells it exists', async () => {
      refused(await neighbour.post(`/api/v1/me-too/${filed.private!.ticket_no}`), 404, 'not_found');
      refused(await neighbour.post('/api/v1/me-too/20990101000001'), 404, 'not_found');
      refused(await neighbour.post('/api/v1/me-too/abc'), 400, 'validation_failed');
    });

    test('the supporter follows the request and is told its answer through the outbox', async () => {
      const following = ok(await neighbour.get('/api/v1/me-too/following')).items;
      assert.deepEqual(
        following.map((f: { ticket_no: string }) => f.ticket_no),
        [filed.original!.ticket_no],
      );
      assert.ok(!JSON.stringify(following).includes(NAME));
      assert.deepEqual(ok(await reporter.get('/api/v1/me-too/following')).items, []);
      refused(await new Client(app).get('/api/v1/me-too/following'), 401, 'unauthenticated');

      const id = filed.original!.id;
      ok(await dispatcher.act(id, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(id, 'sign'));
      ok(await housing.act(id, 'reply', { text: '已责令餐馆安装油烟净化设备' }));
      const neighbourId = (
        await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('role', '=', 'resident')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id;
      const messages = await t.ctx.db
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('topic', '=', 'request.supporter_replied')
        .execute();
      assert.equal(messages.length, 1);
      const payload = messages[0]!.payload as Record<string, unknown>;
      assert.equal(payload.ticket_no, filed.original!.ticket_no);
      assert.equal(payload.user_id, Number(neighbourId));
      assert.equal(payload.text, '已责令餐馆安装油烟净化设备');
    });
  });
}
