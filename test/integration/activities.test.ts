/**
 * 宣讲/学习 activities over HTTP on both databases: teams, topics with their target's coverage, routes; sessions
 * planned, changed under their version and cancelled; the rotating check-in code and each refusal of a check-in
 * (forged, expired, not running, cancelled, the same person twice, a full session — also under concurrent
 * check-ins); the organiser's offline batch applied once; walk-ins; feedback once per attendee; a need that
 * becomes a request of channel lecture, answered by a department, shown with its state on the session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { activitiesDb } from '../../src/activities/schema.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const MINUTE = 60_000;
const GUOYUAN = 'xc-wangting-guoyuan';

for (const kind of dbKinds()) {
  describe(`宣讲/学习 activities (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let fieldworker: Client, supervisor: Client, dispatcher: Client, operator: Client, housing: Client;
    let resident: Client, neighbour: Client;
    const anyone = () => new Client(app);
    const otps = new Map<string, string>();
    let fieldworkerId: number;
    let topicId: number, teamId: number, routeId: number;
    /** A session running now (capacity 3), and one planned for tomorrow. */
    let running: any, planned: any;
    let feedbackToken: string;

    const at = (deltaMs: number) => new Date(Date.now() + deltaMs).toISOString();
    const sessionBody = (over: Record<string, unknown> = {}) => ({
      title: '党的二十届四中全会精神百姓茶馆宣讲',
      kind: 'lecture',
      format: 'teahouse',
      topic_id: topicId,
      team_id: teamId,
      speakers: ['区委书记', '民政局局长'],
      starts_at: at(-10 * MINUTE),
      ends_at: at(60 * MINUTE),
      area_code: GUOYUAN,
      venue: '果园社区百姓茶馆',
      audiences: ['public', 'elderly'],
      capacity: 3,
      is_public: true,
      ...over,
    });
    const createSession = async (over: Record<string, unknown> = {}) =>
      ok(await fieldworker.post('/api/v1/activities/sessions', sessionBody(over)), 201);
    const code = async (id: number) =>
      ok(await fieldworker.get(`/api/v1/activities/sessions/${id}/check-in-code`));
    const tokenOf = (content: string) => decodeURIComponent(new URL(content).searchParams.get('t')!);
    const checkIn = (c: Client, id: number, body: Record<string, unknown>) =>
      c.post(`/api/v1/activities/sessions/${id}/check-ins`, body);
    const detail = async (id: number) => ok(await fieldworker.get(`/api/v1/activities/sessions/${id}`));
    const attendees = async (sessionId: number) =>
      activitiesDb(t.ctx.db)
        .selectFrom('activity_attendees')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('id')
        .execute();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [fieldworker, supervisor, dispatcher, operator, housing] = await Client.loginAll(
        app,
        'fieldworker',
        'supervisor',
        'dispatcher',
        'operator',
        'handler.housing',
      );
      resident = await Client.resident(app, otps, '13811112222');
      neighbour = await Client.resident(app, otps, '13900009999');
      fieldworkerId = (
        await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'fieldworker')
          .executeTakeFirstOrThrow()
      ).id;
    });
    after(() => closeTestApp(app, t));

    test('teams with members, topics with a target, routes with stops; only organisers create them', async () => {
      const team = ok(
        await supervisor.post('/api/v1/activities/teams', {
          name: '望亭镇百姓名嘴宣讲团',
          kind: 'residents',
          level: 'street',
          area_code: 'xc-wangting',
          members: [
            { user_id: fieldworkerId, role: 'leader' },
            { name: '老张', role: 'speaker' },
          ],
        }),
        201,
      );
      teamId = team.id;
      assert.equal(team.kind_label, '百姓名嘴宣讲团');
      assert.deepEqual(
        team.members.map((m: any) => [m.user_id, m.role]),
        [
          [fieldworkerId, 'leader'],
          [null, 'speaker'],
        ],
      );
      assert.equal(team.members[1].name, '老张');
      assert.equal(team.area.name, '望亭镇');
      const renamed = ok(
        await supervisor.request('PATCH', `/api/v1/activities/teams/${teamId}`, {
          members: [{ name: '小李', role: 'member' }],
        }),
      );
      assert.deepEqual(
        renamed.members.map((m: any) => m.name),
        ['小李'],
      );
      ok(
        await supervisor.request('PATCH', `/api/v1/activities/teams/${teamId}`, {
          members: team.members.map((m: any) =>
            m.user_id ? { user_id: m.user_id, role: m.role } : { name: m.name, role: m.role },
          ),
        }),
      );

      refused(
        await housing.post('/api/v1/activities/teams', { name: 'x', kind: 'cadres', level: 'city' }),
        403,
        'forbidden',
      );
      refused(
        await supervisor.post('/api/v1/activities/teams', {
          name: 'x',
          kind: 'cadres',
          level: 'city',
          area_code: 'nowhere',
        }),
        422,
        'unknown_reference',
      );
      refused(
        await supervisor.post('/api/v1/activities/teams', {
          name: 'x',
          kind: 'cadres',
          level: 'city',
          members: [{ user_id: fieldworkerId, name: '两者都有', role: 'member' }],
        }),
        400,
        'validation_failed',
      );

      const topic = ok(
        await supervisor.post('/api/v1/activities/topics', {
          title: '学习贯彻党的二十届四中全会精神',
          summary: '进社区、进企业、进学校',
          materials: [{ title: '宣讲提纲', url: 'https://example.cn/outline.pdf' }],
          period_start: '2026-11-01',
          period_end: '2027-01-31',
          target_area_code: 'xc-wangting',
          target_date: '2027-01-31',
        }),
        201,
      );
      topicId = topic.id;
      assert.deepEqual(topic.target, {
        area: { code: 'xc-wangting', name: '望亭镇' },
        date: '2027-01-31',
        communities: 4,
        covered: 0,
      });
      refused(
        await supervisor.post('/api/v1/activities/topics', {
          title: 'x',
          period_start: '2027-02-01',
          period_end: '2027-01-01',
        }),
        400,
        'validation_failed',
      );
      refused(
        await supervisor.post('/api/v1/activities/topics', {
          title: 'x',
          materials: [{ title: 'x', url: 'javascript:alert(1)' }],
        }),
        400,
        'validation_failed',
      );
      ok(
        await supervisor.request('PATCH', `/api/v1/activities/topics/${topicId}`, {
          summary: '进社区、进企业、进学校、进家庭',
        }),
      );
      refused(
        await supervisor.request('PATCH', `/api/v1/activities/topics/${topicId}`, {
          period_end: '2026-10-01',
        }),
        400,
        'validation_failed',
      );

      const route = ok(
        await supervisor.post('/api/v1/activities/routes', {
          name: '相城红色足迹线路',
          kind: 'red',
          stops: [
            { name: '冯梦龙纪念馆', lat: 31.47, lon: 120.55, story: '冯梦龙廉政文化' },
            { name: '望亭运河公园', story: '运河文化' },
          ],
        }),
        201,
      );
      routeId = route.id;
      assert.deepEqual(
        route.stops.map((s: any) => [s.position, s.name]),
        [
          [1, '冯梦龙纪念馆'],
          [2, '望亭运河公园'],
        ],
      );
      refused(
        await supervisor.post('/api/v1/activities/routes', {
          name: 'x',
          kind: 'red',
          stops: [{ name: 'x', lat: 31 }],
        }),
        400,
        'validation_failed',
      );

      for (const path of ['teams', 'topics', 'routes']) {
        const list = ok(await housing.get(`/api/v1/activities/${path}`));
        assert.equal(list.items.length, 1, path);
        refused(await resident.get(`/api/v1/activities/${path}`), 403, 'forbidden');
        assert.equal((await anyone().get(`/api/v1/activities/${path}`)).status, 401);
      }
    });

    test('sessions: planned by a field worker, listed by area, changed under their version', async () => {
      running = await createSession({ route_id: routeId });
      planned = await createSession({
        starts_at: at(24 * 60 * MINUTE),
        ends_at: at(26 * 60 * MINUTE),
        capacity: null,
      });
      assert.equal(running.state, 'running');
      assert.equal(planned.state, 'planned');
      assert.equal(running.format_label, '百姓茶馆');
      assert.deepEqual(running.attendance, { named: 0, headcount: 0, total: 0 });
      assert.equal(running.places_left, 3);
      assert.equal(running.organiser.user_id, fieldworkerId);
      assert.equal(running.may_manage, true);
      assert.equal(running.route.name, '相城红色足迹线路');
      assert.ok(!('check_in_secret' in running));

      refused(
        await fieldworker.post('/api/v1/activities/sessions', sessionBody({ format: 'three_one' })),
        400,
        'validation_failed',
      );
      refused(
        await fieldworker.post('/api/v1/activities/sessions', sessionBody({ ends_at: at(-20 * MINUTE) })),
        400,
        'validation_failed',
      );
      refused(
        await fieldworker.post('/api/v1/activities/sessions', sessionBody({ topic_id: 999_999 })),
        422,
        'unknown_reference',
      );
      refused(await housing.post('/api/v1/activities/sessions', sessionBody()), 403, 'forbidden');
      const study = await createSession({
        title: '第一党支部主题党日',
        kind: 'study',
        format: 'party_day',
        party_branch: '果园社区第一党支部',
        topic_id: null,
        team_id: null,
        starts_at: at(-3 * 24 * 60 * MINUTE),
        ends_at: at(-3 * 24 * 60 * MINUTE + 90 * MINUTE),
        capacity: null,
      });
      assert.equal(study.state, 'ended');

      const inWangting = ok(await housing.get('/api/v1/activities/sessions?area_code=xc-wangting'));
      assert.deepEqual(
        inWangting.items.map((s: any) => s.id),
        [study.id, running.id, planned.id],
      );
      assert.equal(ok(await housing.get('/api/v1/activities/sessions?area_code=xc-yuanhe')).items.length, 0);
      assert.deepEqual(
        ok(await housing.get('/api/v1/activities/sessions?kind=study')).items.map((s: any) => s.id),
        [study.id],
      );
      assert.deepEqual(
        ok(
          await housing.get(`/api/v1/activities/sessions?from=${encodeURIComponent(at(60 * MINUTE + 1000))}`),
        ).items.map((s: any) => s.id),
        [planned.id],
      );
      // the running session of the topic is not held yet, the ended study session has no topic
      const topic = ok(await housing.get('/api/v1/activities/topics')).items[0];
      assert.deepEqual(topic.sessions, { held: 0, planned: 2 });

      const handlerView = ok(await housing.get(`/api/v1/activities/sessions/${running.id}`));
      assert.equal(handlerView.may_manage, false);
      refused(
        await housing.request('PATCH', `/api/v1/activities/sessions/${running.id}`, {
          venue: 'x',
          expected_version: 1,
        }),
        403,
        'forbidden',
      );
      const moved = ok(
        await fieldworker.request('PATCH', `/api/v1/activities/sessions/${running.id}`, {
          venue: '果园社区党群服务中心',
          expected_version: running.version,
        }),
      );
      assert.equal(moved.venue, '果园社区党群服务中心');
      assert.equal(moved.version, running.version + 1);
      refused(
        await fieldworker.request('PATCH', `/api/v1/activities/sessions/${running.id}`, {
          venue: 'x',
          expected_version: running.version,
        }),
        409,
        'version_conflict',
      );
      refused(
        await fieldworker.request('PATCH', `/api/v1/activities/sessions/${running.id}`, {
          format: 'party_day',
          expected_version: moved.version,
        }),
        400,
        'validation_failed',
      );
      ok(
        await supervisor.request('PATCH', `/api/v1/activities/sessions/${running.id}`, {
          title: running.title,
          expected_version: moved.version,
        }),
      );
      running = await detail(running.id);
    });

    test('the rotating code: a resident checks in by phone, a party member by name; every refusal is clear', async () => {
      const shown = await code(running.id);
      assert.match(shown.content, new RegExp(`/m/checkin/${running.id}\\?t=\\d+\\.`));
      assert.match(shown.svg, /^<svg/);
      assert.ok(new Date(shown.expires_at).getTime() > Date.now());
      refused(await housing.get(`/api/v1/activities/sessions/${running.id}/check-in-code`), 403, 'forbidden');
      refused(
        await fieldworker.get(`/api/v1/activities/sessions/${planned.id}/check-in-code`),
        409,
        'session_not_running',
      );
      const token = tokenOf(shown.content);

      const first = ok(await checkIn(resident, running.id, { token, method: 'phone' }), 201);
      assert.ok(first.attendee_id > 0 && first.feedback_token);
      feedbackToken = first.feedback_token;
      refused(await checkIn(resident, running.id, { token, method: 'phone' }), 409, 'already_checked_in');
      refused(await checkIn(anyone(), running.id, { token, method: 'phone' }), 401, 'unauthenticated');
      refused(await checkIn(housing, running.id, { token, method: 'phone' }), 403, 'forbidden');

      ok(
        await checkIn(anyone(), running.id, {
          token,
          method: 'member',
          name: '张伟',
          branch: '果园社区第一党支部',
        }),
        201,
      );
      refused(
        await checkIn(anyone(), running.id, {
          token,
          method: 'member',
          name: ' 张 伟',
          branch: '果园社区第一党支部 ',
        }),
        409,
        'already_checked_in',
      );
      refused(
        await checkIn(anyone(), running.id, { token, method: 'member', name: '张伟' }),
        400,
        'validation_failed',
      );

      // forged: another session's code, a changed MAC, not a code at all
      const [minute, mac] = token.split('.') as [string, string];
      for (const forged of [
        `${minute}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`,
        `${Number(minute) + 5}.${mac}`,
        'not-a-code',
      ])
        refused(
          await checkIn(neighbour, running.id, { token: forged, method: 'phone' }),
          422,
          'check_in_code_invalid',
        );
      // expired: the photo of the code, sent home, tried three minutes later
      const realNow = t.ctx.now;
      t.ctx.now = () => new Date(realNow().getTime() + 3 * MINUTE);
      try {
        refused(
          await checkIn(neighbour, running.id, { token, method: 'phone' }),
          410,
          'check_in_code_expired',
        );
        const fresh = tokenOf((await code(running.id)).content);
        assert.notEqual(fresh, token);
        ok(await checkIn(neighbour, running.id, { token: fresh, method: 'phone' }), 201);
      } finally {
        t.ctx.now = realNow;
      }
      // not running: a planned session refuses whatever the code
      refused(await checkIn(neighbour, planned.id, { token, method: 'phone' }), 409, 'session_not_running');
      // full: capacity 3 (a resident, a party member, the neighbour)
      refused(
        await checkIn(anyone(), running.id, {
          token: tokenOf((await code(running.id)).content),
          method: 'member',
          name: '李娜',
          branch: '第二党支部',
        }),
        409,
        'session_full',
      );
      const d = await detail(running.id);
      assert.deepEqual(d.attendance, { named: 3, headcount: 0, total: 3 });
      assert.equal(d.places_left, 0);

      // personal data: encrypted at rest, never in an answer
      const rows = await attendees(running.id);
      assert.deepEqual(
        rows.map((r) => r.method),
        ['phone', 'member', 'phone'],
      );
      assert.equal(t.ctx.vault.decrypt(rows[0]!.phone_enc!), '13811112222');
      assert.equal(t.ctx.vault.decrypt(rows[1]!.name_enc!), '张伟');
      const text = JSON.stringify([d, ok(await fieldworker.get('/api/v1/activities/sessions'))]);
      for (const secret of ['13811112222', '13900009999', '张伟']) assert.ok(!text.includes(secret), secret);
    });

    test('capacity and one check-in per person hold under concurrent check-ins', async () => {
      const s = await createSession({ capacity: 5 });
      const token = tokenOf((await code(s.id)).content);
      const people = Array.from({ length: 20 }, (_, i) =>
        checkIn(anyone(), s.id, { token, method: 'member', name: `党员${i}`, branch: '第三党支部' }),
      );
      const results = await Promise.all(people);
      assert.equal(results.filter((r) => r.status === 201).length, 5);
      for (const r of results.filter((x) => x.status !== 201)) refused(r, 409, 'session_full');
      assert.equal((await attendees(s.id)).length, 5);

      const open = await createSession({ capacity: null });
      const openToken = tokenOf((await code(open.id)).content);
      const same = await Promise.all(
        Array.from({ length: 10 }, () =>
          checkIn(anyone(), open.id, {
            token: openToken,
            method: 'member',
            name: '王芳',
            branch: '第三党支部',
          }),
        ),
      );
      assert.equal(same.filter((r) => r.status === 201).length, 1);
      for (const r of same.filter((x) => x.status !== 201)) refused(r, 409, 'already_checked_in');
      assert.equal((await attendees(open.id)).length, 1);
    });

    test('feedback: once per attendee, with the token given at check-in', async () => {
      const url = `/api/v1/activities/sessions/${running.id}/feedback`;
      ok(
        await anyone().post(url, { feedback_token: feedbackToken, rating: 5, comment: '讲得通俗易懂' }),
        201,
      );
      refused(await anyone().post(url, { feedback_token: feedbackToken, rating: 1 }), 409, 'feedback_done');
      refused(
        await anyone().post(url, { feedback_token: 'x.AAAAAAAAAAAAAAAAAAAAAA', rating: 4 }),
        422,
        'feedback_token_invalid',
      );
      refused(
        await anyone().post(`/api/v1/activities/sessions/${planned.id}/feedback`, {
          feedback_token: feedbackToken,
          rating: 4,
        }),
        422,
        'feedback_token_invalid',
      );
      refused(
        await anyone().post(url, { feedback_token: feedbackToken, rating: 6 }),
        400,
        'validation_failed',
      );
      const d = await detail(running.id);
      assert.deepEqual(
        {
          count: d.feedback.count,
          average: d.feedback.average,
          comments: d.feedback.comments.map((c: any) => c.comment),
        },
        { count: 1, average: 5, comments: ['讲得通俗易懂'] },
      );
    });

    test('the organiser’s offline names: a batch synced twice is applied once', async () => {
      const s = await createSession({ capacity: null });
      const url = `/api/v1/activities/sessions/${s.id}/check-ins/batch`;
      const token = tokenOf((await code(s.id)).content);
      ok(await checkIn(anyone(), s.id, { token, method: 'member', name: '赵敏', branch: '第一党支部' }), 201);
      const entries = [
        { client_id: 'dev1-0001', name: '孙银龙', phone: '13912340000', at: at(-5 * MINUTE) },
        { client_id: 'dev1-0002', name: '赵敏', branch: '第一党支部', at: at(-4 * MINUTE) },
        { client_id: 'dev1-0003', name: '周杰', at: at(-3 * 24 * 60 * MINUTE) },
        { client_id: 'dev1-0004', name: '吴刚', at: at(-3 * MINUTE) },
        { client_id: 'dev1-0005', name: '孙银龙', phone: '139 1234 0000', at: at(-2 * MINUTE) },
      ];
      const key = { 'idempotency-key': `batch-${s.id}-1` };
      const first = ok(await fieldworker.post(url, { entries }, key), 201);
      assert.deepEqual(first, {
        applied: 2,
        duplicates: 2,
        refused: [{ client_id: 'dev1-0003', code: 'session_not_running' }],
      });
      const again = await fieldworker.post(url, { entries }, key);
      assert.equal(again.status, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.body, first);
      refused(await fieldworker.post(url, { entries: entries.slice(1) }, key), 409, 'idempotency_conflict');
      refused(await fieldworker.post(url, { entries }), 400, 'validation_failed');
      // the same entries under another key (a second device's queue): nothing counted twice
      const other = ok(
        await fieldworker.post(url, { entries }, { 'idempotency-key': `batch-${s.id}-2` }),
        201,
      );
      assert.deepEqual(other, {
        applied: 0,
        duplicates: 4,
        refused: [{ client_id: 'dev1-0003', code: 'session_not_running' }],
      });
      refused(await housing.post(url, { entries }, { 'idempotency-key': 'h' }), 403, 'forbidden');
      const rows = await attendees(s.id);
      assert.equal(rows.length, 3);
      const offline = rows.filter((r) => r.method === 'offline');
      assert.deepEqual(
        offline.map((r) => [r.client_id, t.ctx.vault.decrypt(r.name_enc!)]),
        [
          ['dev1-0001', '孙银龙'],
          ['dev1-0004', '吴刚'],
        ],
      );
      assert.equal(t.ctx.vault.decrypt(offline[0]!.phone_enc!), '13912340000');
      // the person taken offline by phone cannot check in again with the QR code (a resident of that phone)
      const sun = await Client.resident(app, otps, '13912340000');
      refused(await checkIn(sun, s.id, { token, method: 'phone' }), 409, 'already_checked_in');
    });

    test('walk-ins counted under the version; they take places', async () => {
      const s = await createSession({ capacity: 10 });
      const url = `/api/v1/activities/sessions/${s.id}/headcount`;
      const counted = ok(
        await fieldworker.request('PUT', url, { headcount: 9, expected_version: s.version }),
      );
      assert.deepEqual(counted.attendance, { named: 0, headcount: 9, total: 9 });
      assert.equal(counted.places_left, 1);
      refused(
        await fieldworker.request('PUT', url, { headcount: 12, expected_version: s.version }),
        409,
        'version_conflict',
      );
      refused(
        await fieldworker.request('PUT', url, { headcount: -1, expected_version: counted.version }),
        400,
        'validation_failed',
      );
      const token = tokenOf((await code(s.id)).content);
      ok(await checkIn(anyone(), s.id, { token, method: 'member', name: '钱七', branch: '第一党支部' }), 201);
      refused(
        await checkIn(anyone(), s.id, { token, method: 'member', name: '钱八', branch: '第一党支部' }),
        409,
        'session_full',
      );
    });

    test('a need raised at the session becomes a lecture request, answered by a department, resolved on the page', async () => {
      const url = `/api/v1/activities/sessions/${running.id}/needs`;
      const raised = ok(
        await fieldworker.post(url, {
          title: '果园社区老年助餐点',
          description: '居民在百姓茶馆提出希望增设老年助餐点，方便独居老人就餐。',
          type: '建议',
          caller_phone: '13811112222',
          caller_name: '王小明',
        }),
        201,
      );
      assert.match(raised.ticket_no, /^\d{8}/);
      refused(await housing.post(url, { description: 'x' }), 403, 'forbidden');
      refused(await fieldworker.post(url, { description: '' }), 400, 'validation_failed');
      refused(
        await fieldworker.post(url, { description: 'x', category_code: 'nope' }),
        422,
        'unknown_reference',
      );

      const r = ok(await dispatcher.get(`/api/v1/requests/${raised.request_id}`));
      assert.equal(r.channel, 'lecture');
      assert.equal(r.activity_session_id, running.id);
      assert.equal(r.place.area_code, GUOYUAN);
      assert.equal(r.timeline[0].payload.activity_session_id, running.id);
      const row = await t.ctx.db
        .selectFrom('requests')
        .select(['activity_session_id', 'reporter_phone_hash'])
        .where('id', '=', raised.request_id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.activity_session_id), running.id);
      assert.ok(row.reporter_phone_hash);

      const state = async () => (await detail(running.id)).needs.map((n: any) => [n.request_id, n.state]);
      assert.deepEqual(await state(), [[raised.request_id, 'raised']]);
      ok(await dispatcher.act(raised.request_id, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(raised.request_id, 'sign'));
      ok(
        await housing.act(raised.request_id, 'reply', {
          text: '已在果园社区党群服务中心设立老年助餐点，下月起供餐。',
        }),
      );
      assert.deepEqual(await state(), [[raised.request_id, 'answered']]);
      ok(await operator.act(raised.request_id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      const d = await detail(running.id);
      assert.deepEqual(
        d.needs.map((n: any) => [n.request_id, n.state, n.ticket_no]),
        [[raised.request_id, 'resolved', raised.ticket_no]],
      );
      assert.ok(!JSON.stringify(d).includes('13811112222'));
    });

    test('a cancelled session refuses check-ins, counts and needs', async () => {
      const s = await createSession({ capacity: null });
      const token = tokenOf((await code(s.id)).content);
      refused(
        await housing.post(`/api/v1/activities/sessions/${s.id}/cancel`, { expected_version: s.version }),
        403,
        'forbidden',
      );
      const cancelled = ok(
        await fieldworker.post(`/api/v1/activities/sessions/${s.id}/cancel`, {
          reason: '暴雨预警',
          expected_version: s.version,
        }),
      );
      assert.equal(cancelled.state, 'cancelled');
      assert.equal(cancelled.cancel_reason, '暴雨预警');
      refused(
        await fieldworker.post(`/api/v1/activities/sessions/${s.id}/cancel`, {
          expected_version: cancelled.version,
        }),
        409,
        'session_cancelled',
      );
      refused(
        await checkIn(anyone(), s.id, { token, method: 'member', name: '郑九', branch: 'x' }),
        409,
        'session_cancelled',
      );
      refused(
        await fieldworker.get(`/api/v1/activities/sessions/${s.id}/check-in-code`),
        409,
        'session_cancelled',
      );
      refused(
        await fieldworker.request('PUT', `/api/v1/activities/sessions/${s.id}/headcount`, {
          headcount: 1,
          expected_version: cancelled.version,
        }),
        409,
        'session_cancelled',
      );
      refused(
        await fieldworker.post(`/api/v1/activities/sessions/${s.id}/needs`, { description: 'x' }),
        409,
        'session_cancelled',
      );
      refused(
        await checkIn(anyone(), 999_999, { token, method: 'member', name: '郑九', branch: 'x' }),
        404,
        'not_found',
      );
    });

    test('the topic’s target counts the communities that have had a held session', async () => {
      // a session of the topic in 迎湖村, held yesterday; one in 果园社区 cancelled; one outside 望亭
      await createSession({
        area_code: 'xc-wangting-yinghu',
        starts_at: at(-26 * 60 * MINUTE),
        ends_at: at(-25 * 60 * MINUTE),
        capacity: null,
      });
      await createSession({
        area_code: 'xc-yuanhe-lumu',
        starts_at: at(-26 * 60 * MINUTE),
        ends_at: at(-25 * 60 * MINUTE),
        capacity: null,
      });
      const topic = ok(await housing.get('/api/v1/activities/topics')).items.find(
        (x: any) => x.id === topicId,
      );
      assert.equal(topic.target.communities, 4);
      assert.equal(topic.target.covered, 1);
      assert.equal(topic.sessions.held, 2);
    });
  });
}
