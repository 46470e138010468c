/**
 * 宣讲/学习 statistics and publication on both databases, from a few sessions counted by hand: the figures per
 * topic, team, street and month (held sessions only: a cancelled one and those to come are not counted), the
 * communities covered against a topic's target, the needs raised and resolved through the normal lifecycle; the
 * xlsx (one sheet per grouping); the bulletin sentence; the public list (upcoming public sessions, nothing
 * personal) and the iCalendar feed parsed back with ical.js (stable UIDs, cancelled sessions, escaped text, the
 * public rate limit).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { periodPhrase } from '../../src/activities/stats/bulletin.js';
import { localMonth } from '../../src/activities/stats/grouping.js';
import { localDate } from '../../src/requests/deadlines.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp, tokenFor } from '../support/http.js';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RATE_LIMIT = 40;
/** The speaker and attendee names and the phone that must never reach the public. */
const SPEAKER = '宣讲员钱多多';
const ATTENDEE = '孙小美';
const PHONE = '13911112222';
const MASKED_PHONE = '139****2222';
const MASKED_SPEAKER = '宣*****';

for (const kind of dbKinds()) {
  describe(`activities statistics and publication (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let supervisor: Client;
    let dispatcher: Client;
    let operator: Client;
    let handler: Client;
    const now = new Date();
    const today = localDate(now, TZ);
    const ids: Record<string, number> = {};
    const topic: Record<string, number> = {};
    const team: Record<string, number> = {};
    /** A local day `days` from today at `hour` o'clock. */
    const at = (days: number, hour: number) =>
      new Date(Date.parse(`${today}T00:00:00+08:00`) + days * DAY + hour * HOUR);
    const from = localDate(at(-12, 12), TZ);

    async function session(key: string, body: Record<string, unknown>) {
      const r = ok(
        await supervisor.post('/api/v1/activities/sessions', {
          kind: 'lecture',
          format: 'interactive',
          venue: '社区活动室',
          audiences: ['public'],
          ...body,
        }),
        201,
      );
      ids[key] = r.id;
      return r.id as number;
    }
    const batch = async (id: number, startsAt: Date, names: string[], phone?: string) =>
      ok(
        await supervisor.post(
          `/api/v1/activities/sessions/${id}/check-ins/batch`,
          {
            entries: names.map((name, i) => ({
              client_id: `${id}-${i}`,
              name,
              ...(phone && i === 0 ? { phone } : {}),
              at: new Date(startsAt.getTime() + 5 * 60_000).toISOString(),
            })),
          },
          { 'idempotency-key': `batch-${id}` },
        ),
        201,
      );
    const version = async (id: number) =>
      ok(await supervisor.get(`/api/v1/activities/sessions/${id}`)).version;
    const headcount = async (id: number, n: number) =>
      ok(
        await supervisor.request('PUT', `/api/v1/activities/sessions/${id}/headcount`, {
          headcount: n,
          expected_version: await version(id),
        }),
      );
    const need = async (id: number, title: string) =>
      ok(
        await supervisor.post(`/api/v1/activities/sessions/${id}/needs`, {
          title,
          description: `${title}，请有关部门尽快处理。`,
        }),
        201,
      ).request_id as number;
    const answer = async (requestId: number) => {
      ok(await dispatcher.act(requestId, 'dispatch', { department_code: 'housing' }));
      ok(await handler.act(requestId, 'sign'));
      ok(
        await handler.act(requestId, 'reply', {
          text: '您好，已现场核实并处理完毕，感谢您在宣讲活动中提出的建议。',
        }),
      );
    };
    const resolve = async (requestId: number) => {
      await answer(requestId);
      ok(await operator.act(requestId, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      ok(await operator.act(requestId, 'close'));
    };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp({ ...t.ctx, config: { ...t.ctx.config, publicRateLimit: RATE_LIMIT } });
      [supervisor, dispatcher, operator, handler] = await Client.loginAll(
        app,
        'supervisor',
        'dispatcher',
        'operator',
        'handler.housing',
      );
      const topicBody = {
        summary: '',
        materials: [],
        period_start: null,
        period_end: null,
        target_date: null,
      };
      topic.garbage = ok(
        await supervisor.post('/api/v1/activities/topics', {
          ...topicBody,
          title: '垃圾分类',
          target_area_code: 'xc-yuanhe',
        }),
        201,
      ).id;
      topic.fraud = ok(
        await supervisor.post('/api/v1/activities/topics', {
          ...topicBody,
          title: '反诈宣传',
          target_area_code: null,
        }),
        201,
      ).id;
      for (const [key, name, kind] of [
        ['cadres', '区委宣讲团', 'cadres'],
        ['pupils', '红领巾宣讲团', 'youth'],
      ] as const)
        team[key] = ok(
          await supervisor.post('/api/v1/activities/teams', { name, kind, level: 'district', members: [] }),
          201,
        ).id;

      // Held: three sessions, counted by hand below.
      const s1Start = at(-10, 9);
      const s1 = await session('s1', {
        title: '垃圾分类进陆慕',
        topic_id: topic.garbage,
        team_id: team.cadres,
        speakers: [SPEAKER],
        area_code: 'xc-yuanhe-lumu',
        starts_at: s1Start.toISOString(),
        ends_at: new Date(s1Start.getTime() + 2 * HOUR).toISOString(),
        is_public: true,
      });
      assert.equal((await batch(s1, s1Start, [ATTENDEE, '周大勇', '吴小花'], PHONE)).applied, 3);
      await headcount(s1, 20);
      await resolve(await need(s1, '小区垃圾投放点缺少照明'));
      await answer(await need(s1, '厨余垃圾清运不及时'));

      const s2Start = at(-8, 14);
      const s2 = await session('s2', {
        title: '垃圾分类进御窑',
        topic_id: topic.garbage,
        team_id: team.pupils,
        area_code: 'xc-yuanhe-yuyao',
        starts_at: s2Start.toISOString(),
        ends_at: new Date(s2Start.getTime() + HOUR).toISOString(),
      });
      await batch(s2, s2Start, ['郑一', '王二']);
      await need(s2, '希望增设旧衣回收箱');

      const s3Start = at(-5, 19);
      const s3 = await session('s3', {
        title: '反诈宣传进果园',
        topic_id: topic.fraud,
        team_id: team.cadres,
        area_code: 'xc-wangting-guoyuan',
        starts_at: s3Start.toISOString(),
        ends_at: new Date(s3Start.getTime() + 1.5 * HOUR).toISOString(),
      });
      await headcount(s3, 15);
      await resolve(await need(s3, '村口监控探头损坏'));

      // Not counted: cancelled after its headcount was taken; still to come.
      const s4Start = at(-6, 9);
      const s4 = await session('cancelledPast', {
        title: '垃圾分类进蠡口（取消）',
        topic_id: topic.garbage,
        area_code: 'xc-yuanhe-likou',
        starts_at: s4Start.toISOString(),
        ends_at: new Date(s4Start.getTime() + HOUR).toISOString(),
      });
      await headcount(s4, 99);
      ok(
        await supervisor.post(`/api/v1/activities/sessions/${s4}/cancel`, {
          reason: '暴雨',
          expected_version: await version(s4),
        }),
      );

      const upcoming = at(3, 14);
      await session('upcoming', {
        title: '反诈宣传; 进社区, 第一场',
        topic_id: topic.fraud,
        team_id: team.cadres,
        speakers: [SPEAKER],
        area_code: 'xc-yuanhe-chaoyang',
        venue: `文体中心, 二楼; ${SPEAKER}主讲（报名 ${PHONE}）`,
        audiences: ['public', 'elderly'],
        capacity: 50,
        registration_required: true,
        starts_at: upcoming.toISOString(),
        ends_at: new Date(upcoming.getTime() + 2 * HOUR).toISOString(),
        is_public: true,
      });
      const cancelled = await session('cancelledUpcoming', {
        title: '垃圾分类进朝阳',
        topic_id: topic.garbage,
        area_code: 'xc-yuanhe-chaoyang',
        starts_at: at(5, 9).toISOString(),
        ends_at: at(5, 11).toISOString(),
        is_public: true,
      });
      ok(
        await supervisor.post(`/api/v1/activities/sessions/${cancelled}/cancel`, {
          reason: '场地冲突',
          expected_version: 1,
        }),
      );
      await session('private', {
        title: '机关党支部主题党日',
        kind: 'study',
        format: 'party_day',
        party_branch: '区委办机关党支部',
        area_code: 'xc',
        starts_at: at(4, 9).toISOString(),
        ends_at: at(4, 11).toISOString(),
      });
    });
    after(() => closeTestApp(app, t));

    const row = (over: Record<string, unknown>) => ({
      sessions: 0,
      named: 0,
      headcount: 0,
      attendance: 0,
      communities_covered: 0,
      communities_target: null,
      needs_raised: 0,
      needs_resolved: 0,
      ...over,
    });
    const stats = async (groupBy: string, query = `&from=${from}`) =>
      ok(await handler.get(`/api/v1/activities/stats?group_by=${groupBy}${query}`));

    test('per topic: held sessions only, covered against the target', async () => {
      const s = await stats('topic');
      assert.equal(s.group_by, 'topic');
      assert.equal(s.from, from);
      assert.equal(s.to, null);
      assert.deepEqual(s.rows, [
        row({
          key: String(topic.garbage),
          label: '垃圾分类',
          sessions: 2,
          named: 5,
          headcount: 20,
          attendance: 25,
          communities_covered: 2,
          communities_target: 4,
          needs_raised: 3,
          needs_resolved: 1,
        }),
        row({
          key: String(topic.fraud),
          label: '反诈宣传',
          sessions: 1,
          headcount: 15,
          attendance: 15,
          communities_covered: 1,
          needs_raised: 1,
          needs_resolved: 1,
        }),
      ]);
      assert.deepEqual(
        s.total,
        row({
          key: 'total',
          label: '合计',
          sessions: 3,
          named: 5,
          headcount: 35,
          attendance: 40,
          communities_covered: 3,
          communities_target: 4,
          needs_raised: 4,
          needs_resolved: 2,
        }),
      );
    });

    test('per team, per street, per month', async () => {
      const teams = (await stats('team')).rows;
      assert.deepEqual(
        teams.map((r: any) => [r.label, r.sessions, r.attendance, r.needs_raised]),
        [
          ['区委宣讲团', 2, 38, 3],
          ['红领巾宣讲团', 1, 2, 1],
        ],
      );
      const areas = (await stats('area')).rows;
      assert.deepEqual(
        areas.map((r: any) => [r.key, r.label, r.sessions, r.communities_covered]),
        [
          ['xc-yuanhe', '元和街道', 2, 2],
          ['xc-wangting', '望亭镇', 1, 1],
        ],
      );
      const months = (await stats('month')).rows;
      const expected = new Map<string, number>();
      for (const d of [at(-10, 9), at(-8, 14), at(-5, 19)]) {
        const m = localMonth(d, TZ);
        expected.set(m, (expected.get(m) ?? 0) + 1);
      }
      assert.deepEqual(
        months.map((r: any) => [r.key, r.sessions]),
        [...expected].sort(),
      );
      assert.equal(
        months.reduce((n: number, r: any) => n + r.attendance, 0),
        40,
      );
    });

    test('the period: sessions that started in it, local days, to included', async () => {
      const day = (d: Date) => localDate(d, TZ);
      const onlyS2 = await stats('topic', `&from=${day(at(-8, 0))}&to=${day(at(-8, 0))}`);
      assert.equal(onlyS2.total.sessions, 1);
      assert.equal(onlyS2.total.named, 2);
      const oneTopic = await stats('team', `&topic_id=${topic.fraud}`);
      assert.deepEqual(
        oneTopic.rows.map((r: any) => [r.label, r.sessions]),
        [['区委宣讲团', 1]],
      );
      refused(
        await handler.get(`/api/v1/activities/stats?from=${today}&to=${from}`),
        400,
        'validation_failed',
      );
      refused(await handler.get('/api/v1/activities/stats?group_by=street'), 400, 'validation_failed');
    });

    test('the bulletin sentence', async () => {
      const { text } = ok(await supervisor.get(`/api/v1/activities/bulletin?from=${from}`));
      assert.equal(
        text,
        `${periodPhrase({ from, today })}，全区各宣讲团开展宣讲活动 3 场，覆盖社区 3 个（目标 4 个），` +
          '参与群众 40 人次，收集意见建议 4 条，已解决 2 条。',
      );
      const about = ok(
        await supervisor.get(`/api/v1/activities/bulletin?from=${from}&topic_id=${topic.fraud}`),
      );
      assert.match(
        about.text,
        /，围绕“反诈宣传”主题，全区各宣讲团开展宣讲活动 1 场，覆盖社区 1 个，参与群众 15 人次/,
      );
    });

    test('the xlsx: the bulletin, then one sheet per grouping with Chinese headers', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/activities/stats.xlsx?from=${from}`,
        headers: { authorization: `Bearer ${await tokenFor(app, 'supervisor')}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="activities-/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ['概况', '按主题', '按宣讲团', '按区域', '按月份'],
      );
      assert.match(String(wb.getWorksheet('概况')!.getCell('A2').value), /开展宣讲活动 3 场/);
      const topics = wb.getWorksheet('按主题')!;
      assert.deepEqual((topics.getRow(1).values as unknown[]).slice(1), [
        '主题',
        '开展场次',
        '实名签到（人次）',
        '现场计数（人次）',
        '参与群众（人次）',
        '覆盖社区（个）',
        '目标社区（个）',
        '收集意见建议（条）',
        '已解决（条）',
      ]);
      assert.deepEqual((topics.getRow(2).values as unknown[]).slice(1), [
        '垃圾分类',
        2,
        5,
        20,
        25,
        2,
        4,
        3,
        1,
      ]);
      assert.deepEqual((topics.getRow(4).values as unknown[]).slice(1), ['合计', 3, 5, 35, 40, 3, 4, 4, 2]);
      const areas = wb.getWorksheet('按区域')!;
      assert.equal((areas.getRow(1).values as unknown[]).length - 1, 8, 'no target column but on topics');
      assert.deepEqual((areas.getRow(2).values as unknown[]).slice(1, 3), ['元和街道', 2]);
    });

    test('staff only: no login 401, a resident or the public never', async () => {
      const anyone = new Client(app);
      refused(await anyone.get('/api/v1/activities/stats'), 401, 'unauthenticated');
      refused(await anyone.get('/api/v1/activities/bulletin'), 401, 'unauthenticated');
      assert.equal((await anyone.get('/api/v1/activities/stats.xlsx')).status, 401);
    });

    test('the public list: upcoming public sessions, nothing personal', async () => {
      const res = await new Client(app).get('/api/v1/public/activities');
      const { items } = ok(res);
      assert.deepEqual(
        items.map((i: any) => i.id),
        [ids.upcoming],
      );
      const [s] = items;
      assert.deepEqual(s, {
        id: ids.upcoming,
        title: '反诈宣传; 进社区, 第一场',
        kind: 'lecture',
        kind_label: '宣讲',
        format: 'interactive',
        format_label: '互动宣讲',
        topic: '反诈宣传',
        starts_at: at(3, 14).toISOString(),
        ends_at: at(3, 16).toISOString(),
        area: { code: 'xc-yuanhe-chaoyang', name: '朝阳社区' },
        venue: `文体中心, 二楼; ${MASKED_SPEAKER}主讲（报名 ${MASKED_PHONE}）`,
        audiences: ['public', 'elderly'],
        audience_labels: ['群众', '老年人'],
        capacity: 50,
        places_left: 50,
        registration_required: true,
      });
      const text = JSON.stringify(items);
      for (const secret of [SPEAKER, ATTENDEE, PHONE, '督办员']) assert.ok(!text.includes(secret), secret);
      const later = ok(
        await new Client(app).get(`/api/v1/public/activities?from=${localDate(at(4, 0), TZ)}`),
      );
      assert.deepEqual(later.items, []);
    });

    test('the iCalendar feed: public sessions, stable UIDs, cancelled ones as such, escaped text', async () => {
      const fetchIcs = async () => {
        const res = await app.inject({ method: 'GET', url: '/calendar/activities.ics' });
        assert.equal(res.statusCode, 200, res.body);
        assert.match(String(res.headers['content-type']), /^text\/calendar; charset=utf-8/);
        return res.body;
      };
      const events = (body: string) =>
        new Map(
          new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((v) => {
            const e = new ICAL.Event(v);
            return [e.summary, { e, status: v.getFirstPropertyValue('status') }] as const;
          }),
        );
      const body = await fetchIcs();
      const first = events(body);
      assert.deepEqual(
        [...first.keys()].sort(),
        ['反诈宣传; 进社区, 第一场', '垃圾分类进朝阳', '垃圾分类进陆慕'].sort(),
      );
      assert.equal(first.get('垃圾分类进朝阳')!.status, 'CANCELLED');
      assert.equal(first.get('垃圾分类进陆慕')!.status, 'CONFIRMED');
      const upcoming = first.get('反诈宣传; 进社区, 第一场')!.e;
      assert.equal(
        upcoming.location,
        `朝阳社区 文体中心, 二楼; ${MASKED_SPEAKER}主讲（报名 ${MASKED_PHONE}）`,
      );
      assert.equal(upcoming.startDate.toJSDate().toISOString(), at(3, 14).toISOString());
      assert.match(upcoming.description, /名额：50（剩余 50）/);
      for (const secret of [SPEAKER, ATTENDEE, PHONE, '督办员', 'ORGANIZER', 'ATTENDEE']) {
        assert.ok(!body.includes(secret), secret);
      }

      ok(
        await supervisor.request('PATCH', `/api/v1/activities/sessions/${ids.upcoming}`, {
          title: '反诈宣传进社区（更新）',
          expected_version: await version(ids.upcoming!),
        }),
      );
      const second = events(await fetchIcs());
      const updated = second.get('反诈宣传进社区（更新）')!.e;
      assert.equal(updated.uid, upcoming.uid);
      assert.ok(updated.sequence > upcoming.sequence);
    });

    test('the public routes are rate-limited', async () => {
      let status = 200;
      for (let i = 0; i <= RATE_LIMIT && status !== 429; i++)
        status = (await app.inject({ method: 'GET', url: '/calendar/activities.ics' })).statusCode;
      assert.equal(status, 429);
    });
  });
}
