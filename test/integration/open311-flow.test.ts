/**
 * A request filed through Open311 walks the whole lifecycle with the staff API; Open311 reads it back open →
 * closed with its status notes, and the update feed shows each step in order. POSTed updates apply once per
 * update_id and map onto our lifecycle as documented.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import { dbKinds, eventCount, openTestContext, outboxPayloads, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';
import { BASE, both, get, INSIDE, post } from './open311-support.js';

const REPLY = '已安排环卫作业队清运绿化带垃圾，并增加该路段巡查频次。';

for (const kind of dbKinds()) {
  describe(`Open311 lifecycle flow (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let key: string;
    let dispatcher: Client, urban: Client, operator: Client;
    let ticket: string;
    let id: number;
    let urbanName: string;

    const file = async (extra: Record<string, string> = {}) => {
      const res = await post(app, `${BASE}/requests.json`, {
        api_key: key,
        service_code: '010201',
        lat: INSIDE.lat,
        long: INSIDE.long,
        address_string: '阳澄湖西路与相城大道路口',
        description: '绿化带里的垃圾堆了一个星期没人清运，气味很大。',
        ...extra,
      });
      assert.equal(res.status, 200, res.text);
      const ticketNo = res.json[0].service_request_id as string;
      const row = await t.ctx.db
        .selectFrom('requests')
        .select('id')
        .where('ticket_no', '=', ticketNo)
        .executeTakeFirstOrThrow();
      return { ticketNo, id: row.id };
    };
    const read = async (ticketNo = ticket) =>
      (await both(app, `requests/${ticketNo}`, 'service_requests')).json[0];
    const feed = async (ticketNo = ticket) =>
      (await both(app, `servicerequestupdates?service_request_id=${ticketNo}`, 'service_request_updates'))
        .json;
    const update = (fields: Record<string, string>, fmt = 'json') =>
      post(app, `${BASE}/servicerequestupdates.${fmt}`, {
        api_key: key,
        updated_datetime: new Date().toISOString(),
        ...fields,
      });

    before(async () => {
      t = await openTestContext(kind, { BANSHI_PUBLIC_RATE_LIMIT: '100000' });
      app = await testApp(t.ctx);
      key = (await createApiKey(t.ctx.db, 'xiangcheng', 'FixMyStreet')).key;
      [dispatcher, urban, operator] = await Client.loginAll(
        app,
        'dispatcher',
        'handler.urban-mgmt',
        'operator',
      );
      urbanName = (
        await t.ctx.db
          .selectFrom('departments')
          .select('name')
          .where('code', '=', 'urban-mgmt')
          .executeTakeFirstOrThrow()
      ).name;
      ({ ticketNo: ticket, id } = await file());
    });
    after(() => closeTestApp(app, t));

    test('filed through Open311: registered, open, in the staff queue with the key recorded', async () => {
      const staff = ok(await dispatcher.get(`/api/v1/requests/${id}`));
      assert.equal(staff.status, 'registered');
      assert.equal(staff.channel, 'open311');
      const row = await t.ctx.db
        .selectFrom('requests')
        .select(['api_key_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(row.api_key_id);
      const r = await read();
      assert.equal(r.status, 'open');
      assert.equal(r.agency_responsible, null);
      assert.equal(r.expected_datetime, null);
      assert.match(r.status_notes, /登记受理/);
    });

    test('dispatch: the agency and the reply deadline appear', async () => {
      ok(await dispatcher.act(id, 'dispatch', { department_code: 'urban-mgmt' }));
      const r = await read();
      const staff = ok(await dispatcher.get(`/api/v1/requests/${id}`));
      assert.equal(r.status, 'open');
      assert.equal(r.agency_responsible, urbanName);
      // whole seconds on the wire
      assert.equal(
        Date.parse(r.expected_datetime) / 1000,
        Math.floor(Date.parse(staff.deadlines.reply_by) / 1000),
      );
      assert.equal(r.status_notes, `已派单至${urbanName}`);
    });

    test('sign, contact, reply: still open, the reply is the status note', async () => {
      ok(await urban.act(id, 'sign'));
      ok(await urban.act(id, 'contact', { note: '已电话联系，约定下午现场查看（内部备注）' }));
      ok(await urban.act(id, 'add-note', { note: '内部：协调环卫所，经办人王五' }));
      ok(await urban.act(id, 'reply', { text: REPLY }));
      const r = await read();
      assert.equal(r.status, 'open');
      assert.equal(r.status_notes, REPLY);
    });

    test('follow-up and close: closed, the notes still the answer, updated_datetime the closing time', async () => {
      ok(await operator.act(id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      assert.equal((await read()).status, 'open');
      const closed = ok(await operator.act(id, 'close'));
      const r = await read();
      assert.equal(r.status, 'closed');
      assert.equal(r.status_notes, REPLY);
      assert.equal(Date.parse(r.updated_datetime) / 1000, Math.floor(Date.parse(closed.closed_at) / 1000));
      const closedList = (await both(app, 'requests?status=closed', 'service_requests')).json;
      assert.deepEqual(
        closedList.map((x: any) => x.service_request_id),
        [ticket],
      );
      const openList = (await both(app, 'requests?status=open', 'service_requests')).json;
      assert.ok(!openList.some((x: any) => x.service_request_id === ticket));
    });

    test('the update feed shows each public step in order; internal notes stay inside', async () => {
      const updates = await feed();
      assert.deepEqual(
        updates.map((u: any) => [u.external_status_code, u.status]),
        [
          ['register', 'open'],
          ['dispatch', 'action_scheduled'],
          ['sign', 'investigating'],
          ['contact', 'in_progress'],
          ['reply', 'fixed'],
          ['follow-up', 'fixed'],
          ['close', 'closed'],
        ],
      );
      assert.equal(updates[1].description, `已派单至${urbanName}`);
      assert.equal(updates[4].description, REPLY);
      const text = JSON.stringify(updates);
      for (const secret of ['内部', '王五', '派单员', '话务员', '经办人'])
        assert.ok(!text.includes(secret), `leaked ${secret}`);
      const ids = updates.map((u: any) => Number(u.update_id));
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      for (const u of updates) assert.equal(u.service_request_id, ticket);
      // the window: nothing before the request was filed
      const before = await both(
        app,
        `servicerequestupdates?end_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
        'service_request_updates',
      );
      assert.equal(before.json.length, 0);
    });

    test('POST servicerequestupdates applies once per update_id', async () => {
      const count = () => eventCount(t.ctx.db, id);
      const before = await count();
      const thanks = {
        service_request_id: ticket,
        update_id: '42',
        status: 'OPEN',
        description: '谢谢，已经清理干净了',
      };
      const first = await update(thanks);
      assert.equal(first.status, 200, first.text);
      const again = await update(thanks, 'xml');
      assert.equal(again.status, 200, again.text);
      assert.ok(again.text.includes(`<update_id>${first.json[0].update_id}</update_id>`));
      assert.equal(await count(), before + 1);
      const other = await update({ ...thanks, update_id: '43', status: 'FIXED', description: '确认已解决' });
      assert.notEqual(other.json[0].update_id, first.json[0].update_id);
      assert.equal(await count(), before + 2);
      // the same client update_id on another request is refused, not applied
      const second = await file();
      const clash = await update({ ...thanks, service_request_id: second.ticketNo, description: 'x' });
      assert.equal(clash.status, 400);
      // the comments are in the feed, under our update ids; the closed request stays closed
      const updates = await feed();
      const comments = updates.filter((u: any) => u.external_status_code === 'open311-update');
      assert.deepEqual(
        comments.map((u: any) => [u.update_id, u.status, u.description]),
        [
          [first.json[0].update_id, 'closed', '谢谢，已经清理干净了'],
          [other.json[0].update_id, 'closed', '确认已解决'],
        ],
      );
      assert.equal((await read()).status, 'closed');
      // FIXED alerts the operators through the outbox, and never records a rating
      const alerts = await outboxPayloads(t.ctx.db, 'request.open311_update');
      assert.ok(alerts.some((a) => a.alert === 'fixed_reported' && a.ticket_no === ticket));
      const staff = ok(await operator.get(`/api/v1/requests/${id}`));
      assert.equal(staff.timeline.filter((e: any) => e.type === 'follow-up').length, 1);
    });

    test('REOPEN after an unsatisfied follow-up reopens the request; on a closed one it only alerts', async () => {
      const { ticketNo, id: rid } = await file();
      ok(await dispatcher.act(rid, 'dispatch', { department_code: 'urban-mgmt' }));
      ok(await urban.act(rid, 'sign'));
      ok(await urban.act(rid, 'reply', { text: '已清运。' }));
      ok(await operator.act(rid, 'follow-up', { resolved: false, satisfaction: 'unsatisfied' }));
      assert.equal((await feed(ticketNo)).at(-1).status, 'open');
      const res = await update({
        service_request_id: ticketNo,
        update_id: 'r-1',
        status: 'REOPEN',
        description: '垃圾又堆起来了',
      });
      assert.equal(res.status, 200, res.text);
      const staff = ok(await operator.get(`/api/v1/requests/${rid}`));
      assert.equal(staff.status, 'in_progress');
      assert.equal(staff.reopen_count, 1);
      const last = (await feed(ticketNo)).at(-1);
      assert.deepEqual([last.external_status_code, last.status], ['reopen', 'in_progress']);
      assert.equal((await read(ticketNo)).status, 'open');

      const onClosed = await update({
        service_request_id: ticket,
        update_id: 'r-2',
        status: 'reopen',
        description: '又脏了',
      });
      assert.equal(onClosed.status, 200);
      assert.equal((await read()).status, 'closed');
      const alerts = await outboxPayloads(t.ctx.db, 'request.open311_update');
      assert.ok(alerts.some((a) => a.alert === 'reopen_requested' && a.ticket_no === ticket));
    });

    test('a merged request reads closed, as a duplicate of the one that carries on', async () => {
      const a = await file();
      const b = await file();
      ok(await dispatcher.act(b.id, 'merge', { into_id: a.id }));
      const r = await read(b.ticketNo);
      assert.equal(r.status, 'closed');
      assert.equal(r.status_notes, `已与工单 ${a.ticketNo} 合并办理`);
      assert.deepEqual(
        (await feed(b.ticketNo)).map((u: any) => u.status),
        ['open', 'duplicate'],
      );
    });

    test('updates only for requests filed through Open311', async () => {
      const hotline = await operator.post('/api/v1/requests', {
        body: '路灯不亮',
        category_code: '010201',
        area_code: 'xc-wangting',
        reporter: { phone: '13700001111' },
      });
      assert.equal(hotline.status, 201, JSON.stringify(hotline.body));
      assert.equal((await get(app, `${BASE}/requests/${hotline.body.ticket_no}.json`)).status, 200);
      const res = await update({
        service_request_id: hotline.body.ticket_no,
        update_id: 'h-1',
        status: 'OPEN',
        description: 'x',
      });
      assert.equal(res.status, 404);
    });
  });
}
