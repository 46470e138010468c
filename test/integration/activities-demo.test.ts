/**
 * The demo city's 宣讲/学习 activities, loaded through the organisers' commands: its teams, topics with targets,
 * the two routes, past sessions with named check-ins, headcounts and needs that became `lecture` requests (some
 * resolved), one cancelled session and public sessions to come — as the statistics, the bulletin and the public
 * calendar show them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { loadDemoActivities } from '../../src/demo/activities.js';
import { DEMO_JURISDICTION } from '../../src/demo/load.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`the demo city's activities (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let staff: Client;

    before(async () => {
      t = await openTestContext(kind);
      await loadDemoActivities(t.ctx, DEMO_JURISDICTION);
      app = await testApp(t.ctx);
      staff = await Client.login(app, 'handler.housing');
    });
    after(() => closeTestApp(app, t));

    test('teams of cadres, pupils and residents; topics with targets; a study and a red route', async () => {
      const teams = ok(await staff.get('/api/v1/activities/teams')).items;
      assert.deepEqual(
        teams.map((x: any) => x.kind),
        ['cadres', 'youth', 'residents'],
      );
      assert.ok(teams.every((x: any) => x.members.length >= 3));
      const topics = ok(await staff.get('/api/v1/activities/topics')).items;
      assert.deepEqual(
        topics.map((x: any) => [x.title, x.target?.communities, x.target?.covered]),
        [
          ['学习贯彻全会精神', 35, 3],
          ['垃圾分类', 4, 3],
          ['反诈宣传', 4, 4],
        ],
      );
      const routes = ok(await staff.get('/api/v1/activities/routes')).items;
      assert.deepEqual(
        routes.map((r: any) => [r.kind, r.stops.length]),
        [
          ['study', 3],
          ['red', 2],
        ],
      );
      assert.ok(routes.every((r: any) => r.stops.every((s: any) => s.lat && s.lon && s.story)));
    });

    test('past sessions with attendance and needs, counted once held', async () => {
      const { total } = ok(await staff.get('/api/v1/activities/stats?group_by=month'));
      assert.equal(total.sessions, 14);
      assert.equal(total.named, 279);
      assert.equal(total.headcount, 535);
      assert.equal(total.needs_raised, 7);
      assert.equal(total.needs_resolved, 3);
      const needs = await t.ctx.db
        .selectFrom('requests')
        .select(['status'])
        .where('channel', '=', 'lecture')
        .where('activity_session_id', 'is not', null)
        .execute();
      assert.deepEqual(needs.map((n) => n.status).sort(), [
        'closed',
        'closed',
        'closed',
        'replied',
        'replied',
        'signed',
        'signed',
      ]);
      const { text } = ok(await staff.get('/api/v1/activities/bulletin'));
      assert.match(
        text,
        /^截至目前，全区各宣讲团开展宣讲活动 11 场，各基层党组织开展学习活动 3 场，覆盖社区 9 个（目标 35 个），参与群众 810 余人次，收集意见建议 7 条，已解决 3 条。$/,
      );
    });

    test('upcoming public sessions on the public list and calendar, the cancelled one as such', async () => {
      const { items } = ok(await new Client(app).get('/api/v1/public/activities'));
      assert.equal(items.length, 4);
      assert.ok(items.every((s: any) => Date.parse(s.starts_at) > Date.now()));
      const res = await app.inject({ method: 'GET', url: '/calendar/activities.ics' });
      const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent');
      const cancelled = events.filter((e) => e.getFirstPropertyValue('status') === 'CANCELLED');
      assert.deepEqual(
        cancelled.map((e) => e.getFirstPropertyValue('summary')),
        ['百姓茶馆：全会精神进北桥'],
      );
      assert.ok(events.length >= 4 + 1);
    });
  });
}
