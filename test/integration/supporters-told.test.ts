/**
 * 附议 supporters told the answer, on both databases: when a request that residents added their voice to is
 * answered, each supporter's own phone gets an SMS (through Aliyun's SDK against its local stand-in) with the
 * ticket number and the answer's gist — the reporter's name masked, no 回访 link (that is the reporter's) — a
 * supporter who stopped the centre's SMS gets none, and the reporter is told as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { Channels } from '../../src/delivery/channels/registry.js';
import { deliverOutbox } from '../../src/delivery/worker.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { fakeAliyun } from '../support/fake-providers.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

const ALIYUN = { accessKeyId: 'ak-test', accessKeySecret: 'sk-test' };
const NAME = '王小明';
const REPORTER = '13811115555';
const SUPPORTER = '13900006666';
const OPTED_OUT = '13900007777';
const ANSWER = `经核查，${NAME}反映的餐馆油烟问题已责令安装净化设备并复查合格。`;

for (const kind of dbKinds()) {
  describe(`附议 supporters told the answer (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    let aliyun: Awaited<ReturnType<typeof fakeAliyun>>;
    let channels: Channels;
    const otps = new Map<string, string>();
    /** The worker's clock: 10:00 tomorrow in Shanghai (daytime, no quiet hours). */
    const now = new Date();
    const morning = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));

    before(async () => {
      aliyun = await fakeAliyun(ALIYUN);
      t = await openTestContext(kind, {
        BANSHI_ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.accessKeyId,
        BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET: ALIYUN.accessKeySecret,
        BANSHI_ALIYUN_SMS_ENDPOINT: aliyun.url,
        BANSHI_ALIYUN_SMS_SIGN_NAME: '相城12345',
        BANSHI_ALIYUN_SMS_TEMPLATES: JSON.stringify({
          'request.registered': 'SMS_100',
          'request.replied': 'SMS_200',
          'request.supporter_replied': 'SMS_500',
        }),
        BANSHI_PUBLIC_URL: 'https://12345.example.cn',
      });
      ctx = t.ctx;
      app = await testApp(ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      ok(
        await (
          await Client.login(app, 'admin')
        ).request('PUT', '/api/v1/delivery/settings', { sms: 'aliyun', email: 'log' }),
      );
      channels = new Channels(ctx.config.delivery, ctx.log);
    });
    after(async () => {
      await channels.close();
      await closeTestApp(app, t);
      await aliyun.close();
      assert.deepEqual(aliyun.refused, [], 'every provider request was well formed');
    });

    test('each supporter’s phone gets the answer’s gist; an opted-out one gets nothing', async () => {
      const [operator, dispatcher, housing] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.housing',
      );
      const filed = ok(
        await operator.post('/api/v1/requests', {
          title: '楼下餐馆油烟扰民',
          body: `我是${NAME}，新城花园3栋楼下餐馆油烟直排，请尽快处理。`,
          type: '投诉',
          area_code: 'xc-wangting-guoyuan',
          category_code: '010201',
          reporter: { name: NAME, phone: REPORTER },
        }),
        201,
      );
      for (const phone of [SUPPORTER, OPTED_OUT]) {
        const resident = await Client.resident(app, otps, phone);
        ok(await resident.post(`/api/v1/me-too/${filed.ticket_no}`));
        if (phone === OPTED_OUT)
          ok(await resident.request('PUT', '/api/v1/me/sms-opt-out', { opted_out: true }));
      }
      ok(await dispatcher.act(filed.id, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(filed.id, 'sign'));
      ok(await housing.act(filed.id, 'contact', { note: '已电话联系' }));
      const replied = ok(await housing.act(filed.id, 'reply', { text: ANSWER }));
      if (replied.status === 'reviewing')
        ok(await (await Client.login(app, 'supervisor')).act(filed.id, 'approve-reply'));

      // the reporter's phone takes one SMS a minute: the worker runs over a few minutes of its clock
      for (let minute = 0; minute < 5; minute++) {
        const worker = { ...ctx, now: () => new Date(morning.getTime() + minute * 61_000) };
        await deliverOutbox(worker, channels);
      }
      const toSupporter = aliyun.received.filter((s) => s.phone === SUPPORTER);
      assert.equal(toSupporter.length, 1, JSON.stringify(aliyun.received));
      const sms = toSupporter[0]!;
      assert.equal(sms.template, 'SMS_500');
      const params = sms.params as Record<string, string>;
      assert.deepEqual(Object.keys(params), ['ticket', 'gist']);
      assert.equal(params.ticket, filed.ticket_no);
      assert.ok(params.gist!.startsWith('经核查，王**反映的'), params.gist);
      assert.ok(!params.gist!.includes(NAME));
      assert.deepEqual(
        aliyun.received.filter((s) => s.phone === OPTED_OUT),
        [],
        'the opted-out supporter',
      );
      assert.ok(
        aliyun.received.some((s) => s.phone === REPORTER && s.template === 'SMS_200'),
        'the reporter',
      );

      const rows = await ctx.db
        .selectFrom('outbox')
        .select(['status', 'last_error', 'recipient_hash'])
        .where('topic', '=', 'request.supporter_replied')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.status, r.last_error]),
        [
          ['sent', null],
          ['skipped', 'opted_out'],
        ],
      );
      assert.equal(rows[0]!.recipient_hash, ctx.vault.hash(SUPPORTER));
    });
  });
}
