/**
 * Delivery to residents, on both databases, against local stand-ins of the providers (no network outside the
 * machine): each channel's real request shape (SMTP; Aliyun's and Tencent's signed SendSms); the worker's
 * semantics (at least once under leases, the provider key kept across retries, backoff, dead letters with an
 * alert and the /healthz figure, maximum age, per-phone limits, quiet hours, opt-out, status per message for
 * staff); the admins' templates and channels; 回访 by the signed link and its refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { AppContext } from '../../src/context.js';
import { aliyunChannel } from '../../src/delivery/channels/aliyun.js';
import { emailChannel } from '../../src/delivery/channels/email.js';
import { Channels } from '../../src/delivery/channels/registry.js';
import { tencentChannel } from '../../src/delivery/channels/tencent.js';
import { signLink } from '../../src/delivery/link-token.js';
import { followupLink, linkMac } from '../../src/delivery/followup-link.js';
import { deliverOutbox, messageKey } from '../../src/delivery/worker.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { fakeAliyun, fakeSmtp, fakeTencent, type SentSms } from '../support/fake-providers.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { BASE, INSIDE, post as o311Post } from './open311-support.js';

const J = 'xiangcheng';
const ALIYUN = { accessKeyId: 'ak-test', accessKeySecret: 'sk-test' };
const TENCENT = { secretId: 'sid-test', secretKey: 'skey-test' };
const TEMPLATES = JSON.stringify({
  'request.registered': 'SMS_100',
  'request.replied': 'SMS_200',
  'request.closed': 'SMS_300',
  'request.linked_project': 'SMS_400',
});
/**
 * The worker's clock starts at the next 10:00 in Shanghai (02:00Z), within a day of the messages' creation:
 * the tests move it by hours (daytime there: 0–12 h and 22–36 h after it), well within the 72 hours of a
 * message's maximum age.
 */
const NOW = new Date();
const DAY = new Date(
  Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate() + (NOW.getUTCHours() >= 2 ? 1 : 0), 2),
);
const at = (ms: number) => new Date(DAY.getTime() + ms);

for (const kind of dbKinds()) {
  describe(`delivery to residents (${kind})`, () => {
    let t: TestContext;
    /** The worker's context (its clock), and the server's (real time unless a test sets it). */
    let ctx: AppContext;
    let serverCtx: AppContext;
    let serverClock: Date | null = null;
    let app: FastifyInstance;
    let aliyun: Awaited<ReturnType<typeof fakeAliyun>>;
    let tencent: Awaited<ReturnType<typeof fakeTencent>>;
    let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
    let channels: Channels;
    let operator: Client, dispatcher: Client, handler: Client, admin: Client, supervisor: Client;
    /** The worker's clock. */
    let clock = DAY;
    let phoneSeq = 0;
    const otps = new Map<string, string>();

    before(async () => {
      [aliyun, tencent, smtp] = await Promise.all([fakeAliyun(ALIYUN), fakeTencent(TENCENT), fakeSmtp()]);
      t = await openTestContext(kind, {
        BANSHI_ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.accessKeyId,
        BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET: ALIYUN.accessKeySecret,
        BANSHI_ALIYUN_SMS_ENDPOINT: aliyun.url,
        BANSHI_ALIYUN_SMS_SIGN_NAME: '相城12345',
        BANSHI_ALIYUN_SMS_TEMPLATES: TEMPLATES,
        BANSHI_TENCENT_SMS_SECRET_ID: TENCENT.secretId,
        BANSHI_TENCENT_SMS_SECRET_KEY: TENCENT.secretKey,
        BANSHI_TENCENT_SMS_ENDPOINT: tencent.url,
        BANSHI_TENCENT_SMS_APP_ID: '1400000001',
        BANSHI_TENCENT_SMS_SIGN_NAME: '相城12345',
        BANSHI_TENCENT_SMS_TEMPLATES: JSON.stringify({
          'request.registered': '1001',
          'request.replied': '1002',
        }),
        BANSHI_SMTP_URL: smtp.url,
        BANSHI_DELIVERY_MAX_ATTEMPTS: '3',
        BANSHI_PUBLIC_URL: 'https://12345.example.cn',
        BANSHI_PUBLIC_RATE_LIMIT: '100000',
      });
      ctx = { ...t.ctx, now: () => clock };
      serverCtx = { ...t.ctx, now: () => serverClock ?? new Date() };
      app = await testApp(serverCtx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [operator, dispatcher, handler, admin, supervisor] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.housing',
        'admin',
        'supervisor',
      );
      channels = new Channels(ctx.config.delivery, ctx.log);
      ok(await admin.request('PUT', '/api/v1/delivery/settings', { sms: 'aliyun', email: 'smtp' }));
    });
    after(async () => {
      await channels.close();
      await closeTestApp(app, t);
      await Promise.all([aliyun.close(), tencent.close(), smtp.close()]);
      assert.deepEqual([...aliyun.refused, ...tencent.refused], [], 'every provider request was well formed');
    });

    const newPhone = () =>
      `139${String(++phoneSeq).padStart(4, '0')}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
    const register = async (phone: string, extra: Record<string, unknown> = {}) =>
      ok(
        await operator.post('/api/v1/requests', {
          body: '小区5号楼门口的路灯坏了两周，晚上出行不便，请尽快修理。',
          type: '投诉',
          area_code: 'xc-wangting-guoyuan',
          category_code: '010201',
          reporter: { name: '王五', phone },
          ...extra,
        }),
        201,
      );
    const replied = async (phone: string, text = '经核查，路灯已于今日更换，恢复照明。') => {
      const r = await register(phone);
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
      ok(await handler.act(r.id, 'sign'));
      ok(await handler.act(r.id, 'contact', { note: '已电话联系市民' }));
      ok(await handler.act(r.id, 'reply', { text }));
      return r;
    };
    const drain = async (random = () => 0.5) => {
      const total = { sent: 0, deferred: 0, failed: 0, dead: 0, skipped: 0 };
      for (;;) {
        const r = await deliverOutbox(ctx, channels, { random });
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
        if (r.claimed === 0) return total;
        // deferred and retried messages are not due again within this instant
        if (r.deferred + r.failed === r.claimed) return total;
      }
    };
    const outboxOf = (id: number) =>
      ctx.db.selectFrom('outbox').selectAll().where('request_id', '=', id).orderBy('id').execute();
    const smsTo = (phone: string): SentSms[] =>
      [...aliyun.received, ...tencent.received].filter((s) => s.phone.endsWith(phone));

    test('SMTP: a real SMTP exchange, the Message-ID derived from the message', async () => {
      const mail = emailChannel({ url: smtp.url, from: '12345 <noreply@example.cn>' });
      const r = await mail.send({
        key: 'banshi-x-1',
        to: 'resident@example.cn',
        topic: 'request.registered',
        text: '您反映的问题已受理，工单号XC1。',
        params: [['ticket', 'XC1']],
      });
      await mail.close();
      assert.equal(r.providerId, '<banshi-x-1@banshi>');
      const got = smtp.received.at(-1)!;
      assert.deepEqual(got.to, ['resident@example.cn']);
      assert.equal(got.messageId, '<banshi-x-1@banshi>');
      assert.equal(got.text, '您反映的问题已受理，工单号XC1。');
      assert.equal(got.subject, '12345 诉求已受理');
    });

    test('Aliyun: the signed RPC SendSms with PhoneNumbers, SignName, TemplateCode, TemplateParam, OutId', async () => {
      const sms = await aliyunChannel(ctx.config.delivery.aliyun!);
      const r = await sms.send({
        key: 'banshi-x-2',
        to: '13900001111',
        topic: 'request.replied',
        text: '…',
        params: [
          ['ticket', 'XC2'],
          ['gist', '已修复'],
          ['link', 'https://12345.example.cn/f/x'],
        ],
      });
      assert.match(r.providerId!, /^biz-/);
      assert.deepEqual(aliyun.received.at(-1), {
        provider: 'aliyun',
        phone: '13900001111',
        signName: '相城12345',
        template: 'SMS_200',
        params: { ticket: 'XC2', gist: '已修复', link: 'https://12345.example.cn/f/x' },
        key: 'banshi-x-2',
      });
      aliyun.failNext(1);
      await assert.rejects(
        sms.send({ key: 'k', to: '13900001111', topic: 'request.closed', text: '', params: [] }),
        /isv.BUSINESS_LIMIT_CONTROL/,
      );
    });

    test('Tencent: the TC3-signed JSON SendSms with PhoneNumberSet, SmsSdkAppId, TemplateParamSet, SessionContext', async () => {
      const sms = await tencentChannel(ctx.config.delivery.tencent!);
      const r = await sms.send({
        key: 'banshi-x-3',
        to: '13900002222',
        topic: 'request.registered',
        text: '…',
        params: [['ticket', 'XC3']],
      });
      assert.match(r.providerId!, /^serial-/);
      assert.deepEqual(tencent.received.at(-1), {
        provider: 'tencent',
        phone: '+8613900002222',
        signName: '相城12345',
        template: '1001',
        params: ['XC3'],
        key: 'banshi-x-3',
      });
      // a topic with no template registered at the provider is a permanent failure
      await assert.rejects(
        sms.send({ key: 'k', to: '13900002222', topic: 'request.closed', text: '', params: [] }),
        /no Tencent template/,
      );
    });

    test('the ticket SMS: sent once under the message key, status shown to staff only', async () => {
      const phone = newPhone();
      const r = await register(phone);
      clock = at(0);
      const run = await drain();
      assert.ok(run.sent >= 1);
      const [m] = await outboxOf(r.id);
      assert.equal(m!.status, 'sent');
      assert.equal(m!.channel, 'sms');
      assert.deepEqual(smsTo(phone), [
        {
          provider: 'aliyun',
          phone,
          signName: '相城12345',
          template: 'SMS_100',
          params: { ticket: r.ticket_no },
          key: messageKey(J, m!.id),
        },
      ]);
      const list = ok(await operator.get(`/api/v1/requests/${r.id}/deliveries`)).items;
      assert.deepEqual(
        list.map((d: any) => [d.topic, d.status, d.channel, d.attempts]),
        [['request.registered', 'sent', 'sms', 1]],
      );
      // another department's handler does not see the request, residents never see delivery records
      refused(
        await (await Client.login(app, 'handler.transport')).get(`/api/v1/requests/${r.id}/deliveries`),
        404,
        'not_found',
      );
      // no phone number ever leaves in a record
      assert.ok(!JSON.stringify(list).includes(phone));
    });

    test('per-phone limits defer (not drop) the next message; quiet hours wait for 08:00 unless urgent', async () => {
      const phone = newPhone();
      const a = await register(phone);
      const b = await register(phone);
      clock = at(3_600_000);
      await drain();
      const [ma] = await outboxOf(a.id);
      const [mb] = await outboxOf(b.id);
      assert.equal(ma!.status, 'sent');
      assert.equal(mb!.status, 'queued');
      assert.equal(mb!.last_error, 'rate_limit');
      assert.equal(mb!.next_attempt_at.getTime(), clock.getTime() + 60_000);
      clock = at(3_600_000 + 60_000);
      await drain();
      assert.equal((await outboxOf(b.id))[0]!.status, 'sent');
      assert.equal(smsTo(phone).length, 2);

      // 23:00 in Shanghai: an ordinary message waits for 08:00, an urgent one goes
      const night = newPhone();
      const quiet = await register(night);
      const urgent = await register(newPhone(), { urgent: true });
      clock = at(13 * 3_600_000);
      await drain();
      const [mq] = await outboxOf(quiet.id);
      assert.equal(mq!.status, 'queued');
      assert.equal(mq!.last_error, 'quiet_hours');
      assert.equal(mq!.next_attempt_at.toISOString(), at(22 * 3_600_000).toISOString());
      assert.equal((await outboxOf(urgent.id))[0]!.status, 'sent');
      clock = at(22 * 3_600_000);
      await drain();
      assert.equal((await outboxOf(quiet.id))[0]!.status, 'sent');
      assert.equal(smsTo(night).length, 1);
    });

    test('a failed send is retried with backoff under the same OutId; repeated failures dead-letter with an alert', async () => {
      const phone = newPhone();
      const r = await register(phone);
      clock = at(30 * 3_600_000);
      aliyun.failNext(1);
      await drain(() => 0);
      const [m1] = await outboxOf(r.id);
      assert.equal(m1!.status, 'failed');
      assert.equal(m1!.attempts, 1);
      assert.match(m1!.last_error!, /BUSINESS_LIMIT_CONTROL/);
      // equal jitter at random 0: half of the first 30 s step
      assert.equal(m1!.next_attempt_at.getTime(), clock.getTime() + 15_000);
      clock = at(30 * 3_600_000 + 15_000);
      await drain();
      const [m2] = await outboxOf(r.id);
      assert.equal(m2!.status, 'sent');
      assert.deepEqual(
        smsTo(phone).map((s) => s.key),
        [messageKey(J, m2!.id)],
      );

      const doomed = await register(newPhone());
      const later = 26 * 3_600_000;
      aliyun.failNext(100);
      for (let i = 0; i < 3; i++) {
        clock = at(later + i * 3_600_000);
        await drain();
      }
      aliyun.failNext(0);
      const [dead] = await outboxOf(doomed.id);
      assert.equal(dead!.status, 'dead');
      assert.equal(dead!.attempts, 3);
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      assert.ok(JSON.parse(health.body).delivery_dead >= 1);
      const letters = ok(await admin.get('/api/v1/delivery/dead')).items;
      assert.ok(letters.some((l: any) => l.id === dead!.id && l.ticket_no === doomed.ticket_no));
      const alerts = await ctx.db
        .selectFrom('admin_alerts')
        .selectAll()
        .where('key', '=', 'delivery_dead')
        .execute();
      assert.equal(alerts.length, 1);
      refused(await operator.get('/api/v1/delivery/dead'), 403, 'forbidden');
    });

    test('a message older than the maximum age is dead, not sent late', async () => {
      const phone = newPhone();
      const r = await register(phone);
      clock = at(4 * 86_400_000);
      await drain();
      const [m] = await outboxOf(r.id);
      assert.equal(m!.status, 'dead');
      assert.equal(m!.last_error, 'too_old');
      assert.equal(smsTo(phone).length, 0);
    });

    test('leases: a live claim is left alone, an expired one (a killed worker) is taken and sent once', async () => {
      const phone = newPhone();
      const r = await register(phone);
      clock = at(5 * 3_600_000);
      const [m] = await outboxOf(r.id);
      await ctx.db
        .updateTable('outbox')
        .set({ lease_until: at(5 * 3_600_000 + 30_000) })
        .where('id', '=', m!.id)
        .execute();
      await drain();
      assert.equal((await outboxOf(r.id))[0]!.status, 'queued');
      clock = at(5 * 3_600_000 + 30_001);
      await drain();
      assert.equal((await outboxOf(r.id))[0]!.status, 'sent');
      assert.equal(smsTo(phone).length, 1);
    });

    test('two workers at once never send the same message', async () => {
      const phones = Array.from({ length: 12 }, newPhone);
      for (const p of phones) await register(p);
      clock = at(6 * 3_600_000);
      const other = new Channels(ctx.config.delivery, ctx.log);
      await Promise.all([
        deliverOutbox(ctx, channels, { limit: 5 }),
        deliverOutbox(ctx, other, { limit: 5 }),
        deliverOutbox(ctx, channels, { limit: 5 }),
      ]);
      await drain();
      await other.close();
      for (const p of phones) assert.equal(smsTo(p).length, 1, p);
    });

    test('an opted-out resident gets no SMS; opting in again resumes them', async () => {
      const phone = newPhone();
      ok(await new Client(app).post('/api/v1/auth/otp', { phone }));
      const resident = Client.withToken(
        app,
        ok(await new Client(app).post('/api/v1/auth/otp/verify', { phone, code: otps.get(phone) })).token,
      );
      assert.deepEqual(ok(await resident.get('/api/v1/me/sms-opt-out')), { opted_out: false });
      ok(await resident.request('PUT', '/api/v1/me/sms-opt-out', { opted_out: true }));
      refused(await operator.request('PUT', '/api/v1/me/sms-opt-out', { opted_out: true }), 403, 'forbidden');
      const r = await register(phone);
      clock = at(7 * 3_600_000);
      await drain();
      const [m] = await outboxOf(r.id);
      assert.equal(m!.status, 'skipped');
      assert.equal(m!.last_error, 'opted_out');
      assert.equal(smsTo(phone).length, 0);
      // a skipped message is no part of the staff's record
      assert.deepEqual(ok(await operator.get(`/api/v1/requests/${r.id}/deliveries`)).items, []);
      ok(await resident.request('PUT', '/api/v1/me/sms-opt-out', { opted_out: false }));
      const again = await register(phone);
      clock = at(8 * 3_600_000);
      await drain();
      assert.equal((await outboxOf(again.id))[0]!.status, 'sent');
    });

    test('no mobile but an e-mail (Open311): the e-mail goes through SMTP with its Message-ID', async () => {
      const key = (await createApiKey(ctx.db, J, 'FixMyStreet')).key;
      const res = await o311Post(app, `${BASE}/requests.json`, {
        api_key: key,
        service_code: '010201',
        lat: INSIDE.lat,
        long: INSIDE.long,
        description: '绿化带里的垃圾堆了一个星期没人清运，气味很大。',
        email: 'someone@example.cn',
      });
      assert.equal(res.status, 200, res.text);
      const ticket = res.json[0].service_request_id as string;
      const row = await ctx.db
        .selectFrom('requests')
        .select('id')
        .where('ticket_no', '=', ticket)
        .executeTakeFirstOrThrow();
      clock = at(9 * 3_600_000);
      await drain();
      const [m] = await outboxOf(row.id);
      assert.equal(m!.status, 'sent');
      assert.equal(m!.channel, 'email');
      const mail = smtp.received.find((x) => x.messageId === `<${messageKey(J, m!.id)}@banshi>`)!;
      assert.deepEqual(mail.to, ['someone@example.cn']);
      assert.ok(mail.text.includes(ticket));
    });

    test('templates: listed with their SMS parts, checked when changed, used for the next message', async () => {
      const list = ok(await admin.get('/api/v1/delivery/templates')).items;
      assert.deepEqual(
        list.map((x: any) => x.topic),
        [
          'request.registered',
          'request.replied',
          'request.closed',
          'request.linked_project',
          'request.supporter_replied',
        ],
      );
      const replyTemplate = list.find((x: any) => x.topic === 'request.replied');
      assert.deepEqual(replyTemplate.problems, []);
      assert.equal(replyTemplate.parts, 2);
      refused(await operator.get('/api/v1/delivery/templates'), 403, 'forbidden');
      const bad = refused(
        await admin.request('PUT', '/api/v1/delivery/templates/request.registered', { body: '{name}您好' }),
        422,
        'template_invalid',
      );
      assert.deepEqual(bad.error.details.problems, [
        { code: 'unknown_placeholder', name: 'name' },
        { code: 'missing_ticket' },
      ]);
      refused(
        await admin.request('PUT', '/api/v1/delivery/templates/request.registered', {
          body: '{ticket}' + '长'.repeat(250),
        }),
        422,
        'template_invalid',
      );
      refused(
        await admin.request('PUT', '/api/v1/delivery/templates/request.chased', { body: '{ticket}' }),
        400,
        'validation_failed',
      );
      const saved = ok(
        await admin.request('PUT', '/api/v1/delivery/templates/request.registered', {
          body: '已收到，工单号{ticket}。',
        }),
      ).items;
      assert.equal(saved[0].customised, true);
      assert.equal(saved[0].parts, 1);
      // the e-mail (whose text is ours, not a provider's template) carries the new text
      const key = (await createApiKey(ctx.db, J, 'Another')).key;
      const res = await o311Post(app, `${BASE}/requests.json`, {
        api_key: key,
        service_code: '010201',
        lat: INSIDE.lat,
        long: INSIDE.long,
        description: '路边的垃圾桶满了一个星期没人清运。',
        email: 'other@example.cn',
      });
      const ticket = res.json[0].service_request_id as string;
      clock = at(10 * 3_600_000);
      await drain();
      assert.equal(
        smtp.received.find((x) => x.to[0] === 'other@example.cn')!.text,
        `已收到，工单号${ticket}。`,
      );
      const reset = ok(await admin.request('DELETE', '/api/v1/delivery/templates/request.registered')).items;
      assert.equal(reset[0].customised, false);
    });

    test('channels: Tencent chosen by the jurisdiction; a channel without configuration is refused', async () => {
      ok(await admin.request('PUT', '/api/v1/delivery/settings', { sms: 'tencent', email: 'smtp' }));
      const phone = newPhone();
      const r = await register(phone);
      clock = at(11 * 3_600_000);
      await drain();
      const [m] = await outboxOf(r.id);
      assert.deepEqual(smsTo(phone), [
        {
          provider: 'tencent',
          phone: `+86${phone}`,
          signName: '相城12345',
          template: '1001',
          params: [r.ticket_no],
          key: messageKey(J, m!.id),
        },
      ]);
      ok(await admin.request('PUT', '/api/v1/delivery/settings', { sms: 'aliyun', email: 'smtp' }));
      const bare = await openTestContext(kind);
      try {
        const bareApp = await testApp(bare.ctx);
        const bareAdmin = await Client.login(bareApp, 'admin');
        const answer = ok(await bareAdmin.get('/api/v1/delivery/settings'));
        assert.deepEqual(answer, {
          sms: 'log',
          email: 'log',
          configured: { aliyun: false, tencent: false, smtp: false },
        });
        refused(
          await bareAdmin.request('PUT', '/api/v1/delivery/settings', { sms: 'aliyun', email: 'log' }),
          422,
          'channel_not_configured',
        );
        await bareApp.close();
      } finally {
        await bare.close();
      }
    });

    test('回访 by link: the reply SMS carries it; the rating is the resident’s own (sms_link), once; the operator’s then refused', async () => {
      const phone = newPhone();
      const r = await replied(phone, '王五您好，经核查，路灯已于今日更换，恢复照明。');
      clock = at(11.5 * 3_600_000);
      await drain();
      // the ticket SMS went out first; the reply's waits for the minute of the phone's limit
      clock = at(11.5 * 3_600_000 + 60_000);
      await drain();
      const reply = smsTo(phone).find((s) => s.template === 'SMS_200')!;
      const params = reply.params as Record<string, string>;
      assert.equal(params.ticket, r.ticket_no);
      assert.equal(params.gist, '王*您好，经核查，路灯已于今日更换，恢复照明。');
      const link = params.link!;
      assert.match(
        link,
        /^https:\/\/12345\.example\.cn\/f\/xiangcheng\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{16}$/,
      );
      const token = link.split('/f/')[1]!;
      const anyone = new Client(app);
      const view = ok(await anyone.get(`/api/v1/followup-links/${token}`));
      assert.deepEqual(
        { ...view, answered_at: undefined },
        {
          ticket_no: r.ticket_no,
          answer: '王*您好，经核查，路灯已于今日更换，恢复照明。',
          answered_at: undefined,
          rated: false,
        },
      );
      refused(
        await anyone.post(`/api/v1/followup-links/${token}`, { resolved: true }),
        400,
        'validation_failed',
      );
      ok(await anyone.post(`/api/v1/followup-links/${token}`, { resolved: true, satisfaction: 'satisfied' }));
      const seen = ok(await operator.get(`/api/v1/requests/${r.id}`));
      assert.equal(seen.status, 'followed_up');
      assert.equal(seen.followup.by, 'reporter');
      const event = seen.timeline.find((e: any) => e.type === 'follow-up');
      assert.equal(event.payload.channel, 'sms_link');
      assert.equal(ok(await anyone.get(`/api/v1/followup-links/${token}`)).rated, true);
      refused(
        await anyone.post(`/api/v1/followup-links/${token}`, {
          resolved: false,
          satisfaction: 'unsatisfied',
        }),
        409,
        'followup_done',
      );
      refused(
        await operator.act(r.id, 'follow-up', { resolved: false, satisfaction: 'unsatisfied' }),
        409,
        'illegal_transition',
      );
      // the rating counts in the figures
      const m = ok(
        await supervisor.get(
          `/api/v1/metrics?by=department&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
        ),
      );
      assert.ok(m.groups.find((g: any) => g.key === 'housing'));
    });

    test('回访 by link: the operator first, then the link is refused; bad links leak nothing', async () => {
      const phone = newPhone();
      const r = await replied(phone);
      const row = await ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      clock = at(14 * 3_600_000);
      const link = followupLink(ctx, row, clock)!;
      const token = link.split('/f/')[1]!;
      ok(await operator.act(r.id, 'follow-up', { resolved: true, satisfaction: 'basically_satisfied' }));
      const anyone = new Client(app);
      refused(
        await anyone.post(`/api/v1/followup-links/${token}`, { resolved: true, satisfaction: 'satisfied' }),
        409,
        'followup_done',
      );
      const seen = ok(await operator.get(`/api/v1/requests/${r.id}`));
      assert.equal(seen.followup.by, 'operator');
      assert.equal(seen.followup.satisfaction, 'basically_satisfied');

      const other = await replied(newPhone());
      const otherRow = await ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', other.id)
        .executeTakeFirstOrThrow();
      const good = followupLink(ctx, otherRow, clock)!.split('/f/')[1]!;
      const [j, id36, exp, mac] = good.split('.') as [string, string, string, string];
      const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      const forged = signLink(
        linkMac(ctx),
        { jurisdictionId: J, requestId: other.id, expiresAt: new Date(clock.getTime() + 86_400_000) },
        { phoneHash: 'someone-else', repliedAt: otherRow.replied_at! },
      );
      const missing = signLink(
        linkMac(ctx),
        { jurisdictionId: J, requestId: 99_999_999, expiresAt: new Date(clock.getTime() + 86_400_000) },
        { phoneHash: 'x', repliedAt: new Date() },
      );
      for (const bad of [
        `${j}.${id36}.${exp}.${flip(mac)}`,
        `${j}.${(other.id + 1).toString(36)}.${exp}.${mac}`,
        `${j}.${id36}.${(parseInt(exp, 36) + 1).toString(36)}.${mac}`,
        `nowhere.${id36}.${exp}.${mac}`,
        forged,
        missing,
        'not-a-token',
        `${good}x`,
      ]) {
        const res = await anyone.get(`/api/v1/followup-links/${encodeURIComponent(bad)}`);
        const body = refused(res, 404, 'link_invalid');
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'message_en']);
        refused(
          await anyone.post(`/api/v1/followup-links/${encodeURIComponent(bad)}`, {
            resolved: true,
            satisfaction: 'satisfied',
          }),
          404,
          'link_invalid',
        );
      }
      // expired: the days of the link have passed
      serverClock = new Date(clock.getTime() + 8 * 86_400_000);
      refused(await anyone.get(`/api/v1/followup-links/${good}`), 410, 'link_expired');
      refused(
        await anyone.post(`/api/v1/followup-links/${good}`, { resolved: true, satisfaction: 'satisfied' }),
        410,
        'link_expired',
      );
      assert.equal(
        (
          await ctx.db
            .selectFrom('requests')
            .select('status')
            .where('id', '=', other.id)
            .executeTakeFirstOrThrow()
        ).status,
        'replied',
      );
    });
  });
}
