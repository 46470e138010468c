/**
 * The maps' pins (issue 13, missing item 5): staff see the requests they may see placed in a map view, under the
 * list's filters and visibility; the public sees published requests only, on a grid of about 100 m, with nothing
 * of who reported them. Both answers are bounded by their limit and say how many there are when clipped; a click
 * on a cluster narrows the lists to its view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const NAME = '王小明';
const PHONE = '13987654321';
/** Four requests a few metres apart near 御窑花园, one in another cell, one far away. */
const HERE = { lat: 31.48012, lon: 120.65523 };
const VIEW = '120.654,31.479,120.657,31.482';

type Pin = { id: number; ticket_no: string; lat: number; lon: number; status: string };

for (const kind of dbKinds()) {
  describe(`map pins (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, supervisor: Client, housing: Client, fieldworker: Client;
    const anyone = () => new Client(app);
    const filed: Record<string, { id: number; ticket_no: string }> = {};
    const otps = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, supervisor, housing, fieldworker] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'handler.housing',
        'fieldworker',
      );
      const file = async (key: string, by: Client, over: Record<string, unknown>) => {
        const r = ok(
          await by.post('/api/v1/requests', {
            title: `地图测试${key}`,
            body: `地图测试：${key}，我是${NAME}，电话${PHONE}`,
            reporter: { name: NAME, phone: PHONE },
            ...HERE,
            ...over,
          }),
          201,
        );
        filed[key] = { id: r.id, ticket_no: r.ticket_no };
      };
      await file('housing', operator, { lat: HERE.lat + 0.0001 });
      await file('open', operator, {});
      await file('private', operator, { lat: HERE.lat - 0.0001, public_consent: false });
      await file('report', operator, { type: '举报', lon: HERE.lon + 0.0001 });
      await file('field', fieldworker, { lat: HERE.lat + 0.0012 });
      await file('voided', operator, { lon: HERE.lon - 0.0001 });
      await file('far', operator, { lat: 31.44, lon: 120.6 });
      ok(await dispatcher.act(filed.housing!.id, 'dispatch', { department_code: 'housing' }));
      ok(await operator.act(filed.voided!.id, 'void', { reason: '测试工单' }));
    });
    after(() => closeTestApp(app, t));

    const pins = async (c: Client, query: string) => ok(await c.get(`/api/v1/requests/pins?${query}`));
    const tickets = (items: Pin[]) => items.map((p) => p.ticket_no).sort();
    const of = (...keys: string[]) => keys.map((k) => filed[k]!.ticket_no).sort();

    test('staff who see every request get every pin in the view, with their exact places', async () => {
      const a = await pins(supervisor, `bbox=${VIEW}`);
      assert.deepEqual(tickets(a.items), of('housing', 'open', 'private', 'report', 'field', 'voided'));
      assert.equal(a.total, 6);
      assert.equal(a.clipped, false);
      const open = a.items.find((p: Pin) => p.id === filed.open!.id);
      assert.deepEqual([open.lat, open.lon], [HERE.lat, HERE.lon]);
      const text = JSON.stringify(a);
      assert.ok(!text.includes(NAME) && !text.includes(PHONE.slice(-4)), 'a pin carries no personal data');
      assert.ok(!tickets(a.items).includes(filed.far!.ticket_no));
    });

    test('never more than the limit: the newest first and how many there are in all', async () => {
      const a = await pins(supervisor, `bbox=${VIEW}&limit=2`);
      assert.equal(a.items.length, 2);
      assert.equal(a.total, 6);
      assert.equal(a.clipped, true);
      assert.deepEqual(tickets(a.items), of('field', 'voided'));
      refused(
        await supervisor.get(`/api/v1/requests/pins?bbox=${VIEW}&limit=2001`),
        400,
        'validation_failed',
      );
      refused(await supervisor.get(`/api/v1/requests/pins?bbox=${VIEW}&limit=0`), 400, 'validation_failed');
    });

    test('the list’s filters narrow the pins as they narrow the list', async () => {
      const a = await pins(supervisor, `bbox=${VIEW}&status=dispatched`);
      assert.deepEqual(tickets(a.items), of('housing'));
      const b = await pins(supervisor, `bbox=${VIEW}&type=举报`);
      assert.deepEqual(tickets(b.items), of('report'));
    });

    test('each sees the pins of the requests they may see; residents and strangers none', async () => {
      assert.deepEqual(tickets((await pins(housing, `bbox=${VIEW}`)).items), of('housing'));
      assert.deepEqual(tickets((await pins(fieldworker, `bbox=${VIEW}`)).items), of('field'));
      const resident = await Client.resident(app, otps, PHONE);
      refused(await resident.get(`/api/v1/requests/pins?bbox=${VIEW}`), 403, 'forbidden');
      assert.equal((await anyone().get(`/api/v1/requests/pins?bbox=${VIEW}`)).status, 401);
    });

    test('a view is four numbers in order; without one there are no pins', async () => {
      for (const bad of [
        '',
        'bbox=1,2,3',
        'bbox=120.7,31.4,120.6,31.5',
        'bbox=a,b,c,d',
        'bbox=120,95,121,96',
      ])
        refused(await supervisor.get(`/api/v1/requests/pins?${bad}`), 400, 'validation_failed');
      refused(await anyone().get('/api/v1/public/pins?bbox=1,2'), 400, 'validation_failed');
    });

    test('a cluster’s view narrows the staff list', async () => {
      const cell = `${HERE.lon - 0.00005},${HERE.lat - 0.00005},${HERE.lon + 0.00005},${HERE.lat + 0.00005}`;
      const page = ok(await supervisor.get(`/api/v1/requests?bbox=${cell}`));
      assert.deepEqual(
        page.items.map((r: { ticket_no: string }) => r.ticket_no),
        of('open'),
      );
    });

    test('the public sees published requests only, each on the 100 m grid, nothing about who reported', async () => {
      const a = ok(await anyone().get(`/api/v1/public/pins?bbox=${VIEW}`));
      assert.deepEqual(tickets(a.items), of('housing', 'open', 'field'));
      assert.equal(a.total, 3);
      for (const p of a.items) {
        assert.equal(Math.round(p.lat * 1000), p.lat * 1000, `${p.lat} is on the grid`);
        assert.equal(Math.round(p.lon * 1000), p.lon * 1000, `${p.lon} is on the grid`);
        assert.deepEqual(Object.keys(p).sort(), ['area', 'lat', 'lon', 'status', 'ticket_no', 'type']);
      }
      const open = a.items.find((p: Pin) => p.ticket_no === filed.open!.ticket_no);
      assert.deepEqual([open.lat, open.lon], [31.48, 120.655]);
      assert.equal(open.status, 'received');
      const text = JSON.stringify(a);
      assert.ok(!text.includes(NAME) && !text.includes(PHONE.slice(-4)) && !text.includes('地图测试'));
      const clipped = ok(await anyone().get(`/api/v1/public/pins?bbox=${VIEW}&limit=1`));
      assert.deepEqual([clipped.items.length, clipped.total, clipped.clipped], [1, 3, true]);
      refused(await anyone().get(`/api/v1/public/pins?bbox=${VIEW}&limit=1001`), 400, 'validation_failed');
    });

    test('narrowing the public view tells no more than the grid', async () => {
      // A view around the exact place but holding no grid point finds nothing, in the pins and in the list.
      const exact = `${HERE.lon - 0.00001},${HERE.lat - 0.00001},${HERE.lon + 0.00001},${HERE.lat + 0.00001}`;
      assert.equal(ok(await anyone().get(`/api/v1/public/pins?bbox=${exact}`)).total, 0);
      assert.equal(ok(await anyone().get(`/api/v1/public/requests?bbox=${exact}`)).total, 0);
      // The grid point's own view finds both requests of its cell.
      const point = '120.655,31.48,120.655,31.48';
      const inCell = ok(await anyone().get(`/api/v1/public/requests?bbox=${point}`));
      assert.deepEqual(
        inCell.items.map((r: { ticket_no: string }) => r.ticket_no).sort(),
        of('housing', 'open'),
      );
    });
  });
}
