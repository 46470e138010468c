import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD, dbKinds, eventCount, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp, tokenFor, type Res } from '../support/http.js';

/** Every refusal is a 4xx with the stable error body; never a 500. */
function assertError(res: Res, status: number, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(typeof res.body, 'object', `not JSON: ${String(res.body)}`);
  assert.equal(typeof res.body.error?.code, 'string', JSON.stringify(res.body));
  if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
  assert.equal(typeof res.body.error.message_en, 'string');
  assert.ok(res.body.error.message_en.length > 0);
}

function parseInject(res: { statusCode: number; body: string; headers: Record<string, unknown> }): Res {
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // not JSON
  }
  return { status: res.statusCode, body, headers: res.headers };
}

for (const kind of dbKinds()) {
  describe(`API errors, idempotency and registration rules (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const otps = new Map<string, string>();
    let operator: Client, dispatcher: Client, fieldworker: Client, housing: Client;
    let operatorToken: string;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      operatorToken = await tokenFor(app, 'operator');
      operator = Client.withToken(app, operatorToken);
      [dispatcher, fieldworker, housing] = await Client.loginAll(
        app,
        'dispatcher',
        'fieldworker',
        'handler.housing',
      );
    });
    after(() => closeTestApp(app, t));

    const countOf = async (table: 'requests' | 'request_events' | 'outbox' | 'users' | 'idempotency_keys') =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counts = async () => ({
      requests: await countOf('requests'),
      events: await countOf('request_events'),
      outbox: await countOf('outbox'),
      users: await countOf('users'),
    });

    /** A refused registration answers the given error and writes nothing at all. */
    const refusedCreate = async (send: () => Promise<Res>, status: number, code?: string) => {
      const before = await counts();
      const res = await send();
      assertError(res, status, code);
      assert.deepEqual(await counts(), before, 'a refused registration must write nothing');
      return res;
    };

    /** Filing `body` (as the operator, unless `by` is given) is refused and writes nothing. */
    const refusedFiling = (body: unknown, status: number, code?: string, by: Client = operator) =>
      refusedCreate(() => by.post('/api/v1/requests', body), status, code);

    const valid = (extra: Record<string, unknown> = {}) => ({
      body: '小区门口路灯不亮，晚上出行不便。',
      reporter: { name: '李四', phone: '13900002222' },
      ...extra,
    });
    const file = async (c: Client = operator, extra: Record<string, unknown> = {}) =>
      ok(await c.post('/api/v1/requests', valid(extra)), 201);

    describe('registration input', () => {
      test('malformed JSON answers 400 malformed_json', async () => {
        const res = await refusedCreate(
          () => operator.request('POST', '/api/v1/requests', '{"body": "路灯不亮",'),
          400,
          'malformed_json',
        );
        assert.ok(res.body.error.details?.reason);
      });

      test('invalid UTF-8 in a JSON body answers 400 invalid_utf8', async () => {
        await refusedCreate(
          async () =>
            parseInject(
              await app.inject({
                method: 'POST',
                url: '/api/v1/requests',
                headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
                payload: Buffer.from([
                  0x7b, 0x22, 0x62, 0x6f, 0x64, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
                ]),
              }),
            ),
          400,
          'invalid_utf8',
        );
      });

      for (const [what, escaped] of [
        ['a NUL character', '\\u0000'],
        ['an unpaired surrogate', '\\ud800'],
      ]) {
        test(`${what} in a text answers 400 invalid_characters naming the field`, async () => {
          const res = await refusedCreate(
            () =>
              operator.request(
                'POST',
                '/api/v1/requests',
                `{"body": "路灯${escaped}不亮", "reporter": {"phone": "13800001111", "name": "王${escaped}"}}`,
              ),
            400,
            'invalid_characters',
          );
          assert.equal(res.body.error.details.path, 'body');
        });
      }

      test('a NUL in the query answers 400 invalid_characters, on staff and public routes', async () => {
        for (const url of ['/api/v1/requests?text=%E8%B7%AF%00', '/api/v1/public/requests?area=x%00']) {
          const res = await operator.get(url);
          assertError(res, 400, 'invalid_characters');
        }
      });

      test('an unknown field answers 400 validation_failed naming it', async () => {
        const res = await refusedFiling(valid({ priority: 'high' }), 400, 'validation_failed');
        assert.match(JSON.stringify(res.body.error.details), /priority/);
        await refusedFiling(valid({ reporter: { phone: '13900002222', age: 3 } }), 400, 'validation_failed');
      });

      test('a body longer than 4,000 characters answers 400 text_too_long; 4,000 exactly is accepted', async () => {
        await refusedFiling(valid({ body: '路'.repeat(4001) }), 400, 'text_too_long');
        const accepted = await file(operator, { body: '灯'.repeat(4000) });
        assert.equal(accepted.body.length, 4000);
      });

      test('an empty or whitespace-only body answers 400', async () => {
        await refusedCreate(() => operator.post('/api/v1/requests', valid({ body: '   ' })), 400);
        await refusedFiling({}, 400, 'validation_failed');
        await refusedCreate(
          () => operator.request('POST', '/api/v1/requests', '', { 'content-type': 'application/json' }),
          400,
        );
        await refusedCreate(() => operator.request('POST', '/api/v1/requests', '[1,2]'), 400);
        await refusedCreate(() => operator.request('POST', '/api/v1/requests', 'null'), 400);
      });

      test('a request body over 1 MB answers 413 payload_too_large', async () => {
        const huge = JSON.stringify(valid({ body: 'x'.repeat(1_100_000) }));
        assert.ok(Buffer.byteLength(huge) > 1_048_576);
        const res = await refusedCreate(
          () => operator.request('POST', '/api/v1/requests', huge),
          413,
          'payload_too_large',
        );
        assert.equal(res.body.error.details.limit_bytes, 1_048_576);
      });

      test('coordinates outside the jurisdiction answer 422 outside_jurisdiction', async () => {
        await refusedFiling(valid({ lat: 39.9, lon: 116.4 }), 422, 'outside_jurisdiction');
      });

      test('lat without lon (or lon without lat) answers 400; out-of-range coordinates answer 400', async () => {
        await refusedFiling(valid({ lat: 31.45 }), 400, 'validation_failed');
        await refusedFiling(valid({ lon: 120.45 }), 400, 'validation_failed');
        await refusedFiling(valid({ lat: 91, lon: 120.45 }), 400, 'validation_failed');
        await refusedFiling(valid({ lat: '31.45', lon: '120.45' }), 400, 'validation_failed');
      });

      test('an unknown area_code or category_code answers 422 unknown_reference', async () => {
        const area = await refusedFiling(
          valid({ area_code: 'xc-nowhere', reporter: { phone: '13900009001' } }),
          422,
          'unknown_reference',
        );
        assert.equal(area.body.error.details.area_code, 'xc-nowhere');
        const cat = await refusedFiling(
          valid({ category_code: '999999', reporter: { phone: '13900009002' } }),
          422,
          'unknown_reference',
        );
        assert.equal(cat.body.error.details.category_code, '999999');
      });

      test('an operator filing without a reporter answers 400', async () => {
        const res = await refusedFiling({ body: '路灯不亮' }, 400, 'validation_failed');
        assert.match(JSON.stringify(res.body.error.details), /reporter/);
        await refusedFiling({ body: '路灯不亮' }, 400, 'validation_failed', fieldworker);
        await refusedFiling(valid({ reporter: { phone: 'call me' } }), 400, 'invalid_phone');
      });

      test('a handler may not file a request (403)', async () => {
        await refusedFiling(valid(), 403, 'forbidden', housing);
      });

      test('a text/plain body is refused with a clear 4xx error and writes nothing', async () => {
        const before = await counts();
        const res = await operator.request('POST', '/api/v1/requests', '路灯不亮', {
          'content-type': 'text/plain',
        });
        assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${JSON.stringify(res.body)}`);
        assertError(res, res.status);
        assert.ok(['unsupported_media_type', 'validation_failed'].includes(res.body.error.code));
        assert.deepEqual(await counts(), before);
      });

      test('a text/plain body answers 415 unsupported_media_type (the API takes JSON only)', async () => {
        await refusedCreate(
          () =>
            operator.request('POST', '/api/v1/requests', JSON.stringify(valid()), {
              'content-type': 'text/plain',
            }),
          415,
          'unsupported_media_type',
        );
      });

      test('an unsupported content type (application/xml) answers 415 unsupported_media_type', async () => {
        await refusedCreate(
          () =>
            operator.request('POST', '/api/v1/requests', '<body>路灯不亮</body>', {
              'content-type': 'application/xml',
            }),
          415,
          'unsupported_media_type',
        );
      });

      test('an Idempotency-Key longer than 200 characters answers 400', async () => {
        await refusedCreate(
          () => operator.post('/api/v1/requests', valid(), { 'idempotency-key': 'k'.repeat(201) }),
          400,
          'validation_failed',
        );
      });

      test('without a session registration answers 401 and writes nothing', async () => {
        await refusedCreate(() => new Client(app).post('/api/v1/requests', valid()), 401, 'unauthenticated');
        await refusedCreate(
          () => Client.withToken(app, 'not-a-real-token').post('/api/v1/requests', valid()),
          401,
          'unauthenticated',
        );
      });
    });

    describe('actions', () => {
      let registered: number;
      let replied: number;
      let signed: number;

      before(async () => {
        registered = (await file()).id;
        replied = (await file(operator, { type: '咨询' })).id;
        ok(await operator.act(replied, 'answer-directly', { text: '请拨打物业电话咨询。' }));
        signed = (await file()).id;
        ok(await dispatcher.act(signed, 'dispatch', { department_code: 'housing' }));
        ok(await housing.act(signed, 'sign'));
      });

      const eventsOf = (id: number) => eventCount(t.ctx.db, id);
      /** A refused action leaves the request and its timeline exactly as they were. */
      const refusedAction = async (id: number, send: () => Promise<Res>, status: number, code?: string) => {
        const before = await t.ctx.db
          .selectFrom('requests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const events = await eventsOf(id);
        const outbox = await countOf('outbox');
        const res = await send();
        assertError(res, status, code);
        const afterRow = await t.ctx.db
          .selectFrom('requests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(afterRow, before, 'a refused action must not change the request');
        assert.equal(await eventsOf(id), events);
        assert.equal(await countOf('outbox'), outbox);
        return res;
      };

      test('an unknown action name answers 404 not_found', async () => {
        await refusedAction(registered, () => dispatcher.act(registered, 'teleport'), 404, 'not_found');
        await refusedAction(registered, () => dispatcher.act(registered, 'auto-close'), 404, 'not_found');
      });

      test('dispatch to an unknown department_code (or area) answers 422 unknown_reference', async () => {
        const res = await refusedAction(
          registered,
          () => dispatcher.act(registered, 'dispatch', { department_code: 'ministry-of-magic' }),
          422,
          'unknown_reference',
        );
        assert.equal(res.body.error.details.department_code, 'ministry-of-magic');
        for (const unknown of [{ area_code: 'xc-nowhere' }, { category_code: '999999' }]) {
          const input = { department_code: 'housing', ...unknown };
          await refusedAction(
            registered,
            () => dispatcher.act(registered, 'dispatch', input),
            422,
            'unknown_reference',
          );
        }
      });

      test('follow-up with satisfaction "great" answers 400 validation_failed', async () => {
        const res = await refusedAction(
          replied,
          () => operator.act(replied, 'follow-up', { resolved: true, satisfaction: 'great' }),
          400,
          'validation_failed',
        );
        assert.match(JSON.stringify(res.body.error.details), /satisfaction/);
        await refusedAction(
          replied,
          () => operator.act(replied, 'follow-up', { resolved: 'yes', satisfaction: 'satisfied' }),
          400,
          'validation_failed',
        );
        await refusedAction(
          replied,
          () => operator.act(replied, 'follow-up', { resolved: true, satisfaction: 'satisfied', stars: 5 }),
          400,
          'validation_failed',
        );
      });

      test('request-extension with 0 or 11 working days (ordinary max 10) answers 400; 10 is accepted', async () => {
        await refusedAction(
          signed,
          () => housing.act(signed, 'request-extension', { working_days: 0, reason: '需协调' }),
          400,
          'validation_failed',
        );
        const res = await refusedAction(
          signed,
          () => housing.act(signed, 'request-extension', { working_days: 11, reason: '需协调' }),
          400,
          'validation_failed',
        );
        assert.match(JSON.stringify(res.body.error.details), /working_days/);
        await refusedAction(
          signed,
          () => housing.act(signed, 'request-extension', { working_days: 2.5, reason: '需协调' }),
          400,
          'validation_failed',
        );
        const granted = ok(
          await housing.act(signed, 'request-extension', { working_days: 10, reason: '需协调多个部门' }),
        );
        assert.equal(granted.extension_pending.working_days, 10);
      });

      test('a bad expected_version or a non-object body answers 400', async () => {
        await refusedAction(
          registered,
          () =>
            dispatcher.post(`/api/v1/requests/${registered}/actions/dispatch`, {
              department_code: 'housing',
              expected_version: 'one',
            }),
          400,
          'validation_failed',
        );
        await refusedAction(
          registered,
          () => dispatcher.request('POST', `/api/v1/requests/${registered}/actions/dispatch`, '["housing"]'),
          400,
          'validation_failed',
        );
        await refusedAction(
          registered,
          () => dispatcher.request('POST', `/api/v1/requests/${registered}/actions/dispatch`, '"housing"'),
          400,
          'validation_failed',
        );
        await refusedAction(
          registered,
          () =>
            dispatcher.request(
              'POST',
              `/api/v1/requests/${registered}/actions/dispatch`,
              '{"department_code":',
            ),
          400,
          'malformed_json',
        );
      });

      test('an action on a non-numeric, zero or missing id answers 400 or 404', async () => {
        for (const id of ['abc', '0', '-1', '1.5', '999999']) {
          const res = await dispatcher.post(`/api/v1/requests/${id}/actions/dispatch`, {
            department_code: 'housing',
          });
          assert.ok([400, 404].includes(res.status), `${id}: ${res.status} ${JSON.stringify(res.body)}`);
          assertError(res, res.status);
        }
      });

      test('merge into a missing id answers 422; an id beyond bigint answers 400 or 422, not 500', async () => {
        await refusedAction(
          registered,
          () => dispatcher.act(registered, 'merge', { into_id: 999999 }),
          422,
          'unknown_reference',
        );
        const before = await eventsOf(registered);
        const res = await dispatcher.act(registered, 'merge', { into_id: 1e20 });
        assert.ok([400, 422].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);
        assertError(res, res.status);
        assert.equal(await eventsOf(registered), before);
      });
    });

    describe('reading', () => {
      test('bad query parameters on the list answer 400', async () => {
        for (const q of [
          'page=0',
          'page=-1',
          'page=abc',
          'status=bogus',
          'status=registered,bogus',
          'page_size=0',
          'page_size=201',
          'sort=random',
          'overdue=maybe',
          'colour=red',
        ]) {
          const res = await dispatcher.get(`/api/v1/requests?${q}`);
          assertError(res, 400, 'validation_failed');
        }
        assert.equal((await dispatcher.get('/api/v1/requests?page=1&status=registered')).status, 200);
      });

      test('a non-numeric, zero, negative or huge id answers 400 or 404, never 500', async () => {
        for (const id of [
          'abc',
          '0',
          '-3',
          '1.5',
          '1e3x',
          '999999',
          '99999999999999999999',
          '9007199254740993',
        ]) {
          const res = await dispatcher.get(`/api/v1/requests/${id}`);
          assert.ok([400, 404].includes(res.status), `${id}: ${res.status} ${JSON.stringify(res.body)}`);
          assertError(res, res.status);
        }
      });

      test('login with a wrong password answers 401 invalid_credentials; an unknown user too', async () => {
        const wrong = await new Client(app).post('/api/v1/auth/login', {
          username: 'operator',
          password: 'not-the-password',
        });
        assertError(wrong, 401, 'invalid_credentials');
        assert.equal(wrong.body.token, undefined);
        const unknown = await new Client(app).post('/api/v1/auth/login', {
          username: 'nobody-here',
          password: DEMO_PASSWORD,
        });
        assertError(unknown, 401, 'invalid_credentials');
      });

      test('an unknown route answers a JSON 404 not_found', async () => {
        assertError(await dispatcher.get('/api/v1/nothing-here'), 404, 'not_found');
        assertError(await new Client(app).post('/api/v2/requests', {}), 404, 'not_found');
        assertError(await dispatcher.request('DELETE', '/api/v1/requests'), 404, 'not_found');
      });
    });

    describe('idempotency', () => {
      const bodyWith = (text: string, phone = '13900003333') => ({
        body: text,
        type: '投诉' as const,
        reporter: { name: '王五', phone },
      });
      const rowsWithBody = async (text: string) =>
        t.ctx.db
          .selectFrom('requests')
          .select(['id', 'created_by_user_id'])
          .where('body', '=', text)
          .execute();

      test('the same key and body twice gives the same request (200, replayed) and one row', async () => {
        const body = bodyWith('幂等测试：同一个键同一个请求体');
        const first = await operator.post('/api/v1/requests', body, { 'idempotency-key': 'key-same-1' });
        assert.equal(first.status, 201, JSON.stringify(first.body));
        assert.equal(first.headers['idempotent-replayed'], undefined);
        const before = await counts();
        const second = await operator.post('/api/v1/requests', body, { 'idempotency-key': 'key-same-1' });
        assert.equal(second.status, 200, JSON.stringify(second.body));
        assert.equal(second.headers['idempotent-replayed'], 'true');
        assert.equal(second.body.id, first.body.id);
        assert.equal(second.body.ticket_no, first.body.ticket_no);
        assert.deepEqual(await counts(), before, 'a replay writes nothing');
        assert.equal((await rowsWithBody(body.body)).length, 1);
      });

      test('the same key with a different body answers 409 idempotency_conflict', async () => {
        const body = bodyWith('幂等测试：第一次的请求体');
        assert.equal(
          (await operator.post('/api/v1/requests', body, { 'idempotency-key': 'key-conflict' })).status,
          201,
        );
        await refusedCreate(
          () =>
            operator.post(
              '/api/v1/requests',
              { ...body, body: '幂等测试：换了一个请求体' },
              { 'idempotency-key': 'key-conflict' },
            ),
          409,
          'idempotency_conflict',
        );
        assert.equal((await rowsWithBody('幂等测试：换了一个请求体')).length, 0);
      });

      test('20 concurrent posts with one key create exactly one request', async () => {
        const body = bodyWith('幂等测试：二十个并发请求', '13900004444');
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            operator.post('/api/v1/requests', body, { 'idempotency-key': 'key-concurrent' }),
          ),
        );
        for (const r of results) assert.ok([200, 201].includes(r.status), JSON.stringify(r.body));
        assert.equal(results.filter((r) => r.status === 201).length, 1);
        assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
        const rows = await rowsWithBody(body.body);
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.id, results[0]!.body.id);
        const events = await t.ctx.db
          .selectFrom('request_events')
          .select('type')
          .where('request_id', '=', rows[0]!.id)
          .execute();
        assert.deepEqual(
          events.map((e) => e.type),
          ['register'],
        );
      });

      test('the same key used by two different users creates two requests', async () => {
        const body = bodyWith('幂等测试：两个用户同一个键');
        const a = await operator.post('/api/v1/requests', body, { 'idempotency-key': 'key-shared' });
        const b = await dispatcher.post('/api/v1/requests', body, { 'idempotency-key': 'key-shared' });
        assert.equal(a.status, 201, JSON.stringify(a.body));
        assert.equal(b.status, 201, JSON.stringify(b.body));
        assert.notEqual(a.body.id, b.body.id);
        assert.equal((await rowsWithBody(body.body)).length, 2);
      });
    });

    describe('registration', () => {
      test('coordinates inside 望亭 set a 望亭 area_code', async () => {
        const r = await file(operator, { lat: 31.45, lon: 120.45 });
        assert.match(r.place.area_code, /^xc-wangting(-|$)/);
        assert.equal(r.place.lat, 31.45);
        assert.equal(r.place.lon, 120.45);
        const located = ok(await new Client(app).get('/api/v1/areas/locate?lat=31.45&lon=120.45'));
        assert.equal(r.place.area_code, located.code);
      });

      test('a field worker files with channel visit, an operator with hotline', async () => {
        const visit = await file(fieldworker);
        assert.equal(visit.channel, 'visit');
        assert.equal((await fieldworker.get(`/api/v1/requests/${visit.id}`)).status, 200);
        const hotline = await file(operator);
        assert.equal(hotline.channel, 'hotline');
        assert.equal((await fieldworker.get(`/api/v1/requests/${hotline.id}`)).status, 404);
      });

      test("a resident cannot see another resident's request (404)", async () => {
        const phoneA = '13711110001';
        const phoneB = '13711110002';
        const a = await file(operator, { reporter: { phone: phoneA } });
        const b = await file(operator, { reporter: { phone: phoneB } });
        const residentA = await Client.resident(app, otps, phoneA);
        assert.equal((await residentA.get(`/api/v1/requests/${a.id}`)).status, 200);
        assertError(await residentA.get(`/api/v1/requests/${b.id}`), 404, 'not_found');
        assertError(
          await residentA.act(b.id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }, 1),
          404,
          'not_found',
        );
        const list = ok(await residentA.get('/api/v1/requests?page_size=200'));
        assert.deepEqual(
          list.items.map((r: { id: number }) => r.id),
          [a.id],
        );
        const own = ok(await residentA.post('/api/v1/requests', { body: '居民自己登记的诉求' }), 201);
        assert.equal(own.channel, 'web');
        const residentB = await Client.resident(app, otps, phoneB);
        assertError(await residentB.get(`/api/v1/requests/${own.id}`), 404, 'not_found');
      });
    });
  });
}
