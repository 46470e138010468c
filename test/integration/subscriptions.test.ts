/**
 * Area alerts end to end on both databases, against a real SMTP server started here: subscribe by e-mail → the
 * confirmation mail → its link → a public request in the area → the digest mail with it (and nothing private or
 * elsewhere) → at most one a day → the unsubscribe link → no further mail. Refusals: a bad address, a bad scope,
 * tampered, expired and used links; the same answer whether or not a subscription exists; SMS only to a
 * logged-in resident's own phone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { Channels } from '../../src/delivery/channels/registry.js';
import { deliverOutbox } from '../../src/delivery/worker.js';
import { queueDigests } from '../../src/subscriptions/commands/queue-digests.js';
import { subscriptionMac } from '../../src/subscriptions/links.js';
import { signSubscriptionLink } from '../../src/subscriptions/token.js';
import { centroidOf } from '../support/areas.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { fakeSmtp } from '../support/fake-providers.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const J = 'xiangcheng';
const COMMUNITY = 'xc-wangting-guoyuan';
const NAME = '钱多多';
const PHONE = '13822224444';
const DAY = 86_400_000;

for (const kind of dbKinds()) {
  describe(`area alerts by e-mail (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
    let channels: Channels;
    let operator: Client;
    let dispatcher: Client;
    const anyone = () => new Client(app);
    /** The clock of the server and the jobs: real time unless a test freezes it. */
    let clock: Date | null = null;
    const otps = new Map<string, string>();

    before(async () => {
      smtp = await fakeSmtp();
      t = await openTestContext(kind, {
        BANSHI_SMTP_URL: smtp.url,
        BANSHI_PUBLIC_URL: 'https://12345.example.cn',
        BANSHI_PUBLIC_RATE_LIMIT: '100000',
      });
      ctx = { ...t.ctx, now: () => clock ?? new Date() };
      app = await testApp(ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      const admin = await Client.login(app, 'admin');
      [operator, dispatcher] = await Client.loginAll(app, 'operator', 'dispatcher');
      ok(await admin.request('PUT', '/api/v1/delivery/settings', { sms: 'log', email: 'smtp' }));
      channels = new Channels(ctx.config.delivery, ctx.log);
    });
    after(async () => {
      await channels.close();
      await closeTestApp(app, t);
      await smtp.close();
    });

    const deliver = async () => {
      while ((await deliverOutbox(ctx, channels, { limit: 100 })).claimed === 100);
    };
    const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
    const linkIn = (text: string, kind: 'confirm' | 'unsubscribe') =>
      new RegExp(`https://12345\\.example\\.cn/subscriptions/${kind}/(\\S+)`).exec(text)?.[1];
    const file = async (over: Record<string, unknown> = {}) =>
      ok(
        await operator.post('/api/v1/requests', {
          title: '楼道灯坏了',
          body: `我是${NAME}，电话${PHONE}，果园新村5号楼楼道灯坏了两周`,
          type: '投诉',
          area_code: COMMUNITY,
          category_code: '010201',
          reporter: { name: NAME, phone: PHONE },
          ...over,
        }),
        201,
      ) as { id: number; ticket_no: string };
    /** Runs the digest job at a frozen time, then delivers. */
    const digestAt = async (at: Date) => {
      clock = at;
      try {
        const queued = await queueDigests(ctx, J);
        await deliver();
        return queued;
      } finally {
        clock = null;
      }
    };

    test('subscribe → confirm → digest of the area’s public updates → unsubscribe → no more mail', async () => {
      const address = 'Neighbour@Example.cn';
      assert.deepEqual(
        ok(await anyone().post('/api/v1/subscriptions', { email: address, area_code: 'xc-wangting' })),
        { status: 'confirmation_sent' },
      );
      await deliver();
      const [confirmation] = mailsTo('neighbour@example.cn');
      assert.ok(confirmation, 'the confirmation mail arrived');
      assert.match(confirmation.subject, /请确认订阅/);
      assert.ok(confirmation.text.includes('望亭'), confirmation.text);
      const token = linkIn(confirmation.text, 'confirm')!;
      assert.ok(token);

      // before confirming, nothing is sent
      await file();
      assert.equal(await digestAt(new Date()), 0);

      const confirmed = ok(await anyone().post('/api/v1/subscriptions/confirm', { token }));
      assert.equal(confirmed.status, 'active');
      assert.match(confirmed.scope, /望亭/);
      refused(await anyone().post('/api/v1/subscriptions/confirm', { token }), 410, 'subscription_link_used');

      const inside = await file();
      const elsewhere = await file({ area_code: 'xc-yuanhe' });
      const hidden = await file({ public_consent: false });
      const report = await file({ type: '举报' });
      const answered = await file({ title: '垃圾清运不及时' });
      ok(await dispatcher.act(answered.id, 'dispatch', { department_code: 'housing' }));

      const first = new Date();
      assert.equal(await digestAt(first), 1);
      const digests = mailsTo('neighbour@example.cn').slice(1);
      assert.equal(digests.length, 1);
      const digest = digests[0]!;
      assert.match(digest.subject, /公开诉求提醒/);
      for (const r of [inside, answered])
        assert.ok(digest.text.includes(`/public/requests/${r.ticket_no}`), `${r.ticket_no} is in the digest`);
      assert.match(digest.text, /\[已派单\] 垃圾清运不及时/);
      for (const r of [elsewhere, hidden, report])
        assert.ok(!digest.text.includes(r.ticket_no), `${r.ticket_no} is not in the digest`);
      assert.ok(!digest.text.includes(PHONE) && !digest.text.includes(NAME), 'no personal data');
      const unsubscribeToken = linkIn(digest.text, 'unsubscribe')!;
      assert.ok(unsubscribeToken);

      // at most one a day: a later request waits for the next day's digest, which tells only what is new
      const next = await file({ title: '路面破损' });
      assert.equal(await digestAt(new Date()), 0);
      assert.equal(await digestAt(new Date(first.getTime() + DAY - 60_000)), 0);
      assert.equal(await digestAt(new Date(first.getTime() + DAY)), 1);
      const second = mailsTo('neighbour@example.cn').at(-1)!;
      assert.ok(second.text.includes(next.ticket_no));
      assert.ok(!second.text.includes(inside.ticket_no), 'what the last digest told is not told again');

      assert.equal(
        ok(await anyone().post('/api/v1/subscriptions/unsubscribe', { token: unsubscribeToken })).status,
        'unsubscribed',
      );
      refused(
        await anyone().post('/api/v1/subscriptions/unsubscribe', { token: unsubscribeToken }),
        410,
        'subscription_link_used',
      );
      const count = mailsTo('neighbour@example.cn').length;
      await file();
      assert.equal(await digestAt(new Date(first.getTime() + 3 * DAY)), 0);
      assert.equal(mailsTo('neighbour@example.cn').length, count, 'no mail after unsubscribing');
    });

    test('a circle around a place, of one category: only requests placed within it, of that category', async () => {
      const centre = await centroidOf(ctx, COMMUNITY);
      const address = 'circle@example.cn';
      ok(
        await anyone().post('/api/v1/subscriptions', {
          email: address,
          ...centre,
          radius_m: 300,
          category_code: '0102',
        }),
      );
      await deliver();
      const token = linkIn(mailsTo(address)[0]!.text, 'confirm')!;
      ok(await anyone().post('/api/v1/subscriptions/confirm', { token }));
      const near = await file({ ...centre });
      const far = await file({ lat: centre.lat + 0.02, lon: centre.lon });
      const otherKind = await file({ ...centre, category_code: '0301' });
      const unplaced = await file();
      assert.equal(await digestAt(new Date()), 1);
      const digest = mailsTo(address).at(-1)!;
      assert.ok(digest.text.includes(near.ticket_no));
      for (const r of [far, otherKind, unplaced]) assert.ok(!digest.text.includes(r.ticket_no), r.ticket_no);
      assert.match(digest.subject, /周边 300 米/);
    });

    test('the same answer for a new address, a waiting one, a subscribed one; one link mail at a time', async () => {
      const body = { email: 'twice@example.cn', area_code: COMMUNITY };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(ok(await anyone().post('/api/v1/subscriptions', body)));
      assert.deepEqual(new Set(answers.map((a) => JSON.stringify(a))).size, 1);
      await deliver();
      assert.equal(mailsTo('twice@example.cn').length, 1, 'one confirmation within minutes');
      const token = linkIn(mailsTo('twice@example.cn')[0]!.text, 'confirm')!;
      ok(await anyone().post('/api/v1/subscriptions/confirm', { token }));
      assert.deepEqual(ok(await anyone().post('/api/v1/subscriptions', body)), answers[0]);
      await deliver();
      assert.equal(mailsTo('twice@example.cn').length, 1, 'a subscribed address is not mailed again');
    });

    test('subscribing again after unsubscribing: a new confirmation; the old links no longer work', async () => {
      const body = { email: 'again@example.cn', area_code: COMMUNITY };
      ok(await anyone().post('/api/v1/subscriptions', body));
      await deliver();
      const confirm1 = linkIn(mailsTo('again@example.cn')[0]!.text, 'confirm')!;
      const unsubscribe1 = linkIn(mailsTo('again@example.cn')[0]!.text, 'unsubscribe')!;
      ok(await anyone().post('/api/v1/subscriptions/unsubscribe', { token: unsubscribe1 }));
      ok(await anyone().post('/api/v1/subscriptions', body));
      await deliver();
      assert.equal(mailsTo('again@example.cn').length, 2);
      refused(
        await anyone().post('/api/v1/subscriptions/confirm', { token: confirm1 }),
        410,
        'subscription_link_used',
      );
      const confirm2 = linkIn(mailsTo('again@example.cn')[1]!.text, 'confirm')!;
      assert.notEqual(confirm2, confirm1);
      ok(await anyone().post('/api/v1/subscriptions/confirm', { token: confirm2 }));
    });

    test('bad input: a clear 4xx with its code, and no subscription written', async () => {
      const post = (body: unknown) => anyone().post('/api/v1/subscriptions', body);
      const before = await ctx.db
        .selectFrom('subscriptions')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirst();
      for (const email of ['not-an-email', 'a@b', '王五 <w@example.cn>', 'a@example.cn, b@example.cn', ''])
        refused(await post({ email, area_code: COMMUNITY }), 400, 'invalid_email');
      refused(await post({ area_code: COMMUNITY }), 400, 'validation_failed');
      refused(await post({ email: 'x@example.cn' }), 400, 'subscription_scope');
      refused(
        await post({ email: 'x@example.cn', area_code: COMMUNITY, lat: 31.45, lon: 120.64, radius_m: 500 }),
        400,
        'subscription_scope',
      );
      refused(await post({ email: 'x@example.cn', lat: 31.45, lon: 120.64 }), 400, 'subscription_scope');
      refused(
        await post({ email: 'x@example.cn', lat: 31.45, lon: 120.64, radius_m: 50 }),
        400,
        'subscription_scope',
      );
      refused(
        await post({ email: 'x@example.cn', lat: 31.45, lon: 120.64, radius_m: 50_000 }),
        400,
        'subscription_scope',
      );
      refused(
        await post({ email: 'x@example.cn', lat: 39.9, lon: 116.4, radius_m: 500 }),
        422,
        'outside_jurisdiction',
      );
      refused(await post({ email: 'x@example.cn', area_code: 'nowhere' }), 422, 'unknown_reference');
      refused(
        await post({ email: 'x@example.cn', area_code: COMMUNITY, category_code: '99' }),
        422,
        'unknown_reference',
      );
      refused(
        await post({ email: 'x@example.cn', area_code: COMMUNITY, extra: 1 }),
        400,
        'validation_failed',
      );
      const after = await ctx.db
        .selectFrom('subscriptions')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(after!.n), Number(before!.n));
    });

    test('links: tampered or unknown 404 alike, expired 410, each only for its own purpose', async () => {
      ok(await anyone().post('/api/v1/subscriptions', { email: 'links@example.cn', area_code: COMMUNITY }));
      await deliver();
      const token = linkIn(mailsTo('links@example.cn')[0]!.text, 'confirm')!;
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      const mac = subscriptionMac(ctx);
      const unknown = signSubscriptionLink(mac, {
        purpose: 'unsubscribe',
        jurisdictionId: J,
        subscriptionId: 999_999,
        seq: 1,
        expiresAt: new Date(Date.now() + DAY),
      });
      const tampered = [`${token.slice(0, -1)}${last}`, 'nonsense', token.replace(/^c/, 'u')];
      for (const bad of tampered)
        for (const path of ['confirm', 'unsubscribe'])
          refused(await anyone().post(`/api/v1/subscriptions/${path}`, { token: bad }), 404, 'link_invalid');
      refused(
        await anyone().post('/api/v1/subscriptions/unsubscribe', { token: unknown }),
        404,
        'link_invalid',
      );
      const row = await ctx.db
        .selectFrom('subscriptions')
        .select(['id', 'token_seq'])
        .where('scope_key', 'like', `area:${COMMUNITY}|%`)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const expired = signSubscriptionLink(mac, {
        purpose: 'confirm',
        jurisdictionId: J,
        subscriptionId: Number(row.id),
        seq: row.token_seq,
        expiresAt: new Date(Date.now() - 1000),
      });
      refused(
        await anyone().post('/api/v1/subscriptions/confirm', { token: expired }),
        410,
        'subscription_link_expired',
      );
      refused(
        await anyone().post('/api/v1/subscriptions/confirm', { token: 'x'.repeat(500) }),
        400,
        'text_too_long',
      );
      ok(await anyone().post('/api/v1/subscriptions/confirm', { token }));
    });

    test('SMS: only a logged-in resident, to their own phone, active at once; the digest goes by SMS', async () => {
      const body = { area_code: COMMUNITY };
      refused(await anyone().post('/api/v1/me/subscriptions', body), 401, 'unauthenticated');
      refused(await operator.post('/api/v1/me/subscriptions', body), 403, 'forbidden');
      refused(
        await anyone().post('/api/v1/subscriptions', { ...body, channel: 'sms' }),
        400,
        'validation_failed',
      );
      const phone = '13912340001';
      const resident = await Client.resident(app, otps, phone);
      assert.deepEqual(ok(await resident.post('/api/v1/me/subscriptions', body)), { status: 'active' });
      const filed = await file({ title: '短信订阅测试' });
      // daytime in Shanghai (no quiet hours): 10:00 there
      const now = new Date();
      const morning = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));
      await digestAt(morning);
      clock = morning;
      try {
        await deliver();
      } finally {
        clock = null;
      }
      const sent = await ctx.db
        .selectFrom('outbox')
        .select(['status', 'channel', 'payload'])
        .where('topic', '=', 'subscription.digest')
        .where('recipient_hash', '=', ctx.vault.hash(phone))
        .execute();
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.status, 'sent');
      assert.equal(sent[0]!.channel, 'log');
      const text = (sent[0]!.payload as { text: string }).text;
      assert.match(text, /^您订阅的/);
      assert.ok(!text.includes(filed.ticket_no), 'the SMS points to the public page instead of listing');
      assert.ok(!JSON.stringify(sent[0]!.payload).includes(phone), 'the phone is stored encrypted');
    });
  });
}
