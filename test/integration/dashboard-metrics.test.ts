/**
 * GET /api/v1/metrics/dashboard: the supervisor dashboard's figures in one call (overall, and the groups by
 * department, street, 一级 category and day, with names). Requests are filed on past days through the API with a
 * moved clock, so that closed requests of whole days come from the roll-up and the others are counted live;
 * the answer must agree with the pure definitions over the rows, and with GET /api/v1/metrics for each grouping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { COUNT_NAMES, count, type Counts } from '../../src/metrics/definitions.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const countsOf = (g: Record<string, unknown>) =>
  Object.fromEntries(COUNT_NAMES.map((k) => [k, g[k]])) as Counts;
const byKey = (groups: { key: string | null }[]) =>
  [...groups].sort((a, b) => String(a.key).localeCompare(String(b.key)));

for (const kind of dbKinds()) {
  describe(`the dashboard's metrics in one call (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const realNow = new Date();
    let clock = realNow;
    let operator: Client, dispatcher: Client, supervisor: Client, urban: Client, housing: Client;
    let urbanHead: Client, anonymous: Client;
    let level1 = { code: '', name: '' };
    let leaf = '';

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp({ ...t.ctx, now: () => clock });
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      [urban, housing] = await Client.loginAll(app, 'handler.urban-mgmt', 'handler.housing');
      urbanHead = await Client.login(app, 'head.urban-mgmt');
      anonymous = new Client(app);
      // A 三级 category and its 一级 ancestor, from the reference data.
      const categories: { code: string; name: string; level: number; parent_code: string | null }[] = ok(
        await operator.get('/api/v1/categories'),
      ).items;
      const byCode = new Map(categories.map((c) => [c.code, c]));
      const third = categories.find((c) => c.level === 3)!;
      leaf = third.code;
      let top = third;
      while (top.parent_code) top = byCode.get(top.parent_code)!;
      level1 = { code: top.code, name: top.name };

      const at = (ms: number) => (clock = new Date(ms));
      const file = async (when: number, input: Record<string, unknown>) => {
        at(when);
        return ok(
          await operator.post('/api/v1/requests', {
            body: '小区门口路灯不亮，晚上出行不便。',
            type: '求助',
            reporter: { phone: '13700000001' },
            ...input,
          }),
          201,
        ).id as number;
      };
      const closeAfter = async (
        id: number,
        handler: Client,
        when: number,
        satisfied: boolean,
        step = HOUR,
      ) => {
        ok(
          await dispatcher.act(id, 'dispatch', {
            department_code: handler === urban ? 'urban-mgmt' : 'housing',
          }),
        );
        at(when + step);
        ok(await handler.act(id, 'sign'));
        ok(await handler.act(id, 'contact', { note: '已联系群众' }));
        at(when + 2 * step);
        ok(await handler.act(id, 'reply', { text: '已修复。' }));
        ok(
          await operator.act(id, 'follow-up', {
            resolved: satisfied,
            satisfaction: satisfied ? 'satisfied' : 'unsatisfied',
          }),
        );
        ok(await operator.act(id, 'close'));
      };
      const midnight = new Date(realNow);
      midnight.setUTCHours(0, 0, 0, 0);
      // Closed ten days ago: counted from the roll-up.
      const ten = midnight.getTime() - 10 * DAY + 2 * HOUR;
      await closeAfter(
        await file(ten, { area_code: 'xc-wangting-guoyuan', category_code: leaf }),
        urban,
        ten,
        true,
      );
      // Dispatched five days ago and only signed: open, counted live.
      const five = await file(midnight.getTime() - 5 * DAY + 3 * HOUR, { area_code: 'xc-wangting-guoyuan' });
      ok(await dispatcher.act(five, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(five, 'sign'));
      // Registered three days ago, never dispatched: no department.
      await file(midnight.getTime() - 3 * DAY + 4 * HOUR, {});
      // Closed within the last minutes (the partial day at the end of the period, but for the first minutes after
      // midnight: counted live).
      const recent = realNow.getTime() - 3 * MINUTE;
      await closeAfter(await file(recent, { category_code: leaf }), urban, recent, false, MINUTE);
      // Forty days ago: outside the default period.
      const old = midnight.getTime() - 40 * DAY;
      await closeAfter(await file(old, {}), urban, old, true);
      clock = realNow;
    });
    after(() => closeTestApp(app, t));

    test('the figures agree with the pure definitions over the rows of the period', async () => {
      const m = ok(await supervisor.get('/api/v1/metrics/dashboard'));
      const from = new Date(realNow.getTime() - 30 * DAY);
      assert.equal(m.to, realNow.toISOString());
      assert.equal(m.from, from.toISOString());
      const rows = await t.ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('created_at', '>=', from)
        .where('created_at', '<', realNow)
        .where('status', '!=', 'merged')
        .execute();
      assert.equal(rows.length, 4);
      assert.deepEqual(countsOf(m.overall), count(rows, realNow));
      assert.equal(m.overall.satisfaction_rate, 0.5);
      for (const dim of ['department', 'street', 'category_level1', 'day'] as const)
        assert.equal(
          m[dim].reduce((n: number, g: { total: number }) => n + g.total, 0),
          4,
          `${dim} groups cover every request`,
        );
      const urbanGroup = m.department.find((g: { key: string }) => g.key === 'urban-mgmt');
      assert.deepEqual(
        countsOf(urbanGroup),
        count(
          rows.filter((r) => r.department_code === 'urban-mgmt'),
          realNow,
        ),
      );
      assert.ok(Object.keys(m.definitions).includes('response_rate'));
    });

    test('each grouping matches GET /api/v1/metrics, and groups carry names', async () => {
      const period = `from=${encodeURIComponent(new Date(realNow.getTime() - 20 * DAY).toISOString())}&to=${encodeURIComponent(realNow.toISOString())}`;
      const m = ok(await supervisor.get(`/api/v1/metrics/dashboard?${period}`));
      for (const dim of ['department', 'street', 'category_level1', 'day'] as const) {
        const one = ok(await supervisor.get(`/api/v1/metrics?by=${dim}&${period}`));
        assert.deepEqual(
          byKey(m[dim]).map(({ name: _name, ...g }: any) => g),
          byKey(one.groups),
          dim,
        );
        assert.deepEqual(countsOf(m.overall), countsOf(one.overall), `${dim} overall`);
      }
      const name = (dim: string, key: string | null) =>
        m[dim].find((g: { key: string | null }) => g.key === key)?.name;
      assert.equal(name('department', 'urban-mgmt'), '相城区城市管理局（综合行政执法局）');
      assert.equal(name('department', null), null, 'the unassigned group has no name');
      const streets = ok(await supervisor.get('/api/v1/areas')).items;
      assert.equal(
        name('street', 'xc-wangting'),
        streets.find((a: { code: string }) => a.code === 'xc-wangting').name,
      );
      assert.equal(name('category_level1', level1.code), level1.name);
      for (const g of m.day) {
        assert.match(g.key, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(g.name, null);
      }
    });

    test('a department head sees their own department only', async () => {
      const m = ok(await urbanHead.get('/api/v1/metrics/dashboard'));
      assert.equal(m.overall.total, 2);
      assert.deepEqual(
        m.department.map((g: { key: string }) => g.key),
        ['urban-mgmt'],
      );
      assert.equal(
        m.day.reduce((n: number, g: { total: number }) => n + g.total, 0),
        2,
      );
    });

    test('an empty period answers zeros and no groups', async () => {
      const m = ok(
        await supervisor.get('/api/v1/metrics/dashboard?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z'),
      );
      assert.equal(m.overall.total, 0);
      assert.equal(m.overall.response_rate, null);
      for (const dim of ['department', 'street', 'category_level1', 'day']) assert.deepEqual(m[dim], []);
    });

    test('refusals: no session 401, a handler 403, a reversed period or an unknown parameter 400', async () => {
      assert.equal((await anonymous.get('/api/v1/metrics/dashboard')).status, 401);
      assert.equal((await urban.get('/api/v1/metrics/dashboard')).status, 403);
      const reversed = await supervisor.get(
        '/api/v1/metrics/dashboard?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      );
      assert.equal(reversed.status, 400);
      assert.equal(reversed.body.error.code, 'validation_failed');
      assert.equal((await supervisor.get('/api/v1/metrics/dashboard?by=department')).status, 400);
    });
  });
}
