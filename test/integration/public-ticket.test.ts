/**
 * The public side of a request (issue 13, missing item 6): the reporter's consent when filing, honoured by the
 * public list, the public ticket page, Open311 and its feed; the ticket page's updates and answer without
 * personal data; 举报 never shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const NAME = '张三丰';

for (const kind of dbKinds()) {
  describe(`the public ticket page and consent (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, handler: Client;
    const anyone = () => new Client(app);

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [operator, dispatcher, handler] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.urban-mgmt',
      );
    });
    after(() => closeTestApp(app, t));

    const file = async (over: Record<string, unknown> = {}) =>
      ok(
        await operator.post('/api/v1/requests', {
          title: '御窑花园路灯不亮',
          body: `御窑花园门口路灯坏了一周，我是${NAME}，电话13912345678`,
          category_code: '010201',
          area_code: 'xc-wangting-guoyuan',
          reporter: { name: NAME, phone: '13912345678' },
          ...over,
        }),
        201,
      );
    const inPublicList = async (ticket: string) => {
      const all = ok(await anyone().get('/api/v1/public/requests?page=1'));
      return all.items.some((r: { ticket_no: string }) => r.ticket_no === ticket);
    };
    const inOpen311 = async (ticket: string) => {
      const res = await anyone().get(`/open311/v2/requests/${ticket}.json`);
      const feed = await anyone().get(`/open311/v2/servicerequestupdates.json?service_request_id=${ticket}`);
      return { request: res.status, feed: Array.isArray(feed.body) ? feed.body.length : 0 };
    };

    test('a published request has a page: its updates and its answer, masked, no personal data', async () => {
      const r = await file();
      assert.equal(r.public_consent, true, 'consent is the default');
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'urban-mgmt' }));
      ok(await handler.act(r.id, 'sign'));
      ok(await handler.act(r.id, 'reply', { text: `已修复。已电话告知${NAME}（13912345678）。` }));
      const page = ok(await anyone().get(`/api/v1/public/requests/${r.ticket_no}`));
      assert.equal(page.ticket_no, r.ticket_no);
      assert.equal(page.status, 'replied');
      assert.deepEqual(
        page.updates.map((u: { kind: string }) => u.kind),
        ['received', 'dispatched', 'signed', 'answered'],
      );
      assert.match(page.updates[1].department, /^相城区城市管理局/);
      assert.ok(page.answer.text.startsWith('已修复'));
      const text = JSON.stringify(page);
      assert.ok(!text.includes(NAME), 'the name is masked everywhere');
      assert.ok(!text.includes('13912345678'), 'the phone is masked everywhere');
      assert.ok(!/reporter|lat|lon|address/.test(Object.keys(page).join(' ')));
      assert.ok(await inPublicList(r.ticket_no));
      assert.equal((await inOpen311(r.ticket_no)).request, 200);
    });

    test('a request filed as 不公开 is nowhere public, yet handled as any other', async () => {
      const r = await file({ public_consent: false });
      assert.equal(r.public_consent, false);
      refused(await anyone().get(`/api/v1/public/requests/${r.ticket_no}`), 404, 'not_found');
      assert.equal(await inPublicList(r.ticket_no), false);
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'urban-mgmt' }));
      assert.deepEqual(await inOpen311(r.ticket_no), { request: 404, feed: 0 });
      const staff = ok(await operator.get(`/api/v1/requests/${r.id}`));
      assert.equal(staff.public_consent, false);
    });

    test('a 举报 is never public, whatever the consent', async () => {
      const r = await file({ type: '举报', public_consent: true });
      refused(await anyone().get(`/api/v1/public/requests/${r.ticket_no}`), 404, 'not_found');
      assert.equal(await inPublicList(r.ticket_no), false);
    });

    test('a ticket number that is not one is refused, an unknown one not found', async () => {
      refused(await anyone().get('/api/v1/public/requests/abc'), 400, 'validation_failed');
      refused(await anyone().get('/api/v1/public/requests/20990101999999'), 404, 'not_found');
    });
  });
}
