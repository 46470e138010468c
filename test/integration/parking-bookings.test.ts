/**
 * 锡慧停 bookings: share windows opened by a site's department (one answering a community order), passes to an
 * audience, residents booking by phone with a plate, the last space, check-in by plate, no-show release — and
 * a ledger project counting the shared spaces opened.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sweepParking } from '../../src/parking/commands/sweep.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { LUMU, schoolSite } from '../support/parking.js';

const J = 'xiangcheng';
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The next quarter hour, a few minutes ahead. */
const soon = () => Math.ceil((Date.now() + 5 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;

for (const kind of dbKinds()) {
  describe(`parking windows and bookings (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client,
      education: Client,
      urban: Client,
      community: Client,
      supervisor: Client,
      anonymous: Client;
    let parent: Client, neighbour: Client;
    const otps = new Map<string, string>();
    let siteId: number;
    let publicWindow: any, parentsWindow: any;

    const resident = async (phone: string) => {
      ok(await new Client(app).post('/api/v1/auth/otp', { phone }));
      return Client.withToken(
        app,
        ok(await new Client(app).post('/api/v1/auth/otp/verify', { phone, code: otps.get(phone) })).token,
      );
    };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      // The demo city has no committee for 陆慕社区: 果园社区's places the community order.
      [admin, education, urban, community, supervisor] = await Client.loginAll(
        app,
        'admin',
        'handler.education',
        'handler.urban-mgmt',
        'handler.guoyuan-cmte',
        'supervisor',
      );
      anonymous = new Client(app);
      parent = await resident('13900001111');
      neighbour = await resident('13900002222');
      siteId = ok(await admin.post('/api/v1/parking/sites', schoolSite), 201).id;
    });
    after(() => closeTestApp(app, t));

    test('the school’s department opens windows; the site now shares; bad windows are refused', async () => {
      publicWindow = ok(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          name: '错时共享（社会车辆）',
          audience: 'public',
          spaces: 2,
          hours: '24/7',
          valid_from: '2020-01-01',
          max_stay_minutes: 600,
        }),
        201,
      );
      assert.equal(publicWindow.audience_label, '社会公众');
      assert.equal(publicWindow.open_now, true);
      assert.equal(publicWindow.order_request_id, null);
      parentsWindow = ok(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          name: '家长接送',
          audience: 'parents',
          spaces: 10,
          hours: '24/7',
          valid_from: '2020-01-01',
        }),
        201,
      );
      const site = ok(await anonymous.get(`/api/v1/parking/sites/${siteId}`));
      assert.equal(site.shares, true);
      assert.equal(site.windows.length, 2);
      assert.equal(site.windows[0].order_request_id, undefined, 'the public does not see order links');

      const window = { audience: 'public', spaces: 1, hours: '24/7', valid_from: '2020-01-01' };
      refused(await urban.post(`/api/v1/parking/sites/${siteId}/windows`, window), 403, 'forbidden');
      refused(
        await anonymous.post(`/api/v1/parking/sites/${siteId}/windows`, window),
        401,
        'unauthenticated',
      );
      const bad = refused(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          ...window,
          hours: 'Sep-Jun Mo-Fr 07:00-08:00',
        }),
        400,
        'validation_failed',
      );
      assert.match(bad.error.message, /有效期/);
      refused(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, { ...window, spaces: 101 }),
        400,
        'validation_failed',
      );
      refused(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, { ...window, audience: 'residents' }),
        400,
        'validation_failed',
      );
      refused(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          ...window,
          audience: 'residents',
          communities: ['nowhere'],
        }),
        422,
        'unknown_reference',
      );
      refused(await education.post('/api/v1/parking/sites/999999/windows', window), 404, 'not_found');
    });

    test('a resident books the public window with a new-energy plate; sees the plate, the site, a map link', async () => {
      const start = soon();
      const b = ok(
        await neighbour.post('/api/v1/parking/bookings', {
          window_id: publicWindow.id,
          starts_at: iso(start),
          ends_at: iso(start + 120 * MINUTE),
          plate: '苏e·d12345',
        }),
        201,
      );
      assert.equal(b.status, 'confirmed');
      assert.equal(b.plate, '苏ED12345');
      assert.equal(b.site.name, schoolSite.name);
      assert.match(b.navigation_url, /^https:\/\/uri\.amap\.com\/marker\?position=120\.63989,31\.38655/);
      assert.equal(new Date(b.release_at).getTime(), start + 30 * MINUTE);
      const mine = ok(await neighbour.get('/api/v1/parking/bookings/mine'));
      assert.deepEqual(
        mine.items.map((x: any) => x.id),
        [b.id],
      );
      refused(await parent.get(`/api/v1/parking/bookings/${b.id}`), 404, 'not_found');
    });

    test('the last space: a second resident is refused with a clear message; nothing half-written', async () => {
      const start = soon() + 60 * MINUTE;
      const body = (plate: string) => ({
        window_id: publicWindow.id,
        starts_at: iso(start),
        ends_at: iso(start + 30 * MINUTE),
        plate,
      });
      ok(await parent.post('/api/v1/parking/bookings', body('苏E12345')), 201);
      const count = async () =>
        Number(
          (
            await t.ctx.db
              .selectFrom('parking_bookings')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const third = await resident('13900003333');
      const full = refused(
        await third.post('/api/v1/parking/bookings', body('苏E54321')),
        409,
        'parking_full',
      );
      assert.match(full.error.message, /约满/);
      assert.equal(await count(), before);
    });

    test('bad bookings: invalid plate, the past, closed hours, own overlap, too long, not the audience', async () => {
      const start = soon() + 300 * MINUTE;
      const body = { window_id: publicWindow.id, starts_at: iso(start), ends_at: iso(start + 60 * MINUTE) };
      refused(
        await parent.post('/api/v1/parking/bookings', { ...body, plate: '苏O12345' }),
        400,
        'validation_failed',
      );
      refused(
        await parent.post('/api/v1/parking/bookings', { ...body, plate: 'ABC123' }),
        400,
        'validation_failed',
      );
      const past = refused(
        await parent.post('/api/v1/parking/bookings', {
          ...body,
          starts_at: iso(Date.now() - 3_600_000),
          ends_at: iso(Date.now() - 1_800_000),
          plate: '苏E12345',
        }),
        422,
        'booking_refused',
      );
      assert.equal(past.error.details.reason, 'in_the_past');
      const long = refused(
        await parent.post('/api/v1/parking/bookings', {
          ...body,
          ends_at: iso(start + 601 * MINUTE),
          plate: '苏E12345',
        }),
        422,
        'booking_refused',
      );
      assert.equal(long.error.details.reason, 'too_long');
      // The neighbour already holds a booking from soon() to soon() + 2 h.
      const overlap = refused(
        await neighbour.post('/api/v1/parking/bookings', {
          window_id: parentsWindow.id,
          starts_at: iso(soon()),
          ends_at: iso(soon() + 30 * MINUTE),
          plate: '苏E99999',
        }),
        403,
        'forbidden',
      );
      assert.match(overlap.error.message, /接送学生家长/);
      const hour = new Date(Date.now() + 8 * 3_600_000).getUTCHours();
      const closed = ok(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          audience: 'public',
          spaces: 5,
          hours: `${String((hour + 6) % 24).padStart(2, '0')}:00-${String((hour + 7) % 24).padStart(2, '0')}:00`,
          valid_from: '2020-01-01',
        }),
        201,
      );
      const r = refused(
        await parent.post('/api/v1/parking/bookings', {
          window_id: closed.id,
          starts_at: iso(soon()),
          ends_at: iso(soon() + 30 * MINUTE),
          plate: '苏E12345',
        }),
        422,
        'booking_refused',
      );
      assert.equal(r.error.details.reason, 'window_closed');
      refused(
        await parent.post('/api/v1/parking/bookings', { ...body, window_id: 999999, plate: '苏E12345' }),
        404,
        'not_found',
      );
      refused(
        await education.post('/api/v1/parking/bookings', { ...body, plate: '苏E12345' }),
        403,
        'forbidden',
      );
      const twice = await resident('13900004444');
      const first = { window_id: parentsWindow.id, plate: '苏E44444' };
      ok(
        await education.post('/api/v1/parking/passes', {
          phone: '13900004444',
          audience: 'parents',
          site_id: siteId,
        }),
        201,
      );
      ok(
        await twice.post('/api/v1/parking/bookings', {
          ...first,
          starts_at: iso(start),
          ends_at: iso(start + 60 * MINUTE),
        }),
        201,
      );
      const own = refused(
        await twice.post('/api/v1/parking/bookings', {
          ...first,
          plate: '苏E44445',
          starts_at: iso(start + 30 * MINUTE),
          ends_at: iso(start + 90 * MINUTE),
        }),
        409,
        'booking_overlap',
      );
      assert.equal(own.error.details.reason, 'resident');
    });

    test('passes: the school admits a parent, who then books the parents’ window; revoked, no more', async () => {
      refused(
        await urban.post('/api/v1/parking/passes', {
          phone: '13900001111',
          audience: 'parents',
          site_id: siteId,
        }),
        403,
        'forbidden',
      );
      const pass = ok(
        await education.post('/api/v1/parking/passes', {
          phone: '13900001111',
          audience: 'parents',
          site_id: siteId,
          note: '一年级（2）班',
        }),
        201,
      );
      assert.equal(pass.phone_mask, '139****1111');
      const site = ok(await parent.get(`/api/v1/parking/sites/${siteId}`));
      assert.deepEqual(
        site.windows.map((w: any) => [w.audience, w.eligible]),
        [
          ['public', true],
          ['parents', true],
          ['public', true],
        ],
      );
      const start = soon() + 600 * MINUTE;
      ok(
        await parent.post('/api/v1/parking/bookings', {
          window_id: parentsWindow.id,
          starts_at: iso(start),
          ends_at: iso(start + 30 * MINUTE),
          plate: '苏E12345',
        }),
        201,
      );
      const list = ok(await education.get(`/api/v1/parking/passes?site_id=${siteId}`));
      assert.ok(list.items.some((p: any) => p.id === pass.id));
      assert.doesNotMatch(JSON.stringify(list), /13900001111/);
      refused(await urban.get(`/api/v1/parking/passes?site_id=${siteId}`), 403, 'forbidden');
      const revoked = ok(await education.request('DELETE', `/api/v1/parking/passes/${pass.id}`));
      assert.ok(revoked.revoked_at);
      const after = ok(await parent.get(`/api/v1/parking/sites/${siteId}`));
      assert.equal(after.windows[1].eligible, false);
    });

    test('check-in by plate: the operator sees it in full then, masked otherwise; a stranger cannot', async () => {
      const mine = ok(await neighbour.get('/api/v1/parking/bookings/mine')).items[0];
      refused(
        await urban.post(`/api/v1/parking/sites/${siteId}/check-in`, { plate: '苏ED12345' }),
        403,
        'forbidden',
      );
      const none = refused(
        await education.post(`/api/v1/parking/sites/${siteId}/check-in`, { plate: '苏E77777' }),
        404,
        'not_found',
      );
      assert.match(none.error.message, /没有当前可入场的预约/);
      const checked = ok(
        await education.post(`/api/v1/parking/sites/${siteId}/check-in`, { plate: '苏ED12345' }),
      );
      assert.equal(checked.id, mine.id);
      assert.equal(checked.status, 'checked_in');
      assert.equal(checked.plate, '苏ED12345');
      assert.equal(checked.plate_mask, '苏E****45');
      const day = ok(await education.get(`/api/v1/parking/sites/${siteId}/bookings`));
      assert.ok(day.items.length >= 1);
      assert.doesNotMatch(JSON.stringify(day), /苏ED12345|苏E12345|13900/);
      refused(await urban.get(`/api/v1/parking/sites/${siteId}/bookings`), 403, 'forbidden');
      refused(await neighbour.post(`/api/v1/parking/bookings/${mine.id}/cancel`), 409, 'illegal_transition');
      const done = ok(await education.post(`/api/v1/parking/bookings/${mine.id}/complete`));
      assert.equal(done.status, 'completed');
      assert.equal(ok(await neighbour.get(`/api/v1/parking/bookings/${mine.id}`)).status, 'completed');
      const publicViews = JSON.stringify([
        ok(await anonymous.get('/api/v1/parking/sites')),
        ok(await anonymous.get(`/api/v1/parking/sites/${siteId}`)),
        ok(await anonymous.get(`/api/v1/parking/nearby?lat=${LUMU.lat}&lon=${LUMU.lon}`)),
      ]);
      assert.doesNotMatch(publicViews, /苏E|139\d|plate|phone/);
    });

    test('a resident cancels; a booking nobody checks in is released as a no-show by the sweep', async () => {
      const start = soon() + 720 * MINUTE;
      const b = ok(
        await neighbour.post('/api/v1/parking/bookings', {
          window_id: publicWindow.id,
          starts_at: iso(start),
          ends_at: iso(start + 30 * MINUTE),
          plate: '苏ED12345',
        }),
        201,
      );
      assert.equal(ok(await neighbour.post(`/api/v1/parking/bookings/${b.id}/cancel`)).status, 'cancelled');
      refused(await parent.post(`/api/v1/parking/bookings/${b.id}/cancel`), 404, 'not_found');
      const later = new Date(Date.now() + 3 * 3_600_000);
      const swept = await sweepParking({ ...t.ctx, now: () => later }, J);
      assert.ok(swept.released >= 1, JSON.stringify(swept));
      const mine = ok(await parent.get('/api/v1/parking/bookings/mine')).items;
      assert.ok(mine.some((x: any) => x.status === 'no_show' && x.status_label.includes('释放')));
      assert.ok(
        mine.every((x: any) => x.status !== 'confirmed' || Date.parse(x.starts_at) > later.getTime()),
      );
    });

    test('a community order asks a unit to share; the department answers with a window linked to the order', async () => {
      const order = ok(
        await community.post('/api/v1/orders', {
          title: '申请学校停车场夜间向居民错时开放',
          body: '小区周边夜间停车难，请教育局协调陆慕实验小学停车场夜间开放。',
          department_code: 'education',
        }),
        201,
      );
      refused(
        await urban.post(`/api/v1/parking/sites/${siteId}/windows`, {
          audience: 'public',
          spaces: 5,
          hours: 'Mo-Fr 19:00-07:00; Sa,Su,PH 00:00-24:00',
          valid_from: '2020-01-01',
          order_request_id: order.id,
        }),
        403,
        'forbidden',
      );
      const w = ok(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          name: '夜间错时共享',
          audience: 'residents',
          communities: ['xc-yuanhe-lumu'],
          spaces: 30,
          hours: 'Mo-Fr 19:00-07:00; Sa,Su,PH 00:00-24:00',
          valid_from: '2020-01-01',
          order_request_id: order.id,
        }),
        201,
      );
      assert.equal(w.order_request_id, order.id);
      const timeline = ok(await community.get(`/api/v1/requests/${order.id}`)).timeline;
      const e = timeline.find((x: any) => x.type === 'parking-window');
      assert.equal(e.payload.window_id, w.id);
      assert.equal(e.payload.spaces, 30);
      const listed = ok(await community.get(`/api/v1/parking/windows?order_request_id=${order.id}`));
      assert.deepEqual(
        listed.items.map((x: any) => x.id),
        [w.id],
      );
      refused(await urban.get(`/api/v1/parking/windows?order_request_id=${order.id}`), 404, 'not_found');
      refused(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          audience: 'public',
          spaces: 1,
          hours: '24/7',
          valid_from: '2020-01-01',
          order_request_id: 999999,
        }),
        422,
        'unknown_reference',
      );
    });

    test('a ledger project counts the shared spaces opened this year: the bulletin is true by construction', async () => {
      const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
      const p = ok(
        await supervisor.post('/api/v1/projects', {
          title: '新增错时共享泊位500个',
          level: 'city_published',
          owner_department_code: 'urban-mgmt',
          due_date: `${year}-12-31`,
          year,
          target: '全年新增错时共享泊位500个',
          public: true,
        }),
        201,
      );
      const sourced = ok(
        await supervisor.request('PUT', `/api/v1/projects/${p.id}/progress-source`, {
          source: { kind: 'parking_shared_spaces', target: 500 },
        }),
      );
      assert.equal(sourced.progress_mode, 'parking');
      assert.equal(sourced.progress, 0, 'the windows so far began in 2020');
      ok(
        await education.post(`/api/v1/parking/sites/${siteId}/windows`, {
          audience: 'public',
          spaces: 50,
          hours: 'Sa,Su 08:00-20:00',
          valid_from: `${year}-01-01`,
        }),
        201,
      );
      const counted = ok(await supervisor.get(`/api/v1/projects/${p.id}`));
      assert.equal(counted.progress, 10);
      const refusedHand = refused(
        await supervisor.post(`/api/v1/projects/${p.id}/progress`, { progress: 80, note: '手工填报' }),
        400,
        'validation_failed',
      );
      assert.match(JSON.stringify(refusedHand.error.details), /停车模块/);
      const bulletin = ok(await anonymous.get(`/api/v1/projects/bulletin?year=${year}`));
      assert.equal(bulletin.projects.find((x: any) => x.id === p.id).progress, 10);
    });
  });
}
