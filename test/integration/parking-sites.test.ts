/**
 * 锡慧停: parking sites (ParkAPI v3 names), their import, live occupancy pushed with an integration key, its
 * history and the forecast — and the sites a dispatcher sees near a 12345 request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import { computeForecasts, forgetModel } from '../../src/parking/commands/forecasts.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { LUMU, schoolSite } from '../support/parking.js';

const J = 'xiangcheng';
for (const kind of dbKinds()) {
  describe(`parking sites and live occupancy (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client, dispatcher: Client, education: Client, anonymous: Client, gate: Client;
    let siteId: number;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin, dispatcher, education] = await Client.loginAll(app, 'admin', 'dispatcher', 'handler.education');
      anonymous = new Client(app);
      gate = Client.withApiKey(app, (await createApiKey(t.ctx.db, J, '道闸系统')).key);
    });
    after(() => closeTestApp(app, t));

    test('an admin adds a site: its area from its point, ParkAPI names out, no live data yet', async () => {
      const site = ok(await admin.post('/api/v1/parking/sites', schoolSite), 201);
      siteId = site.id;
      assert.equal(site.original_uid, 'XC-P-SCHOOL-01');
      assert.equal(site.type, 'OFF_STREET_PARKING_GROUND');
      assert.equal(site.purpose, 'CAR');
      assert.deepEqual(site.area, { code: 'xc-yuanhe-lumu', name: '陆慕社区' });
      assert.deepEqual(site.external_identifiers, [{ type: 'OSM', value: 'way/123456' }]);
      assert.equal(site.has_realtime_data, false);
      assert.equal(site.realtime_free_capacity, null);
      assert.equal(site.realtime_opening_status, 'UNKNOWN');
      assert.equal(site.availability, 'unknown');
      assert.equal(site.open_now, true);
      assert.deepEqual(site.windows, []);
    });

    test('bad sites are refused with a clear 4xx, and nothing is written', async () => {
      const before = ok(await anonymous.get('/api/v1/parking/sites')).total;
      refused(await admin.post('/api/v1/parking/sites', schoolSite), 409, 'conflict');
      refused(
        await admin.post('/api/v1/parking/sites', { ...schoolSite, code: 'X2', lat: 31.0, lon: 121.5 }),
        422,
        'outside_jurisdiction',
      );
      const hours = refused(
        await admin.post('/api/v1/parking/sites', { ...schoolSite, code: 'X3', opening_hours: 'whenever' }),
        400,
        'validation_failed',
      );
      assert.match(hours.error.message, /开放时段/);
      refused(
        await admin.post('/api/v1/parking/sites', {
          ...schoolSite,
          code: 'X4',
          operator_department_code: 'nope',
        }),
        422,
        'unknown_reference',
      );
      refused(
        await admin.post('/api/v1/parking/sites', { ...schoolSite, code: 'X5', capacity_disabled: 101 }),
        400,
        'validation_failed',
      );
      refused(await education.post('/api/v1/parking/sites', { ...schoolSite, code: 'X6' }), 403, 'forbidden');
      refused(
        await anonymous.post('/api/v1/parking/sites', { ...schoolSite, code: 'X7' }),
        401,
        'unauthenticated',
      );
      assert.equal(ok(await anonymous.get('/api/v1/parking/sites')).total, before);
    });

    test('an admin edits a site at its version; a stale version is a conflict', async () => {
      const edited = ok(
        await admin.request('PATCH', `/api/v1/parking/sites/${siteId}`, {
          fee_description: '家长接送时段免费',
          expected_version: 1,
        }),
      );
      assert.equal(edited.version, 2);
      assert.equal(edited.fee_description, '家长接送时段免费');
      refused(
        await admin.request('PATCH', `/api/v1/parking/sites/${siteId}`, {
          capacity: 90,
          expected_version: 1,
        }),
        409,
        'version_conflict',
      );
      refused(
        await education.request('PATCH', `/api/v1/parking/sites/${siteId}`, { capacity: 90 }),
        403,
        'forbidden',
      );
    });

    test('observations: one, a batch, a repeat applied once, a late one kept without moving the live figure', async () => {
      const now = Date.now();
      const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
      const nearSchool = `/api/v1/parking/nearby?lat=${schoolSite.lat}&lon=${schoolSite.lon}&radius=50`;
      assert.equal(ok(await anonymous.get(nearSchool)).items[0].realtime_free_capacity, null);
      const one = ok(
        await gate.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: at(2),
          free: 40,
        }),
      );
      assert.deepEqual(one, { received: 1, applied: 1, duplicates: 0, live_updated: 1 });
      const batch = ok(
        await gate.post('/api/v1/parking/observations', {
          observations: [
            { site: schoolSite.code, observed_at: at(1), occupied: 70 },
            { site: schoolSite.code, observed_at: at(2), free: 40 },
            { site: schoolSite.code, observed_at: at(30), free: 90 },
          ],
        }),
      );
      assert.deepEqual(batch, { received: 3, applied: 2, duplicates: 1, live_updated: 1 });
      const late = ok(
        await gate.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: at(20),
          free: 95,
        }),
      );
      assert.deepEqual(late, { received: 1, applied: 1, duplicates: 0, live_updated: 0 });
      // The nearby query, answered from memory, shows at once what was just written.
      assert.equal(ok(await anonymous.get(nearSchool)).items[0].realtime_free_capacity, 30);
      const site = ok(await anonymous.get(`/api/v1/parking/sites/${siteId}`));
      assert.equal(site.has_realtime_data, true);
      assert.equal(site.realtime_free_capacity, 30);
      assert.equal(site.realtime_capacity, 100);
      assert.equal(site.realtime_opening_status, 'OPEN');
      assert.equal(site.availability, 'ample');
      const span = ok(
        await anonymous.get(
          `/api/v1/parking/sites/${siteId}/timespan?from=${encodeURIComponent(at(60))}&to=${encodeURIComponent(at(0))}`,
        ),
      );
      assert.equal(span.version, 1.1);
      assert.deepEqual(
        span.data.map((d: any) => d.free),
        [90, 95, 40, 30],
      );
    });

    test('a large batch is written in several statements and counted once; a closed site leaves nearby at once', async () => {
      const far = { ...schoolSite, code: 'XC-P-BULK', lat: schoolSite.lat + 0.02 };
      const bulk = ok(await admin.post('/api/v1/parking/sites', far), 201);
      const now = Date.now();
      const observations = Array.from({ length: 250 }, (_, k) => ({
        site: far.code,
        observed_at: new Date(now - (250 - k) * 1000).toISOString(),
        free: k % 100,
      }));
      const r = ok(await gate.post('/api/v1/parking/observations', { observations }));
      assert.deepEqual(r, { received: 250, applied: 250, duplicates: 0, live_updated: 1 });
      const nearBulk = `/api/v1/parking/nearby?lat=${far.lat}&lon=${far.lon}&radius=50`;
      assert.equal(ok(await anonymous.get(nearBulk)).items[0].realtime_free_capacity, 49);
      ok(
        await admin.request('PATCH', `/api/v1/parking/sites/${bulk.id}`, {
          active: false,
          expected_version: bulk.version,
        }),
      );
      assert.deepEqual(ok(await anonymous.get(nearBulk)).items, []);
    });

    test('bad observations are refused whole: future, free above capacity, unknown site, no key', async () => {
      const now = new Date().toISOString();
      const count = async () =>
        Number(
          (
            await t.ctx.db
              .selectFrom('parking_observations')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      for (const [body, reason] of [
        [{ site: schoolSite.code, observed_at: future, free: 1 }, /future/],
        [{ site: schoolSite.code, observed_at: now, free: 101 }, /more than capacity/],
        [{ site: schoolSite.code, observed_at: now, occupied: 101 }, /more than capacity/],
        [{ site: 'NOPE', observed_at: now, free: 1 }, /unknown/],
        [
          {
            observations: [
              { site: schoolSite.code, observed_at: now, free: 1 },
              { site: 'NOPE', observed_at: now, free: 1 },
            ],
          },
          /unknown/,
        ],
      ] as const) {
        const r = refused(await gate.post('/api/v1/parking/observations', body), 400, 'validation_failed');
        assert.match(JSON.stringify(r.error.details), reason);
      }
      refused(
        await gate.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: 'yesterday',
          free: 1,
        }),
        400,
        'validation_failed',
      );
      refused(
        await gate.post('/api/v1/parking/observations', { site: schoolSite.code, observed_at: now }),
        400,
        'validation_failed',
      );
      refused(
        await dispatcher.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: now,
          free: 1,
        }),
        403,
        'forbidden',
      );
      refused(
        await anonymous.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: now,
          free: 1,
        }),
        401,
        'unauthenticated',
      );
      assert.equal(await count(), before);
    });

    test('silent for three intervals, a site shows no live data, never a stale number', async () => {
      const quiet = ok(
        await admin.post('/api/v1/parking/sites', {
          ...schoolSite,
          code: 'XC-P-QUIET',
          name: '陆慕路内泊位',
          kind: 'on_street',
          operator_department_code: null,
          lat: LUMU.lat + 0.001,
          realtime_interval_seconds: 60,
        }),
        201,
      );
      ok(
        await gate.post('/api/v1/parking/observations', {
          site: 'XC-P-QUIET',
          observed_at: new Date(Date.now() - 181_000).toISOString(),
          free: 3,
        }),
      );
      const site = ok(await anonymous.get(`/api/v1/parking/sites/${quiet.id}`));
      assert.equal(site.has_realtime_data, false);
      assert.equal(site.realtime_free_capacity, null);
      assert.equal(site.realtime_data_updated_at, null);
      assert.equal(site.availability, 'unknown');
    });

    test('nearby: within the radius, nearest first, no personal data; a forecast once the history allows one', async () => {
      const near = ok(
        await anonymous.get(`/api/v1/parking/nearby?lat=${LUMU.lat}&lon=${LUMU.lon}&radius=1000`),
      );
      assert.deepEqual(
        near.items.map((s: any) => s.original_uid),
        ['XC-P-SCHOOL-01', 'XC-P-QUIET'],
      );
      assert.ok(near.items[0].distance_m <= near.items[1].distance_m);
      assert.equal(near.items[0].forecast_next_hour, null);
      const far = ok(
        await anonymous.get(`/api/v1/parking/nearby?lat=${LUMU.lat + 0.05}&lon=${LUMU.lon}&radius=1000`),
      );
      assert.deepEqual(far.items, []);
      refused(await anonymous.get('/api/v1/parking/nearby?lat=91&lon=120'), 400, 'validation_failed');

      // Four weeks of half-hour history: busy on weekdays, quiet at night and at weekends.
      const rows = [];
      const start = Math.floor(Date.now() / 1_800_000) * 1_800_000 - 28 * 86_400_000;
      for (let k = 0; k < 28 * 48; k++) {
        const at = new Date(start + k * 1_800_000);
        const local = new Date(at.getTime() + 8 * 3_600_000);
        const hour = local.getUTCHours();
        const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
        const rate = (weekend ? 0.2 : 0.75) * (hour >= 7 && hour < 18 ? 1 : 0.25);
        rows.push({ jurisdiction_id: J, site_id: siteId, slot_start: at, rate_sum: rate, n: 1 });
      }
      await t.ctx.db
        .insertInto('parking_occupancy_slots')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
      forgetModel(t.ctx, J);
      assert.equal(await computeForecasts(t.ctx, J, [siteId]), 1);
      const forecast = ok(await anonymous.get(`/api/v1/parking/sites/${siteId}/forecast?hours=24`));
      assert.equal(forecast.source, 'model');
      assert.equal(forecast.version, 1.1);
      assert.ok(forecast.data.length >= 47, `${forecast.data.length}`);
      for (const p of forecast.data) {
        assert.ok(p.free >= 0 && p.free <= 100);
        assert.ok(p.occupancy_rate >= 0 && p.occupancy_rate <= 1);
      }
      const withForecast = ok(await anonymous.get(`/api/v1/parking/nearby?lat=${LUMU.lat}&lon=${LUMU.lon}`));
      assert.ok(withForecast.items[0].forecast_next_hour);
      const none = ok(await anonymous.get(`/api/v1/parking/sites/${near.items[1].id}/forecast`));
      assert.deepEqual(none.data, []);
      assert.doesNotMatch(JSON.stringify(withForecast), /phone|plate|resident/);
    });

    test('the dispatcher sees the sites and windows near a parking complaint', async () => {
      const r = ok(
        await dispatcher.post('/api/v1/requests', {
          title: '小学门口接送时段乱停车',
          body: '陆慕实验小学门口每天放学时段车辆乱停，堵塞道路，希望开放学校停车场。',
          type: '投诉',
          reporter: { phone: '13912345678' },
          ...LUMU,
        }),
        201,
      );
      const near = ok(await dispatcher.get(`/api/v1/requests/${r.id}/parking?radius=300`));
      assert.equal(near.about_parking, true);
      assert.ok(near.sites.some((s: any) => s.original_uid === 'XC-P-SCHOOL-01'));
      assert.ok(near.sites.every((s: any) => Array.isArray(s.windows)));
      refused(await anonymous.get(`/api/v1/requests/${r.id}/parking`), 401, 'unauthenticated');
      refused(await education.get(`/api/v1/requests/${r.id}/parking`), 404, 'not_found');
    });

    test('import: every row checked first; a bad row refuses the file with the report; then it imports', async () => {
      const header = '编码,名称,类型,运营单位,地址,纬度,经度,总泊位,是否收费,开放时间\n';
      const good = `XC-P-IMP-1,朝阳公共停车场,公共停车场,元和街道,朝阳路,31.35807,120.63387,200,是,24/7\n`;
      const bad = [
        'XC-P-IMP-2,澄和路内泊位,路内泊位,城管,澄和路,31.42211,120.64106,abc,是,24/7',
        'XC-P-IMP-3,外地停车场,公共停车场,某公司,上海,31.0,121.5,50,否,24/7',
        'XC-P-IMP-1,重复编码,学校,某小学,某路,31.37386,120.61034,50,否,Mo-Fr 07:00-18:00',
        'XC-P-IMP-4,蠡口停车场,停车楼,某公司,蠡口,31.37386,120.61034,50,否,24/7',
      ].join('\n');
      const csv = (text: string) => Buffer.from(text).toString('base64');
      const r = refused(
        await admin.post('/api/v1/parking/sites/import', { file_base64: csv(header + good + bad) }),
        400,
        'validation_failed',
      );
      assert.deepEqual(
        r.error.details.errors.map((e: any) => e.line),
        [3, 4, 5, 6],
      );
      assert.match(JSON.stringify(r.error.details.errors), /总泊位/);
      assert.match(JSON.stringify(r.error.details.errors), /不在本辖区内/);
      assert.match(JSON.stringify(r.error.details.errors), /重复/);
      assert.match(JSON.stringify(r.error.details.errors), /不是已知的类型/);
      const dry = ok(
        await admin.post('/api/v1/parking/sites/import', { file_base64: csv(header + good), dry_run: true }),
      );
      assert.deepEqual([dry.imported, dry.created], [false, 1]);
      const done = ok(await admin.post('/api/v1/parking/sites/import', { file_base64: csv(header + good) }));
      assert.deepEqual([done.imported, done.created, done.updated], [true, 1, 0]);
      const again = ok(
        await admin.post('/api/v1/parking/sites/import', {
          file_base64: csv(header + good.replace(',200,', ',220,')),
        }),
      );
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 1, 0]);
      const list = ok(await anonymous.get('/api/v1/parking/sites?text=朝阳'));
      assert.equal(list.items[0].capacity, 220);
      assert.deepEqual(list.items[0].area, { code: 'xc-yuanhe-chaoyang', name: '朝阳社区' });
      refused(
        await education.post('/api/v1/parking/sites/import', { file_base64: csv(header + good) }),
        403,
        'forbidden',
      );
    });
  });
}
