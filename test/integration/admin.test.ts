import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD, dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { centroidOf } from '../support/areas.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);
const login = (c: Client, username: string, password: string) =>
  c.post('/api/v1/auth/login', { username, password });

/** A closed square ring of half-width d around a point. */
const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

for (const kind of dbKinds()) {
  describe(`admin: reference data, users, API keys, docs, rate limits (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client, dispatcher: Client, operator: Client;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin, dispatcher, operator] = await Client.loginAll(app, 'admin', 'dispatcher', 'operator');
    });
    after(() => closeTestApp(app, t));

    /** Whether the table holds a row with the code. */
    const stored = async (table: 'areas' | 'categories', code: string) =>
      (await t.ctx.db.selectFrom(table).select('code').where('code', '=', code).execute()).length > 0;

    describe('departments', () => {
      const dept = { code: 'water-test', name: '相城区水务测试局', kind: 'bureau', area_code: 'xc' };

      test('PUT creates a department; GET /api/v1/departments lists it under its code', async () => {
        const created = ok(await put(admin, '/api/v1/admin/departments/water-test', dept));
        assert.equal(created.code, 'water-test');
        assert.equal(created.active, true);
        const list = ok(await new Client(app).get('/api/v1/departments'));
        const row = list.items.find((d: any) => d.code === 'water-test');
        assert.deepEqual(row, {
          code: 'water-test',
          name: '相城区水务测试局',
          kind: 'bureau',
          area_code: 'xc',
          active: true,
        });
      });

      test('PUT again updates it in place, keeping its code', async () => {
        ok(
          await put(admin, '/api/v1/admin/departments/water-test', {
            ...dept,
            name: '相城区水务局',
            kind: 'utility',
            active: false,
          }),
        );
        const list = ok(await new Client(app).get('/api/v1/departments'));
        const rows = list.items.filter((d: any) => d.code === 'water-test');
        assert.equal(rows.length, 1);
        assert.equal(rows[0].name, '相城区水务局');
        assert.equal(rows[0].kind, 'utility');
        assert.equal(rows[0].active, false);
        ok(await put(admin, '/api/v1/admin/departments/water-test', { ...dept, name: '相城区水务局' }));
      });

      test('a new department can be dispatched to right away', async () => {
        const r = ok(
          await operator.post('/api/v1/requests', {
            body: '自来水水压低',
            reporter: { phone: '13900005555' },
          }),
          201,
        );
        const d = ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'water-test' }));
        assert.equal(d.department_code, 'water-test');
      });

      test('bad department input answers 4xx: code mismatch, bad code, unknown area', async () => {
        const putDept = (code: string, body: object) => put(admin, `/api/v1/admin/departments/${code}`, body);
        const invalid = [
          ['water-test', { ...dept, code: 'other' }],
          ['Water Test', { ...dept, code: 'Water Test' }],
          ['water-test', { ...dept, kind: 'ministry' }],
        ] as const;
        for (const [code, body] of invalid) refused(await putDept(code, body), 400, 'validation_failed');
        const nowhere = { ...dept, code: 'dept-nowhere', area_code: 'xc-nowhere' };
        refused(await putDept('dept-nowhere', nowhere), 422, 'unknown_reference');
        const list = ok(await new Client(app).get('/api/v1/departments'));
        assert.ok(!list.items.some((d: any) => d.code === 'dept-nowhere' || d.code === 'other'));
      });
    });

    describe('areas', () => {
      const locate = async (p: { lat: number; lon: number }) =>
        ok(await new Client(app).get(`/api/v1/areas/locate?lat=${p.lat}&lon=${p.lon}`));
      let lon: number, lat: number;
      let yinghu: { lat: number; lon: number };

      before(async () => {
        ({ lon, lat } = await centroidOf(t.ctx, 'xc-wangting-guoyuan'));
        yinghu = await centroidOf(t.ctx, 'xc-wangting-yinghu');
      });

      test('the centroids of 果园社区 and 迎湖村 lie in them', async () => {
        assert.match((await locate({ lat, lon })).code, /^xc-wangting-guoyuan(-|$)/);
        // 迎湖村 has no grids yet: the community itself is the finest area there.
        assert.equal((await locate(yinghu)).code, 'xc-wangting-yinghu');
      });

      test('PUT a grid with a GeoJSON polygon; locate finds it; a request filed there lands in it', async () => {
        const created = ok(
          await put(admin, '/api/v1/admin/areas/xc-wangting-yinghu-g1', {
            code: 'xc-wangting-yinghu-g1',
            name: '迎湖村第一网格',
            level: 'grid',
            parent_code: 'xc-wangting-yinghu',
            geometry: square(yinghu.lon, yinghu.lat, 0.0005),
          }),
        );
        assert.deepEqual(created, {
          code: 'xc-wangting-yinghu-g1',
          name: '迎湖村第一网格',
          level: 'grid',
          parent_code: 'xc-wangting-yinghu',
          approximate: false,
        });
        const at = await locate(yinghu);
        assert.equal(at.code, 'xc-wangting-yinghu-g1');
        assert.equal(at.level, 'grid');
        assert.equal(at.parent_code, 'xc-wangting-yinghu');
        assert.equal((await locate({ ...yinghu, lat: yinghu.lat + 0.002 })).code, 'xc-wangting-yinghu');
        const areas = ok(await new Client(app).get('/api/v1/areas'));
        assert.ok(areas.items.some((a: any) => a.code === 'xc-wangting-yinghu-g1' && a.level === 'grid'));
        const r = ok(
          await operator.post('/api/v1/requests', {
            body: '网格内垃圾桶满溢',
            ...yinghu,
            reporter: { phone: '13900005556' },
          }),
          201,
        );
        assert.equal(r.place.area_code, 'xc-wangting-yinghu-g1');
      });

      test('PUT again moves and renames it (upsert)', async () => {
        const moved = { ...yinghu, lat: yinghu.lat + 0.002 };
        ok(
          await put(admin, '/api/v1/admin/areas/xc-wangting-yinghu-g1', {
            code: 'xc-wangting-yinghu-g1',
            name: '迎湖村一号网格',
            level: 'grid',
            parent_code: 'xc-wangting-yinghu',
            geometry: square(moved.lon, moved.lat, 0.0005),
          }),
        );
        const at = await locate(moved);
        assert.equal(at.code, 'xc-wangting-yinghu-g1');
        assert.equal(at.name, '迎湖村一号网格');
        assert.equal((await locate(yinghu)).code, 'xc-wangting-yinghu');
        const areas = ok(await new Client(app).get('/api/v1/areas'));
        assert.equal(areas.items.filter((a: any) => a.code === 'xc-wangting-yinghu-g1').length, 1);
      });

      test('a tiny grid inside 果园社区 (around its centroid) is what locate finds there', async () => {
        // 果园社区 is already tiled by three grids, so the new one lies inside one of them: the finest
        // (smallest) area containing the point must win, whatever order the rows come back in.
        const before = await locate({ lat, lon });
        ok(
          await put(admin, '/api/v1/admin/areas/xc-wangting-guoyuan-g9', {
            code: 'xc-wangting-guoyuan-g9',
            name: '果园社区第九网格',
            level: 'grid',
            parent_code: 'xc-wangting-guoyuan',
            geometry: square(lon, lat, 0.0005),
          }),
        );
        const at = await locate({ lat, lon });
        assert.equal(at.code, 'xc-wangting-guoyuan-g9', `locate still answers ${before.code}`);
        assert.equal(at.parent_code, 'xc-wangting-guoyuan');
        assert.equal((await locate({ lat: lat + 0.002, lon })).code === 'xc-wangting-guoyuan-g9', false);
      });

      test('bad area input answers 4xx: unknown parent 422, bad geometry or level 400', async () => {
        const base = {
          code: 'xc-test-area',
          name: '测试区域',
          level: 'grid',
          geometry: square(lon, lat, 0.0001),
        };
        const putArea = (body: object) => put(admin, '/api/v1/admin/areas/xc-test-area', body);
        refused(await putArea({ ...base, parent_code: 'xc-nowhere' }), 422, 'unknown_reference');
        for (const invalid of [
          { level: 'village' },
          { geometry: { type: 'Point', coordinates: [lon, lat] } },
          { geometry: { type: 'Polygon', coordinates: [[[lon, lat]]] } },
        ])
          refused(await putArea({ ...base, ...invalid }), 400, 'validation_failed');
        const areas = ok(await new Client(app).get('/api/v1/areas'));
        assert.ok(!areas.items.some((a: any) => a.code === 'xc-test-area'));
      });

      test('an area cannot be its own parent (a cycle would hang every roll-up to streets)', async () => {
        const self = await put(admin, '/api/v1/admin/areas/xc-loop-a', {
          code: 'xc-loop-a',
          name: '循环测试',
          level: 'grid',
          parent_code: 'xc-loop-a',
        });
        assert.ok(self.status >= 400 && self.status < 500, `${self.status} ${JSON.stringify(self.body)}`);
        assert.equal(await stored('areas', 'xc-loop-a'), false);
      });

      test('an area update cannot close a cycle of parents', async () => {
        const base = { name: '循环测试', level: 'grid' };
        ok(
          await put(admin, '/api/v1/admin/areas/xc-loop-b', {
            ...base,
            code: 'xc-loop-b',
            parent_code: 'xc',
          }),
        );
        ok(
          await put(admin, '/api/v1/admin/areas/xc-loop-c', {
            ...base,
            code: 'xc-loop-c',
            parent_code: 'xc-loop-b',
          }),
        );
        const cycle = await put(admin, '/api/v1/admin/areas/xc-loop-b', {
          ...base,
          code: 'xc-loop-b',
          parent_code: 'xc-loop-c',
        });
        assert.ok(cycle.status >= 400 && cycle.status < 500, `${cycle.status} ${JSON.stringify(cycle.body)}`);
        const rows = await t.ctx.db
          .selectFrom('areas')
          .select(['code', 'parent_code'])
          .where('code', 'in', ['xc-loop-b', 'xc-loop-c'])
          .orderBy('code')
          .execute();
        assert.deepEqual(rows, [
          { code: 'xc-loop-b', parent_code: 'xc' },
          { code: 'xc-loop-c', parent_code: 'xc-loop-b' },
        ]);
      });
    });

    describe('SLA profiles and categories', () => {
      const profile = {
        code: 'fast-track',
        name: '快速处置',
        sign_working_days: 0,
        contact_working_days: 1,
        reply_working_days: 2,
        urgent_sign_hours: 1,
        urgent_contact_hours: 2,
        urgent_reply_hours: 12,
        max_extension_working_days: 3,
      };

      test('PUT sla-profiles creates and updates a profile', async () => {
        const created = ok(await put(admin, '/api/v1/admin/sla-profiles/fast-track', profile));
        assert.equal(created.code, 'fast-track');
        assert.equal(created.reply_working_days, 2);
        ok(await put(admin, '/api/v1/admin/sla-profiles/fast-track', { ...profile, reply_working_days: 3 }));
        const list = ok(await dispatcher.get('/api/v1/sla-profiles'));
        const rows = list.items.filter((p: any) => p.code === 'fast-track');
        assert.equal(rows.length, 1);
        assert.equal(rows[0].reply_working_days, 3);
        assert.equal(rows[0].max_extension_working_days, 3);
        refused(
          await put(admin, '/api/v1/admin/sla-profiles/fast-track', { ...profile, reply_working_days: 0 }),
          400,
          'validation_failed',
        );
        refused(
          await put(admin, '/api/v1/admin/sla-profiles/fast-track', { ...profile, colour: 'red' }),
          400,
          'validation_failed',
        );
      });

      test('PUT categories with a default department and an SLA profile', async () => {
        const created = ok(
          await put(admin, '/api/v1/admin/categories/9901', {
            code: '9901',
            name: '测试分类',
            level: 1,
            default_department_code: 'housing',
            sla_profile_code: 'fast-track',
          }),
        );
        assert.equal(created.default_department_code, 'housing');
        assert.equal(created.sla_profile_code, 'fast-track');
        ok(
          await put(admin, '/api/v1/admin/categories/990101', {
            code: '990101',
            name: '测试子分类',
            level: 2,
            parent_code: '9901',
            default_department_code: 'water-test',
            sla_profile_code: 'fast-track',
            request_types: ['投诉', '求助'],
            keywords: [' 水表 ', '抄表'],
          }),
        );
        const list = ok(await new Client(app).get('/api/v1/categories'));
        const child = list.items.find((c: any) => c.code === '990101');
        assert.equal(child.parent_code, '9901');
        assert.equal(child.default_department_code, 'water-test');
        assert.equal(child.sla_profile_code, 'fast-track');
        assert.deepEqual(child.request_types, ['投诉', '求助']);
        assert.deepEqual(child.keywords, ['水表', '抄表'], 'trimmed');
        assert.deepEqual(list.items.find((c: any) => c.code === '9901').keywords, []);
      });

      test('the new category is usable at once and its SLA profile limits extensions', async () => {
        const r = ok(
          await operator.post('/api/v1/requests', {
            body: '测试分类下的诉求',
            category_code: '990101',
            reporter: { phone: '13900005557' },
          }),
          201,
        );
        assert.equal(r.category_code, '990101');
        ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
        const housing = await Client.login(app, 'handler.housing');
        ok(await housing.act(r.id, 'sign'));
        refused(
          await housing.act(r.id, 'request-extension', { working_days: 4, reason: '需要协调' }),
          400,
          'validation_failed',
        );
        ok(await housing.act(r.id, 'request-extension', { working_days: 3, reason: '需要协调' }));
      });

      test('a category referencing an unknown department or SLA profile answers 422, not 500', async () => {
        const unknownRef = async (code: string, body: object) =>
          refused(
            await put(admin, `/api/v1/admin/categories/${code}`, { code, ...body }),
            422,
            'unknown_reference',
          );
        const bad = { name: '坏分类', level: 1 };
        await unknownRef('9902', { ...bad, default_department_code: 'ministry-of-magic' });
        await unknownRef('9902', { ...bad, sla_profile_code: 'no-such-profile' });
        await unknownRef('9902', { ...bad, level: 2, parent_code: '8888' });
        // The update path (the category exists) must refuse the same way.
        await unknownRef('9901', {
          name: '测试分类',
          level: 1,
          default_department_code: 'ministry-of-magic',
        });
        const list = ok(await new Client(app).get('/api/v1/categories'));
        assert.ok(!list.items.some((c: any) => c.code === '9902'));
        assert.equal(list.items.find((c: any) => c.code === '9901').default_department_code, 'housing');
      });

      test('a category cannot be its own parent (a cycle would hang every roll-up to 一级 categories)', async () => {
        const selfParent = await put(admin, '/api/v1/admin/categories/9904', {
          code: '9904',
          name: '自引用分类',
          level: 2,
          parent_code: '9904',
        });
        assert.ok(
          selfParent.status >= 400 && selfParent.status < 500,
          `a category cannot be its own parent: ${selfParent.status} ${JSON.stringify(selfParent.body)}`,
        );
        assert.equal(await stored('categories', '9904'), false);
      });
    });

    describe('non-admins', () => {
      test('a dispatcher gets 403 on every admin endpoint', async () => {
        const attempts: [string, string, unknown][] = [
          ['PUT', '/api/v1/admin/departments/water-test', { code: 'water-test', name: 'x', kind: 'bureau' }],
          ['PUT', '/api/v1/admin/areas/xc-x', { code: 'xc-x', name: 'x', level: 'grid' }],
          ['PUT', '/api/v1/admin/categories/9903', { code: '9903', name: 'x', level: 1 }],
          [
            'PUT',
            '/api/v1/admin/sla-profiles/ordinary',
            {
              code: 'ordinary',
              name: 'x',
              sign_working_days: 9,
              contact_working_days: 9,
              reply_working_days: 9,
              urgent_sign_hours: 9,
              urgent_contact_hours: 9,
              urgent_reply_hours: 9,
              max_extension_working_days: 9,
            },
          ],
          [
            'POST',
            '/api/v1/admin/users',
            { username: 'sneaky', display_name: 'x', role: 'admin', password: 'password123' },
          ],
          ['POST', '/api/v1/admin/users/admin/password', { password: 'taken-over-1' }],
          ['GET', '/api/v1/admin/users', undefined],
          ['GET', '/api/v1/admin/api-keys', undefined],
          ['POST', '/api/v1/admin/api-keys', { name: 'sneaky' }],
          ['DELETE', '/api/v1/admin/api-keys/1', undefined],
        ];
        for (const [method, url, body] of attempts) {
          refused(await dispatcher.request(method, url, body), 403, 'forbidden');
        }
        const handler = await Client.login(app, 'handler.housing');
        refused(await handler.get('/api/v1/admin/users'), 403, 'forbidden');
        refused(await new Client(app).get('/api/v1/admin/users'), 401, 'unauthenticated');
        // Nothing changed.
        const ordinary = ok(await dispatcher.get('/api/v1/sla-profiles')).items.find(
          (p: any) => p.code === 'ordinary',
        );
        assert.equal(ordinary.reply_working_days, 5);
        assert.ok((await login(new Client(app), 'admin', DEMO_PASSWORD)).status === 200);
        assert.equal((await login(new Client(app), 'sneaky', 'password123')).status, 401);
      });
    });

    describe('users', () => {
      const addUser = (user: object) => admin.post('/api/v1/admin/users', user);

      test('POST /api/v1/admin/users creates a handler who can log in and act for the department', async () => {
        const handler = { username: 'handler.new', display_name: '新承办人', role: 'handler' };
        const created = ok(
          await addUser({ ...handler, department_code: 'housing', password: 'new-handler-pw' }),
          201,
        );
        assert.equal(created.username, 'handler.new');
        assert.equal(created.role, 'handler');
        assert.equal(created.department_code, 'housing');
        assert.equal(created.password_hash, undefined);
        const session = ok(await login(new Client(app), 'handler.new', 'new-handler-pw'));
        assert.equal(session.user.role, 'handler');
        assert.equal(session.user.department_code, 'housing');
        const me = ok(await Client.withToken(app, session.token).get('/api/v1/auth/me'));
        assert.equal(me.department_code, 'housing');
        const users = ok(await admin.get('/api/v1/admin/users?q=handler.new'));
        const row = users.items.find((u: any) => u.username === 'handler.new');
        assert.ok(row);
        assert.equal(row.password_hash, undefined);
      });

      test('a duplicate username answers 409 username_taken', async () => {
        for (const username of ['handler.new', 'operator']) {
          const user = { username, display_name: '重复', role: 'operator', password: 'another-pw-1' };
          refused(await addUser(user), 409, 'username_taken');
        }
        // The original account still logs in with its own password.
        ok(await login(new Client(app), 'handler.new', 'new-handler-pw'));
      });

      test('bad user input answers 4xx: no department for a handler, unknown department, short password', async () => {
        const user = { display_name: 'x', role: 'handler', password: 'long-enough-pw' };
        refused(await addUser({ ...user, username: 'handler.nodept' }), 400, 'validation_failed');
        const magic = { ...user, username: 'handler.baddept', department_code: 'ministry-of-magic' };
        refused(await addUser(magic), 422, 'unknown_reference');
        const short = { ...user, username: 'short.pw', role: 'operator', password: 'short' };
        refused(await addUser(short), 400, 'validation_failed');
        refused(
          await addUser({ ...user, username: 'resident.x', role: 'resident' }),
          400,
          'validation_failed',
        );
        const users = ok(await admin.get('/api/v1/admin/users?q=handler.new'));
        assert.ok(
          !users.items.some((u: any) =>
            ['handler.nodept', 'handler.baddept', 'short.pw'].includes(u.username),
          ),
        );
      });

      test('a password reset: the old password fails, the new one works', async () => {
        ok(await admin.post('/api/v1/admin/users/handler.new/password', { password: 'reset-pw-2024' }));
        refused(await login(new Client(app), 'handler.new', 'new-handler-pw'), 401, 'invalid_credentials');
        ok(await login(new Client(app), 'handler.new', 'reset-pw-2024'));
        refused(
          await admin.post('/api/v1/admin/users/nobody.here/password', { password: 'reset-pw-2024' }),
          404,
          'not_found',
        );
        refused(
          await admin.post('/api/v1/admin/users/handler.new/password', { password: 'short' }),
          400,
          'validation_failed',
        );
        ok(await login(new Client(app), 'handler.new', 'reset-pw-2024'));
      });
    });

    describe('API keys', () => {
      let key: string;
      let keyId: number;
      let requestId: number;

      test('create answers 201 with the key shown once, starting with bs_', async () => {
        const created = ok(await admin.post('/api/v1/admin/api-keys', { name: '12345 小程序' }), 201);
        assert.match(created.key, /^bs_[\w-]+_[\w-]+$/);
        assert.equal(created.name, '12345 小程序');
        assert.ok(created.key.startsWith(`bs_${created.prefix}_`));
        key = created.key;
        keyId = created.id;
        const stored = await t.ctx.db
          .selectFrom('api_keys')
          .selectAll()
          .where('id', '=', keyId)
          .executeTakeFirstOrThrow();
        assert.ok(!JSON.stringify(stored).includes(key), 'the key itself is not stored');
      });

      test('the key authenticates as X-Api-Key: a request filed with it has channel app', async () => {
        const integration = Client.withApiKey(app, key);
        const r = ok(
          await integration.post('/api/v1/requests', { body: '通过小程序提交的诉求：路灯不亮' }),
          201,
        );
        assert.equal(r.channel, 'app');
        requestId = r.id;
        const mine = ok(await integration.get(`/api/v1/requests/${r.id}`));
        assert.equal(mine.id, r.id);
        const me = ok(await integration.get('/api/v1/auth/me'));
        assert.equal(me.kind, 'api_key');
      });

      test('the list shows the key without the key itself', async () => {
        const list = ok(await admin.get('/api/v1/admin/api-keys'));
        const row = list.items.find((k: any) => k.id === keyId);
        assert.ok(row);
        assert.equal(row.name, '12345 小程序');
        assert.equal(row.revoked_at, null);
        assert.equal(row.key, undefined);
        assert.equal(row.key_hash, undefined);
        assert.ok(!JSON.stringify(list).includes(key));
      });

      test('revoke (DELETE): the key then answers 401; revoking again answers 404', async () => {
        ok(await admin.request('DELETE', `/api/v1/admin/api-keys/${keyId}`));
        const integration = Client.withApiKey(app, key);
        const before = await t.ctx.db
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        refused(await integration.post('/api/v1/requests', { body: '吊销后的请求' }), 401, 'unauthenticated');
        refused(await integration.get(`/api/v1/requests/${requestId}`), 401, 'unauthenticated');
        const afterCount = await t.ctx.db
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(afterCount.n), Number(before.n));
        const list = ok(await admin.get('/api/v1/admin/api-keys'));
        assert.ok(list.items.find((k: any) => k.id === keyId).revoked_at);
        refused(await admin.request('DELETE', `/api/v1/admin/api-keys/${keyId}`), 404, 'not_found');
        refused(await admin.request('DELETE', '/api/v1/admin/api-keys/999999'), 404, 'not_found');
        refused(await Client.withApiKey(app, 'bs_garbage').get('/api/v1/auth/me'), 401, 'unauthenticated');
      });
    });

    describe('OpenAPI document', () => {
      test('GET /api/docs/json returns an OpenAPI document describing /api/v1/requests', async () => {
        const doc = ok(await new Client(app).get('/api/docs/json'));
        assert.match(String(doc.openapi), /^3\./);
        assert.ok(doc.paths['/api/v1/requests'], Object.keys(doc.paths).join(', '));
        assert.ok(doc.paths['/api/v1/requests'].post);
        assert.ok(doc.paths['/api/v1/requests'].get);
        assert.ok(doc.paths['/api/v1/requests/{id}/actions/{action}']);
        assert.ok(doc.paths['/api/v1/admin/areas/{code}'].put);
        const ui = await new Client(app).get('/api/docs');
        assert.ok([200, 302].includes(ui.status), String(ui.status));
      });
    });

    describe('public rate limit', () => {
      test('more than 20 logins a minute from one address answer 429 rate_limited', async () => {
        const fresh = await testApp(t.ctx);
        try {
          // A different account each time, so that the per-account lock (ten wrong passwords) stays out of it.
          const attempt = (remoteAddress: string, username = 'nobody') =>
            fresh.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              remoteAddress,
              payload: { username, password: 'wrong-password' },
            });
          for (let i = 0; i < 20; i++) {
            const res = await attempt('203.0.113.7', `nobody${i}`);
            assert.equal(res.statusCode, 401, `attempt ${i + 1}: ${res.body}`);
          }
          const limited = await attempt('203.0.113.7');
          assert.equal(limited.statusCode, 429, limited.body);
          const body = JSON.parse(limited.body);
          assert.equal(body.error.code, 'rate_limited');
          assert.ok(body.error.message && body.error.message_en);
          // The right password does not get through either while limited.
          const right = await fresh.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: '203.0.113.7',
            payload: { username: 'operator', password: DEMO_PASSWORD },
          });
          assert.equal(right.statusCode, 429);
          // Another address is not limited.
          assert.equal((await attempt('203.0.113.8')).statusCode, 401);
        } finally {
          await fresh.close();
        }
      });
    });
  });
}
