/**
 * The request list's filters, and the dashboard's figures read against them: the 超期未办 card counts exactly
 * the requests its list shows (the same predicate, period of registration and department scope).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

for (const kind of dbKinds()) {
  describe(`request list filters and the dashboard's lists (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const realNow = new Date();
    let clock = realNow;
    let operator: Client, dispatcher: Client, supervisor: Client, urban: Client, urbanHead: Client;
    const ids: Record<string, number> = {};

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp({ ...t.ctx, now: () => clock });
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      [urban, urbanHead] = await Client.loginAll(app, 'handler.urban-mgmt', 'head.urban-mgmt');
      const midnight = new Date(realNow);
      midnight.setUTCHours(0, 0, 0, 0);
      const file = async (name: string, daysAgo: number, department: string | null, input = {}) => {
        clock = new Date(midnight.getTime() - daysAgo * DAY + 2 * HOUR);
        const id = ok(
          await operator.post('/api/v1/requests', {
            body: `过滤测试${name}：小区门口路灯不亮。`,
            type: '求助',
            area_code: 'xc-wangting-guoyuan',
            reporter: { phone: '13700000002' },
            ...input,
          }),
          201,
        ).id as number;
        if (department) ok(await dispatcher.act(id, 'dispatch', { department_code: department }));
        ids[name] = id;
        return id;
      };
      // Overdue and unanswered, registered inside the dashboard's 30 days: on the card and in its list.
      await file('housing20', 20, 'housing');
      const urban10 = await file('urban10', 10, 'urban-mgmt');
      ok(await urban.act(urban10, 'sign'));
      // Overdue too, but registered 40 days ago: outside the period, so neither on the card nor in its list.
      await file('housing40', 40, 'housing');
      // Answered late: due, but not open.
      const late = await file('urbanLate', 15, 'urban-mgmt');
      clock = new Date(realNow.getTime() - 2 * DAY);
      ok(await urban.act(late, 'sign'));
      ok(await urban.act(late, 'reply', { text: '已修复。' }));
      // Not dispatched, and dispatched yesterday (not yet due).
      await file('registered', 5, null, { type: '投诉' });
      await file('fresh', 1, 'housing');
      clock = realNow;
    });
    after(() => closeTestApp(app, t));

    const total = async (c: Client, query: string) =>
      ok(await c.get(`/api/v1/requests?${query}&page_size=200`)).total as number;
    const period = (m: { from: string; to: string }) =>
      `registered_from=${encodeURIComponent(m.from)}&registered_to=${encodeURIComponent(m.to)}`;

    test("the 超期未办 card's figure is its list's total, for a supervisor", async () => {
      const m = ok(await supervisor.get('/api/v1/metrics/dashboard'));
      assert.equal(m.department_code, null);
      assert.equal(m.overall.overdue_open, 2);
      assert.equal(await total(supervisor, `overdue_open=true&${period(m)}`), m.overall.overdue_open);
      const rows = ok(await supervisor.get(`/api/v1/requests?overdue_open=true&${period(m)}`)).items;
      assert.deepEqual(rows.map((r: { id: number }) => r.id).sort(), [ids.housing20, ids.urban10].sort());
      // Without the period, the list reaches back further than the card (the bug: 19 on the card, 56 listed).
      assert.equal(await total(supervisor, 'overdue_open=true'), 3);
    });

    test("a head's card and list are both limited to their department", async () => {
      const m = ok(await urbanHead.get('/api/v1/metrics/dashboard'));
      assert.equal(m.department_code, 'urban-mgmt');
      assert.equal(m.overall.overdue_open, 1);
      assert.equal(
        await total(urbanHead, `overdue_open=true&${period(m)}&department=urban-mgmt`),
        m.overall.overdue_open,
      );
    });

    test('严重超期: more than 5 working days past the reply deadline, with the threshold in the answer', async () => {
      const page = ok(await supervisor.get('/api/v1/requests?long_overdue=true&page_size=200'));
      assert.deepEqual(
        page.items.map((r: { id: number }) => r.id).sort(),
        [ids.housing20, ids.housing40].sort(),
      );
      const before = Date.parse(page.long_overdue_before);
      assert.ok(before < realNow.getTime() - 7 * DAY && before > realNow.getTime() - 12 * DAY);
      for (const r of page.items) assert.ok(Date.parse(r.deadlines.reply_by) < before);
      const urban10 = ok(await supervisor.get(`/api/v1/requests/${ids.urban10}`));
      assert.ok(Date.parse(urban10.deadlines.reply_by) >= before, 'a few days overdue only');
    });

    test('channel, type, status, area and category narrow the list together', async () => {
      const mine = `text=${encodeURIComponent('过滤测试')}`;
      assert.equal(await total(supervisor, `${mine}&channel=hotline`), 6);
      assert.equal(await total(supervisor, `${mine}&channel=web,app`), 0);
      assert.equal(await total(supervisor, `${mine}&type=投诉`), 1);
      assert.equal(await total(supervisor, `${mine}&type=求助,投诉&status=registered`), 1);
      assert.equal(await total(supervisor, `${mine}&area=xc-wangting`), 6);
      assert.equal(await total(supervisor, `${mine}&area=xc-yuanhe`), 0);
      refused(await supervisor.get('/api/v1/requests?channel=fax'), 400, 'validation_failed');
      refused(await supervisor.get('/api/v1/requests?type=吐槽'), 400, 'validation_failed');
    });

    test('the period of registration narrows the list; a bad date is refused', async () => {
      const from = new Date(realNow.getTime() - 12 * DAY).toISOString();
      const to = new Date(realNow.getTime() - 3 * DAY).toISOString();
      const found = ok(
        await supervisor.get(
          `/api/v1/requests?registered_from=${encodeURIComponent(from)}&registered_to=${encodeURIComponent(to)}&text=${encodeURIComponent('过滤测试')}`,
        ),
      ).items.map((r: { id: number }) => r.id);
      assert.deepEqual(found.sort(), [ids.urban10, ids.registered].sort());
      refused(await supervisor.get('/api/v1/requests?registered_from=2026-13-01'), 400, 'validation_failed');
    });
  });
}
