/**
 * The dashboard's parking figures on known data: two windows (24/7 and 08:00–10:00) of one site, four bookings
 * of a day (one completed, one released as a no-show, one held, one cancelled), two sites of which one pushes
 * live data — shared spaces, utilisation by hour, bookings, no-show rate and silent sites, as computed by hand.
 * And who may read them: the dashboard's readers, not a handler, not the public.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import { localDate, nextDate, startOfLocalDay } from '../../src/requests/deadlines.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { LUMU, schoolSite } from '../support/parking.js';

const J = 'xiangcheng';
const TZ = 'Asia/Shanghai';
/** The day of the bookings, two days ahead, and its local hours. */
const DAY = localDate(new Date(Date.now() + 2 * 86_400_000), TZ);
const FROM = startOfLocalDay(DAY, TZ);
const TO = startOfLocalDay(nextDate(DAY), TZ);
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00+08:00`).toISOString();

for (const kind of dbKinds()) {
  describe(`parking figures for the dashboard (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client, supervisor: Client, head: Client, handler: Client, anonymous: Client;
    const otps = new Map<string, string>();
    const resident = async (phone: string) => {
      ok(await new Client(app).post('/api/v1/auth/otp', { phone }));
      return Client.withToken(
        app,
        ok(await new Client(app).post('/api/v1/auth/otp/verify', { phone, code: otps.get(phone) })).token,
      );
    };
    const figures = (c: Client) =>
      c.get(
        `/api/v1/parking/figures?from=${encodeURIComponent(FROM.toISOString())}&to=${encodeURIComponent(TO.toISOString())}`,
      );

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [admin, supervisor, head, handler] = await Client.loginAll(
        app,
        'admin',
        'supervisor',
        'head.urban-mgmt',
        'handler.education',
      );
      anonymous = new Client(app);

      const site = ok(await admin.post('/api/v1/parking/sites', schoolSite), 201).id;
      ok(
        await admin.post('/api/v1/parking/sites', {
          ...schoolSite,
          code: 'XC-P-SILENT',
          name: '无数据停车场',
          osm_id: null,
          lat: LUMU.lat + 0.001,
        }),
        201,
      );
      const window = async (name: string, spaces: number, hours: string) =>
        ok(
          await admin.post(`/api/v1/parking/sites/${site}/windows`, {
            name,
            audience: 'public',
            spaces,
            hours,
            valid_from: '2020-01-01',
          }),
          201,
        ).id as number;
      const allDay = await window('全天', 4, '24/7');
      const morning = await window('早间', 2, 'Mo-Su 08:00-10:00');

      const book = async (who: Client, window_id: number, from: string, to: string, plate: string) =>
        ok(
          await who.post('/api/v1/parking/bookings', {
            window_id,
            starts_at: at(from),
            ends_at: at(to),
            plate,
          }),
          201,
        ).id as number;
      const completed = await book(await resident('13900003001'), allDay, '08:00', '09:30', '苏E30001');
      const noShow = await book(await resident('13900003002'), morning, '09:00', '10:00', '苏E30002');
      await book(await resident('13900003003'), allDay, '09:00', '10:00', '苏E30003');
      const cancelling = await resident('13900003004');
      const cancelled = await book(cancelling, allDay, '12:00', '13:00', '苏E30004');
      ok(await cancelling.post(`/api/v1/parking/bookings/${cancelled}/cancel`));
      // The day is ahead: what the gate and the sweep will have done by then is written as they write it.
      await t.ctx.db
        .updateTable('parking_bookings')
        .set({ status: 'completed' })
        .where('jurisdiction_id', '=', J)
        .where('id', '=', completed)
        .execute();
      await t.ctx.db
        .updateTable('parking_bookings')
        .set({ status: 'no_show' })
        .where('jurisdiction_id', '=', J)
        .where('id', '=', noShow)
        .execute();

      const gate = Client.withApiKey(app, (await createApiKey(t.ctx.db, J, '道闸系统')).key);
      ok(
        await gate.post('/api/v1/parking/observations', {
          site: schoolSite.code,
          observed_at: new Date().toISOString(),
          free: 30,
        }),
      );
    });
    after(() => closeTestApp(app, t));

    test('shared spaces, utilisation by hour, bookings, no-show rate and silent sites, as counted by hand', async () => {
      const f = ok(await figures(supervisor));
      assert.equal(f.from, FROM.toISOString());
      assert.equal(f.to, TO.toISOString());
      assert.equal(f.shared_spaces, 6);
      assert.equal(f.sharing_sites, 1);
      assert.equal(f.windows, 2);
      assert.equal(f.utilisation_by_hour.length, 24);
      const hour = (h: number) => f.utilisation_by_hour[h];
      // Offered: 4 spaces all day, 2 more from 08:00 to 10:00 — 100 space-hours in all.
      assert.deepEqual(hour(0), { hour: 0, offered_space_hours: 4, booked_space_hours: 0, utilisation: 0 });
      // Booked: 08:00–09:30 (completed) and 09:00–10:00 (held); the no-show and the cancelled one take nothing.
      assert.deepEqual(hour(8), {
        hour: 8,
        offered_space_hours: 6,
        booked_space_hours: 1,
        utilisation: 0.1667,
      });
      assert.deepEqual(hour(9), {
        hour: 9,
        offered_space_hours: 6,
        booked_space_hours: 1.5,
        utilisation: 0.25,
      });
      assert.deepEqual(hour(12), { hour: 12, offered_space_hours: 4, booked_space_hours: 0, utilisation: 0 });
      assert.equal(f.utilisation, 0.025);
      assert.deepEqual(f.bookings, {
        total: 4,
        confirmed: 1,
        checked_in: 0,
        completed: 1,
        cancelled: 1,
        no_show: 1,
      });
      assert.equal(f.no_show_rate, 0.5);
      assert.equal(f.sites, 2);
      assert.equal(f.sites_without_live_data, 1);
      assert.deepEqual(
        f.silent_sites.map((s: any) => [s.code, s.name, s.last_observed_at]),
        [['XC-P-SILENT', '无数据停车场', null]],
      );
      assert.doesNotMatch(JSON.stringify(f), /苏E|139\d{8}|plate|phone/);
    });

    test('another period: nothing booked, the spaces still in force; a bad period is a 400', async () => {
      const day = localDate(new Date(Date.now() + 5 * 86_400_000), TZ);
      const f = ok(
        await admin.get(
          `/api/v1/parking/figures?from=${encodeURIComponent(startOfLocalDay(day, TZ).toISOString())}&to=${encodeURIComponent(startOfLocalDay(nextDate(day), TZ).toISOString())}`,
        ),
      );
      assert.equal(f.shared_spaces, 6);
      assert.equal(f.bookings.total, 0);
      assert.equal(f.no_show_rate, null);
      assert.equal(f.utilisation, 0);
      refused(
        await admin.get(
          `/api/v1/parking/figures?from=${encodeURIComponent(TO.toISOString())}&to=${encodeURIComponent(FROM.toISOString())}`,
        ),
        400,
        'validation_failed',
      );
      refused(
        await admin.get('/api/v1/parking/figures?from=2020-01-01T00:00:00Z&to=2020-12-31T00:00:00Z'),
        400,
        'validation_failed',
      );
    });

    test('the dashboard’s readers read them; a handler and the public do not', async () => {
      ok(await figures(head));
      ok(await figures(admin));
      refused(await figures(handler), 403, 'forbidden');
      refused(await figures(anonymous), 401, 'unauthenticated');
    });
  });
}
