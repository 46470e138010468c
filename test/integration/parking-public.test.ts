/**
 * The public availability map's API: anyone reads the active sites (in a box) with their live free spaces or
 * "no live data" in ParkAPI v3's fields — and never a plate, a phone, a resident or a booking, even with
 * bookings made; rate-limited like every public route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { LUMU, schoolSite } from '../support/parking.js';

const J = 'xiangcheng';
const MINUTE = 60_000;
const PHONE = '13900004001';
const PLATE = '苏E40001';

for (const kind of dbKinds()) {
  describe(`the public availability map (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let anonymous: Client;
    const otps = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      const [admin] = await Client.loginAll(app, 'admin');
      anonymous = new Client(app);
      const site = ok(await admin!.post('/api/v1/parking/sites', schoolSite), 201).id;
      ok(
        await admin!.post('/api/v1/parking/sites', {
          ...schoolSite,
          code: 'XC-P-FAR',
          name: '远处停车场',
          osm_id: null,
          lat: LUMU.lat + 0.05,
        }),
        201,
      );
      ok(
        await admin!.post('/api/v1/parking/sites', {
          ...schoolSite,
          code: 'XC-P-CLOSED',
          name: '已停用停车场',
          osm_id: null,
          active: false,
        }),
        201,
      );
      const window = ok(
        await admin!.post(`/api/v1/parking/sites/${site}/windows`, {
          audience: 'public',
          spaces: 5,
          hours: '24/7',
          valid_from: '2020-01-01',
        }),
        201,
      ).id;
      ok(await new Client(app).post('/api/v1/auth/otp', { phone: PHONE }));
      const resident = Client.withToken(
        app,
        ok(await new Client(app).post('/api/v1/auth/otp/verify', { phone: PHONE, code: otps.get(PHONE) }))
          .token,
      );
      const start = Math.ceil((Date.now() + 5 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
      ok(
        await resident.post('/api/v1/parking/bookings', {
          window_id: window,
          starts_at: new Date(start).toISOString(),
          ends_at: new Date(start + 60 * MINUTE).toISOString(),
          plate: PLATE,
        }),
        201,
      );
      const gate = Client.withApiKey(app, (await createApiKey(t.ctx.db, J, '道闸系统')).key);
      ok(
        await gate.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: new Date().toISOString(),
          free: 42,
        }),
      );
    });
    after(() => closeTestApp(app, t));

    test('anyone reads the active sites with live free spaces or no live data, in ParkAPI fields', async () => {
      const a = ok(await anonymous.get('/api/v1/parking/availability'));
      assert.equal(a.total, 2);
      assert.equal(a.clipped, false);
      const [school, far] = a.items;
      assert.equal(school.original_uid, schoolSite.code);
      assert.equal(school.purpose, 'CAR');
      assert.equal(school.type, 'OFF_STREET_PARKING_GROUND');
      assert.equal(school.has_realtime_data, true);
      assert.equal(school.realtime_free_capacity, 42);
      assert.equal(school.realtime_capacity, 100);
      assert.equal(school.realtime_opening_status, 'OPEN');
      assert.equal(school.availability, 'ample');
      assert.equal(far.original_uid, 'XC-P-FAR');
      assert.equal(far.has_realtime_data, false);
      assert.equal(far.realtime_free_capacity, null);
      assert.equal(far.realtime_opening_status, 'UNKNOWN');
      assert.equal(far.availability, 'unknown');
      assert.equal('operator_department_code' in school, false, 'no internal fields');
    });

    test('the answer carries no plate, phone, resident or booking', async () => {
      const text = JSON.stringify(ok(await anonymous.get('/api/v1/parking/availability')));
      assert.doesNotMatch(text, /苏E\d|E40001|139\d{8}|plate|phone|booking|\bresident\b/i);
    });

    test('a box narrows the sites; a limit clips them and says so; a bad box is a 400', async () => {
      const box = [LUMU.lon - 0.01, LUMU.lat - 0.01, LUMU.lon + 0.01, LUMU.lat + 0.01].join(',');
      const near = ok(await anonymous.get(`/api/v1/parking/availability?bbox=${box}`));
      assert.deepEqual(
        near.items.map((s: any) => s.original_uid),
        [schoolSite.code],
      );
      const one = ok(await anonymous.get('/api/v1/parking/availability?limit=1'));
      assert.equal(one.items.length, 1);
      assert.equal(one.total, 2);
      assert.equal(one.clipped, true);
      refused(await anonymous.get('/api/v1/parking/availability?bbox=1,2,3'), 400, 'validation_failed');
    });

    test('rate-limited like the other public routes', async () => {
      const limited = await testApp({ ...t.ctx, config: { ...t.ctx.config, publicRateLimit: 2 } });
      try {
        const get = () => limited.inject({ method: 'GET', url: '/api/v1/parking/availability' });
        assert.equal((await get()).statusCode, 200);
        assert.equal((await get()).statusCode, 200);
        assert.equal((await get()).statusCode, 429);
      } finally {
        await limited.close();
      }
    });
  });
}
