/**
 * Bad input gets the spec's error bodies and codes in the requested format, never a 500: 403 for a missing,
 * wrong or revoked api_key, 404 for an unknown resource / service_code / jurisdiction / token, 400 otherwise.
 * A refused POST writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, testApp } from '../support/http.js';
import {
  assertError,
  BASE,
  call,
  choices,
  encodeForm,
  get,
  INSIDE,
  OUTSIDE,
  post,
  type Fields,
} from './open311-support.js';

const FORMATS = ['json', 'xml'] as const;

for (const kind of dbKinds()) {
  describe(`Open311 errors (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let key: string;
    let revoked: string;
    let ticket: string;

    const countRequests = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('requests')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** A valid POST requests form, with some fields replaced (undefined removes one). */
    const form = (
      over: Record<string, string | number | undefined> = {},
    ): Record<string, string | number | undefined> => ({
      api_key: key,
      service_code: '010201',
      lat: INSIDE.lat,
      long: INSIDE.long,
      description: '绿化带垃圾无人清运',
      'attribute[kind]': 'litter',
      ...over,
    });

    /** The same call in both formats must answer `status` with the spec's error body. */
    async function refused(
      method: 'GET' | 'POST',
      path: string,
      status: number,
      body?: Fields | string,
      pattern?: RegExp,
    ) {
      for (const fmt of FORMATS) {
        const [p, q] = path.split('?');
        const res = await call(app, method, `${BASE}/${p}.${fmt}${q ? `?${q}` : ''}`, body);
        const descriptions = assertError(res, status, fmt);
        if (pattern) assert.match(descriptions.join(' | '), pattern, `${fmt}: ${descriptions.join(' | ')}`);
      }
    }

    /** A POST of `body` is refused with 400 and a description matching `pattern`. */
    const badRequest = (body: Fields | string, pattern: RegExp, resource = 'requests') =>
      refused('POST', resource, 400, body, pattern);

    before(async () => {
      t = await openTestContext(kind, { BANSHI_PUBLIC_RATE_LIMIT: '100000' });
      app = await testApp(t.ctx);
      key = (await createApiKey(t.ctx.db, 'xiangcheng', 'client')).key;
      const r = await createApiKey(t.ctx.db, 'xiangcheng', 'old client');
      revoked = r.key;
      await revokeApiKey(t.ctx.db, 'xiangcheng', r.id, new Date());
      const admin = await Client.login(app, 'admin');
      const res = await admin.request('PUT', '/api/v1/admin/categories/010201/attributes/kind', {
        datatype: 'singlevaluelist',
        required: true,
        values: choices({ litter: '垃圾', tree: '树木' }),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await admin.request('PUT', '/api/v1/admin/categories/010201/attributes/when', {
        datatype: 'multivaluelist',
        values: choices({ day: '白天', night: '夜间' }),
      });
      await admin.request('PUT', '/api/v1/admin/categories/010201/attributes/height', { datatype: 'number' });
      const ok = await post(app, `${BASE}/requests.json`, form());
      assert.equal(ok.status, 200, ok.text);
      ticket = ok.json[0].service_request_id;
    });
    after(() => closeTestApp(app, t));

    test('api_key: missing, wrong, malformed or revoked → 403 (header too)', async () => {
      await refused('POST', 'requests', 403, form({ api_key: undefined }), /api_key is required/);
      await refused('POST', 'requests', 403, form({ api_key: '' }), /api_key is required/);
      await refused('POST', 'requests', 403, form({ api_key: 'bs_wrong_key' }), /not valid/);
      await refused('POST', 'requests', 403, form({ api_key: 'not a key at all' }), /not valid/);
      await refused('POST', 'requests', 403, form({ api_key: revoked }), /not valid/);
      const viaHeader = await call(app, 'POST', `${BASE}/requests.json`, form({ api_key: undefined }), {
        'x-api-key': key,
      });
      assert.equal(viaHeader.status, 200, viaHeader.text);
      const wrongHeader = await call(app, 'POST', `${BASE}/requests.xml`, form({ api_key: undefined }), {
        'x-api-key': revoked,
      });
      assertError(wrongHeader, 403, 'xml');
      const u = {
        service_request_id: ticket,
        update_id: '1',
        status: 'OPEN',
        updated_datetime: '2024-01-01T00:00:00Z',
      };
      await refused('POST', 'servicerequestupdates', 403, u);
      await refused('POST', 'servicerequestupdates', 403, { ...u, api_key: revoked });
    });

    test('unknown service_code → 404; a 一级 code is not a service', async () => {
      await refused('POST', 'requests', 404, form({ service_code: '999999' }), /service_code not found/);
      await refused('POST', 'requests', 404, form({ service_code: '01' }), /service_code not found/);
      await refused('GET', 'services/999999', 404, undefined, /service_code not found/);
      await refused('GET', 'requests?service_code=999999', 404, undefined, /service_code not found/);
      await badRequest(form({ service_code: undefined }), /service_code: required/);
    });

    test('location: missing, half, not a number, outside the jurisdiction, unknown address_id → 400', async () => {
      await badRequest(form({ lat: undefined, long: undefined }), /location is required/);
      await badRequest(form({ lat: '', long: '' }), /location is required/);
      await badRequest(form({ long: undefined }), /lat and long go together/);
      await badRequest(form({ lat: 'north' }), /lat: not a number/);
      await badRequest(form({ lat: 95 }), /lat: must be at most 90/);
      await badRequest(form({ lat: OUTSIDE.lat, long: OUTSIDE.long }), /outside the jurisdiction/);
      await badRequest(form({ lat: undefined, long: undefined, address_id: 'nowhere' }), /address_id/);
      const byAddress = await post(
        app,
        `${BASE}/requests.json`,
        form({ lat: undefined, long: undefined, address_string: '相城大道 1 号' }),
      );
      assert.equal(byAddress.status, 200, byAddress.text);
    });

    test('description over 4,000 characters → 400; exactly 4,000 is fine', async () => {
      await badRequest(form({ description: '路'.repeat(4001) }), /description: longer than 4000/);
      const ok = await post(app, `${BASE}/requests.json`, form({ description: '路'.repeat(4000) }));
      assert.equal(ok.status, 200, ok.text);
      const back = await get(app, `${BASE}/requests/${ok.json[0].service_request_id}.json`);
      assert.equal([...back.json[0].description].length, 4000);
    });

    test('malformed attribute syntax → 400', async () => {
      for (const name of [
        'attribute',
        'attribute[',
        'attribute[]',
        'attribute[kind][x]',
        'attribute[kind]x',
      ]) {
        await badRequest(encodeForm(form()) + `&${encodeURIComponent(name)}=litter`, /malformed attribute/);
        // and unencoded brackets, as many clients send them
        await badRequest(encodeForm(form()) + `&${name}=litter`, /malformed attribute/);
      }
      const ok = await post(
        app,
        `${BASE}/requests.json`,
        `${encodeForm(form({ 'attribute[kind]': undefined }))}&attribute[kind]=tree&attribute[when][]=day&attribute[when][]=night`,
      );
      assert.equal(ok.status, 200, ok.text);
    });

    test('attribute values: required missing, not in the list, not a number, two values → 400', async () => {
      await badRequest(form({ 'attribute[kind]': undefined }), /attribute\[kind\]: required/);
      await badRequest(form({ 'attribute[kind]': '' }), /attribute\[kind\]: required/);
      await badRequest(form({ 'attribute[kind]': 'fire' }), /attribute\[kind\]: not one of/);
      await badRequest(form({ 'attribute[when][]': 'dusk' }), /attribute\[when\]: not among/);
      await badRequest(form({ 'attribute[height]': 'tall' }), /attribute\[height\]: not a number/);
      await badRequest(
        `${encodeForm(form({ 'attribute[kind]': undefined }))}&attribute[kind][]=litter&attribute[kind][]=tree`,
        /takes one value/,
      );
    });

    test('other bad POST input → 400: media_url, email, body encoding, content type', async () => {
      await badRequest(form({ media_url: 'javascript:alert(1)' }), /media_url/);
      await badRequest(form({ email: 'not-an-email' }), /email/);
      await badRequest(`${encodeForm(form())}&description=%E8%B7`, /percent-encoding/);
      await badRequest(`${encodeForm(form())}&description=%zz`, /percent-encoding/);
      await badRequest(encodeForm(form({ description: '路灯\u0000不亮' })), /NUL/);
      await badRequest(`${encodeForm(form())}&service_code=010202`, /given more than once/);
      for (const fmt of FORMATS) {
        const res = await call(app, 'POST', `${BASE}/requests.${fmt}`, 'service_code=010201', {
          'content-type': 'text/plain',
        });
        assertError(res, 400, fmt);
        const multipart = await call(app, 'POST', `${BASE}/requests.${fmt}`, '--x\r\n', {
          'content-type': 'multipart/form-data; boundary=x',
        });
        assertError(multipart, 400, fmt);
        const badJson = await call(app, 'POST', `${BASE}/requests.${fmt}`, '{"api_key":', {
          'content-type': 'application/json',
        });
        assertError(badJson, 400, fmt);
      }
    });

    test('a JSON object body is read like the form; HEAD works on GET resources', async () => {
      const res = await call(app, 'POST', `${BASE}/requests.json`, JSON.stringify(form()), {
        'content-type': 'application/json',
      });
      assert.equal(res.status, 200, res.text);
      for (const fmt of FORMATS) {
        const arr = await call(app, 'POST', `${BASE}/requests.${fmt}`, '[1,2]', {
          'content-type': 'application/json',
        });
        assert.match(assertError(arr, 400, fmt).join(), /must be a form/);
      }
      const head = await app.inject({ method: 'HEAD', url: `${BASE}/services.xml` });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['content-type'], 'text/xml; charset=utf-8');
    });

    test('dates: garbage, no time zone, end before start, more than 90 days → 400', async () => {
      const enc = encodeURIComponent;
      for (const resource of ['requests', 'servicerequestupdates']) {
        await refused('GET', `${resource}?start_date=garbage`, 400, undefined, /start_date: not an ISO 8601/);
        await refused('GET', `${resource}?end_date=2024-05-01`, 400, undefined, /end_date: not an ISO 8601/);
        await refused('GET', `${resource}?start_date=2024-05-01T10:00:00`, 400, undefined, /time zone/);
        await refused('GET', `${resource}?start_date=2024-02-30T00:00:00Z`, 400);
        await refused(
          'GET',
          `${resource}?start_date=${enc('2024-05-02T00:00:00+08:00')}&end_date=${enc('2024-05-01T00:00:00+08:00')}`,
          400,
          undefined,
          /end_date is before start_date/,
        );
        await refused(
          'GET',
          `${resource}?start_date=2024-01-01T00:00:00Z&end_date=2024-04-01T00:00:01Z`,
          400,
          undefined,
          /more than 90 days/,
        );
        // exactly 90 days, and a + sent unencoded (read as a space), are fine
        const ok = await get(
          app,
          `${BASE}/${resource}.json?start_date=2024-01-01T00:00:00Z&end_date=2024-03-31T00:00:00Z`,
        );
        assert.equal(ok.status, 200, ok.text);
        const plus = await get(app, `${BASE}/${resource}.json?start_date=2024-01-01T00:00:00+08:00`);
        assert.equal(plus.status, 200, plus.text);
      }
      const u = { api_key: key, service_request_id: ticket, update_id: 'd1', status: 'OPEN' };
      await badRequest({ ...u, updated_datetime: 'yesterday' }, /updated_datetime/, 'servicerequestupdates');
      await badRequest(u, /updated_datetime: required/, 'servicerequestupdates');
    });

    test('other bad GET parameters → 400', async () => {
      await refused('GET', 'requests?status=pending', 400, undefined, /status: must be open or closed/);
      await refused('GET', 'requests?page_size=0', 400);
      await refused('GET', 'requests?page_size=1001', 400);
      await refused('GET', 'requests?page=abc', 400);
      await refused('GET', 'requests?service_request_id=1%00', 400, undefined, /cannot be stored/);
      await refused('GET', 'requests?lat=31.4', 400, undefined, /lat and long/);
      await refused('GET', 'requests?radius=100', 400, undefined, /radius needs/);
      await refused('GET', 'requests?bbox=1,2,3', 400, undefined, /bbox/);
      await refused('GET', 'requests?bbox=3,2,1,4', 400, undefined, /bbox/);
      await refused('GET', `requests?bbox=1,2,3,4&lat=${INSIDE.lat}&long=${INSIDE.long}`, 400);
      // empty optional parameters behave as absent
      const ok = await get(
        app,
        `${BASE}/requests.json?status=&service_code=&start_date=&end_date=&page=&page_size=`,
      );
      assert.equal(ok.status, 200, ok.text);
    });

    test('unknown request id, token, resource or format → 404', async () => {
      await refused('GET', 'requests/19990101999999', 404, undefined, /service_request_id not found/);
      await refused('GET', 'tokens/nosuchtoken', 404, undefined, /token not found/);
      await refused('GET', 'nothing', 404, undefined, /unknown resource/);
      await refused('GET', 'services/010201/extra', 404);
      for (const [accept, fmt] of [
        ['application/json', 'json'],
        ['text/xml', 'xml'],
      ] as const) {
        for (const url of [
          `${BASE}/requests.csv`,
          `${BASE}/requests/${ticket}.csv`,
          `${BASE}/services.html`,
          `${BASE}/tokens/x.yaml`,
        ]) {
          const res = await get(app, url, { accept });
          assertError(res, 404, fmt);
        }
      }
      // POST servicerequestupdates on an unknown request
      await refused(
        'POST',
        'servicerequestupdates',
        404,
        {
          api_key: key,
          service_request_id: '19990101999999',
          update_id: 'x',
          status: 'OPEN',
          updated_datetime: '2024-01-01T00:00:00Z',
        },
        /service_request_id not found/,
      );
    });

    test('POST servicerequestupdates: missing fields, bad status, over-long description → 400', async () => {
      const u = {
        api_key: key,
        service_request_id: ticket,
        update_id: 'u1',
        status: 'OPEN',
        updated_datetime: '2024-01-01T00:00:00Z',
      };
      await badRequest({ ...u, update_id: undefined }, /update_id: required/, 'servicerequestupdates');
      await badRequest(
        { ...u, service_request_id: undefined },
        /service_request_id: required/,
        'servicerequestupdates',
      );
      await badRequest({ ...u, status: 'DONE' }, /status: not an extended status/, 'servicerequestupdates');
      await badRequest({ ...u, description: 'x'.repeat(4001) }, /description/, 'servicerequestupdates');
      await badRequest({ ...u, media_url: 'ftp://x' }, /media_url/, 'servicerequestupdates');
    });

    test('jurisdiction_id: unknown → 404; required once the server serves several', async () => {
      await refused('GET', 'services?jurisdiction_id=atlantis', 404, undefined, /jurisdiction_id not found/);
      await refused('GET', 'requests?jurisdiction_id=atlantis', 404);
      await refused(
        'POST',
        'requests',
        404,
        form({ jurisdiction_id: 'atlantis' }),
        /jurisdiction_id not found/,
      );
      const fine = await get(app, `${BASE}/services.json?jurisdiction_id=xiangcheng`);
      assert.equal(fine.status, 200);
      await t.ctx.db
        .insertInto('jurisdictions')
        .values({ jurisdiction_id: 'other-city', name: '别处' })
        .execute();
      try {
        await refused('GET', 'services', 400, undefined, /jurisdiction_id is required/);
        await refused('GET', 'requests', 400, undefined, /jurisdiction_id is required/);
        await badRequest(form(), /jurisdiction_id is required/);
        const ok = await get(app, `${BASE}/services.json?jurisdiction_id=xiangcheng`);
        assert.equal(ok.status, 200);
        // a key of one city is not valid for another
        await refused(
          'POST',
          'requests',
          403,
          form({ jurisdiction_id: 'other-city' }),
          /not valid for this jurisdiction/,
        );
      } finally {
        await t.ctx.db.deleteFrom('auth_throttle').where('jurisdiction_id', '=', 'other-city').execute();
        await t.ctx.db.deleteFrom('jurisdictions').where('jurisdiction_id', '=', 'other-city').execute();
      }
    });

    test('a refused POST writes no request', async () => {
      const before = await countRequests();
      const bad: (Fields | string)[] = [
        form({ api_key: 'bs_x_y' }),
        form({ service_code: '999' }),
        form({ lat: undefined, long: undefined }),
        form({ description: 'x'.repeat(4001) }),
        form({ 'attribute[kind]': 'fire' }),
        `${encodeForm(form())}&attribute[=1`,
        form({ lat: OUTSIDE.lat, long: OUTSIDE.long }),
        form({ jurisdiction_id: 'atlantis' }),
      ];
      for (const b of bad) {
        const res = await post(app, `${BASE}/requests.json`, b);
        assert.ok([400, 403, 404].includes(res.status), `${res.status} ${res.text}`);
      }
      assert.equal(await countRequests(), before);
    });

    test('POSTs are rate-limited per address; wrong api_keys lock the address out, even with a right key after', async () => {
      const limited = await testApp({ ...t.ctx, config: { ...t.ctx.config, open311WriteRateLimit: 2 } });
      try {
        const ask = (remoteAddress: string, api_key: string) =>
          limited.inject({
            method: 'POST',
            url: `${BASE}/requests.json`,
            remoteAddress,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: encodeForm(form({ api_key })),
          });
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await ask('10.0.0.1', `wrong-${i}`)).statusCode);
        assert.deepEqual(statuses, [403, 403, 429]);
      } finally {
        await limited.close();
      }
      const guess = (remoteAddress: string, api_key: string) =>
        app.inject({
          method: 'POST',
          url: `${BASE}/requests.json`,
          remoteAddress,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: encodeForm(form({ api_key })),
        });
      const before = await countRequests();
      const answers = [];
      for (let i = 0; i < 25; i++) answers.push((await guess('10.0.0.2', `guess-${i}`)).statusCode);
      assert.deepEqual(answers, [...Array<number>(20).fill(403), ...Array<number>(5).fill(429)]);
      const locked = await guess('10.0.0.2', key);
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /too many invalid api_key attempts/);
      assert.equal((await guess('10.0.0.3', key)).statusCode, 200);
      assert.equal(await countRequests(), before + 1);
    });

    test('discovery names the configured public URL, never the Host header', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `${BASE}/discovery.json`,
        headers: { host: 'evil.example' },
      });
      const body = res.body;
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(body, /evil\.example/);
      const endpoints = (JSON.parse(body) as { endpoints: { url: string }[] }).endpoints;
      assert.equal(endpoints[0]!.url, `${t.ctx.config.publicUrl}${BASE}`);
    });

    test('the rate limit answers 429 in the spec format', async () => {
      const limited = await testApp({ ...t.ctx, config: { ...t.ctx.config, publicRateLimit: 2 } });
      try {
        // the limit counts per route and address, like the /api/v1 routes
        for (const fmt of ['json', 'xml'] as const) {
          for (let i = 0; i < 2; i++)
            assert.equal((await get(limited, `${BASE}/services.${fmt}`)).status, 200);
          assertError(await get(limited, `${BASE}/services.${fmt}`), 429, fmt);
        }
      } finally {
        await limited.close();
      }
    });
  });
}
