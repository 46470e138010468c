/**
 * The working-day calendar's overrides, end to end: an admin enters a year's schedule from the notice's text,
 * open requests' deadlines that span a changed day are counted again (with an event), closed and answered ones
 * are not, a preview writes nothing, bad input is refused whole, and a year nobody entered alerts once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { openAlerts } from '../../src/alerts/store.js';
import { alertMissingYears } from '../../src/holidays/alerts.js';
import { sweepDeadlines } from '../../src/jobs/sweeps.js';
import { referenceCache } from '../../src/routing/reference-cache.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, testApp, type Res } from '../support/http.js';

const J = 'xiangcheng';
const local = (wall: string) => new Date(`${wall}:00+08:00`);
const eod = (date: string) => `${date}T15:59:59.999Z`;
/** A made-up schedule for 2027 (the State Council's is not published yet): 元旦 Friday to Sunday. */
const NOTICE = `测试用通知（非真实安排）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月20日（周六）上班。`;
const SOURCE = '测试通知 2026-12-01';

const ok = (res: Res, status = 200) => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
};

for (const kind of dbKinds()) {
  describe(`working-day calendar overrides (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    let clock = local('2026-12-29T10:00');
    let admin: Client, operator: Client, dispatcher: Client, handler: Client;

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock };
      app = await testApp(ctx);
      [admin, operator, dispatcher, handler] = await Promise.all([
        Client.login(app, 'admin'),
        Client.login(app, 'operator'),
        Client.login(app, 'dispatcher'),
        Client.login(app, 'handler.transport'),
      ]);
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const dispatched = async (body: string) => {
      const r = ok(
        await operator.post('/api/v1/requests', { body, reporter: { phone: '13700000001' } }),
        201,
      );
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'transport' }));
      return r.id as number;
    };
    const row = (id: number) =>
      ctx.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const recountEvents = async (id: number) =>
      ctx.db
        .selectFrom('request_events')
        .select(['payload', 'actor_label'])
        .where('request_id', '=', id)
        .where('type', '=', 'deadlines-recounted')
        .execute();

    test('a year nobody entered raises one alert, however often the sweep looks', async () => {
      clock = local('2026-12-07T10:00');
      assert.equal(await alertMissingYears(ctx, J), 1);
      assert.equal(await alertMissingYears(ctx, J), 0);
      const alerts = ok(await admin.get('/api/v1/admin/alerts')).items;
      assert.deepEqual(
        alerts.map((a: { key: string; message: string }) => [a.key, a.message]),
        [['calendar-missing:2027', '2027年节假日安排尚未录入']],
      );
      assert.equal((await operator.get('/api/v1/admin/alerts')).status, 403);
      clock = local('2026-12-29T10:00');
    });

    test('before the schedule is entered, 1 January 2027 counts as a working day (the fallback)', async () => {
      const view = ok(await operator.get('/api/v1/calendar/2027'));
      assert.equal(view.known, false);
      assert.equal(view.days.length, 365);
      assert.deepEqual(view.days[0], {
        date: '2027-01-01',
        working: true,
        source: 'weekday',
        name: null,
        notice: null,
      });
    });

    let open = 0;
    let closed = 0;
    let answered = 0;
    test('requests dispatched on 29 December reply by 5 January under the fallback', async () => {
      // A fresh snapshot, as after its five seconds: its calendar notes every unknown year asked about.
      referenceCache(ctx.db).invalidate(J);
      [open, closed, answered] = [
        await dispatched('公交站牌倒了'),
        await dispatched('公交线路调整咨询'),
        await dispatched('站台灯不亮'),
      ];
      for (const id of [open, closed, answered])
        assert.equal((await row(id)).reply_by!.toISOString(), eod('2027-01-05'));
      // One is answered (its deadline is history), one goes all the way to closed.
      for (const id of [answered, closed]) {
        ok(await handler.act(id, 'sign'));
        ok(await handler.act(id, 'reply', { text: '已处理' }));
      }
      ok(await operator.act(closed, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      ok(await operator.act(closed, 'close'));
    });

    test('a preview shows the month view and what would move, and writes nothing', async () => {
      const before = await row(open);
      const p = ok(
        await admin.post('/api/v1/admin/calendar/2027/preview', {
          format: 'notice',
          text: NOTICE,
          source: SOURCE,
        }),
      );
      assert.equal(p.saved, false);
      assert.deepEqual(p.issues, []);
      assert.equal(p.days.length, 11);
      assert.deepEqual(p.changed, [
        '2027-01-01',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
        '2027-02-20',
      ]);
      assert.equal(p.recounted, 1);
      assert.deepEqual(p.calendar[0], {
        date: '2027-01-01',
        working: false,
        source: 'local',
        name: '元旦',
        notice: SOURCE,
      });
      const after = await row(open);
      assert.equal(after.version, before.version);
      assert.equal(ok(await admin.get('/api/v1/calendar/2027')).known, false);
      assert.equal((await recountEvents(open)).length, 0);
    });

    test('a schedule with an error is refused whole, with the line it is on', async () => {
      const res = await admin.request('PUT', '/api/v1/admin/calendar/2027', {
        format: 'notice',
        text: '元旦：1月1日（周四）放假。',
        source: SOURCE,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.equal(res.body.error.details.issues[0].line, 1);
      assert.match(res.body.error.details.issues[0].message, /星期五/);
      assert.equal(ok(await admin.get('/api/v1/calendar/2027')).known, false);
      const bad = await admin.request('PUT', '/api/v1/admin/calendar/1999', {
        format: 'csv',
        text: 'x',
        source: 's',
      });
      assert.equal(bad.status, 400);
      assert.equal(
        (
          await dispatcher.request('PUT', '/api/v1/admin/calendar/2027', {
            format: 'notice',
            text: NOTICE,
            source: SOURCE,
          })
        ).status,
        403,
      );
    });

    test("entering 元旦 moves the open request's reply deadline by a day, with the event; others stay", async () => {
      const before = { open: await row(open), closed: await row(closed), answered: await row(answered) };
      const saved = ok(
        await admin.request('PUT', '/api/v1/admin/calendar/2027', {
          format: 'notice',
          text: NOTICE,
          source: SOURCE,
        }),
      );
      assert.equal(saved.saved, true);
      assert.equal(saved.recounted, 1);
      const now = await row(open);
      assert.equal(now.reply_by!.toISOString(), eod('2027-01-06'));
      assert.equal(
        now.sign_by!.toISOString(),
        before.open.sign_by!.toISOString(),
        'the sign deadline (30 Dec) is before the holiday',
      );
      assert.equal(now.version, before.open.version + 1);
      const events = await recountEvents(open);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actor_label, '系统管理员');
      assert.deepEqual(events[0]!.payload, {
        reason: 'calendar',
        scope: J,
        year: 2027,
        source: SOURCE,
        changes: { reply_by: { from: eod('2027-01-05'), to: eod('2027-01-06') } },
      });
      for (const id of [closed, answered]) {
        const r = await row(id);
        const was = id === closed ? before.closed : before.answered;
        assert.equal(r.version, was.version, `request ${id} was not touched`);
        assert.equal(r.reply_by!.toISOString(), eod('2027-01-05'));
        assert.equal((await recountEvents(id)).length, 0);
      }
      const view = ok(await operator.get('/api/v1/calendar/2027'));
      assert.equal(view.known, true);
      assert.equal(view.year_source, 'local');
      assert.equal(view.schedules[0].source, SOURCE);
      assert.equal(view.schedules[0].input_text, NOTICE);
      assert.deepEqual(
        view.days.find((d: { date: string }) => d.date === '2027-02-20'),
        {
          date: '2027-02-20',
          working: true,
          source: 'local',
          name: '春节',
          notice: SOURCE,
        },
      );
      // The alert for 2027 is resolved, and the sweep does not raise it again, though deadlines asked about 2027
      // while it was unknown (test 3, on a reloaded snapshot of the reference data).
      clock = local('2026-12-07T10:00');
      try {
        assert.equal(await alertMissingYears(ctx, J), 0);
        assert.deepEqual(await openAlerts(ctx.db, J), []);
      } finally {
        clock = local('2026-12-29T10:00');
      }
    });

    test('new dispatches count with the entered schedule at once', async () => {
      const id = await dispatched('公交站台积水');
      assert.equal((await row(id)).reply_by!.toISOString(), eod('2027-01-06'));
    });

    test('an overdue flag set under the old calendar is lifted when the deadline moves past now', async () => {
      const id = await dispatched('公交车辆噪音');
      // Past its deadline under the entered schedule: the sweep marks it.
      clock = local('2027-01-07T10:00');
      await sweepDeadlines(ctx, J);
      assert.equal((await row(id)).reply_overdue, true);
      // A holiday found late, on 4 and 5 January: the deadline moves to 8 January, after now.
      const late = `${NOTICE}\n三、补充：1月4日（周一）至5日（周二）放假，共2天。`;
      const admin = await Client.login(app, 'admin');
      ok(
        await admin.request('PUT', '/api/v1/admin/calendar/2027', {
          format: 'notice',
          text: late,
          source: `${SOURCE} 补充`,
        }),
      );
      const r = await row(id);
      assert.equal(r.reply_by!.toISOString(), eod('2027-01-08'));
      assert.equal(r.reply_overdue, false);
      clock = local('2026-12-29T10:00');
    });

    test('removing the schedule counts back to the fallback; removing it twice is not found', async () => {
      const res = ok(await admin.request('DELETE', '/api/v1/admin/calendar/2027'));
      assert.ok(res.recounted >= 1);
      assert.equal((await row(open)).reply_by!.toISOString(), eod('2027-01-05'));
      assert.equal(ok(await admin.get('/api/v1/calendar/2027')).known, false);
      assert.equal((await admin.request('DELETE', '/api/v1/admin/calendar/2027')).status, 404);
    });
  });
}
