/**
 * GeoReport v2 conformance: every JSON response validates against the published JSON Schemas
 * (../shared/data/open311, from open311/schema-validation), the XML is well-formed UTF-8 and carries the same
 * content, content types are exact, ids are strings, dates carry a time zone, and no personal data leaks.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/api-keys.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, testApp } from '../support/http.js';
import { BASE, both, choices, get, INSIDE, ISO_WITH_ZONE, parseXml, post } from './open311-support.js';

const SCHEMA_DIR = new URL('../../../shared/data/open311/', import.meta.url);
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => void;

function schemas() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // swagger.json's own formats (Swagger 2.0 vocabulary), not JSON Schema ones.
  for (const f of ['uid', 'uint', 'double']) ajv.addFormat(f, true);
  for (const f of fs.readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.json')))
    ajv.addSchema(JSON.parse(fs.readFileSync(new URL(f, SCHEMA_DIR), 'utf8')), f);
  const compile = (s: object) => ajv.compile(s);
  return {
    services: ajv.getSchema('services.json')!,
    serviceDefinition: ajv.getSchema('service-definition.json')!,
    requests: ajv.getSchema('requests.json')!,
    request: ajv.getSchema('request.json')!,
    // POST requests and GET tokens: swagger.json's RequestResponse / TokenResponse, as lists.
    postResponse: compile({
      type: 'array',
      minItems: 1,
      items: { $ref: 'swagger.json#/definitions/RequestResponse' },
    }),
    tokenResponse: compile({
      type: 'array',
      minItems: 1,
      items: { $ref: 'swagger.json#/definitions/TokenResponse' },
    }),
    // Discovery has no schema in the set: written from the spec's Service Discovery page.
    discovery: compile({
      type: 'object',
      required: ['changeset', 'contact', 'key_service', 'endpoints'],
      properties: {
        changeset: { type: 'string', format: 'date-time' },
        contact: { type: 'string' },
        key_service: { type: 'string' },
        endpoints: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['specification', 'url', 'changeset', 'type', 'formats'],
            properties: {
              specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
              url: { type: 'string', format: 'uri' },
              changeset: { type: 'string', format: 'date-time' },
              type: { enum: ['production', 'test'] },
              formats: {
                type: 'array',
                items: { enum: ['text/xml', 'application/json'] },
                contains: { const: 'text/xml' },
              },
            },
          },
        },
      },
    }),
    // The mySociety extension, from its reference server's schema (open311-adapter).
    updates: compile({
      type: 'array',
      items: {
        type: 'object',
        required: [
          'update_id',
          'service_request_id',
          'status',
          'updated_datetime',
          'description',
          'media_url',
        ],
        properties: {
          update_id: { type: 'string', minLength: 1 },
          service_request_id: { type: 'string', minLength: 1 },
          status: {
            enum: [
              'open',
              'closed',
              'fixed',
              'in_progress',
              'action_scheduled',
              'investigating',
              'duplicate',
              'not_councils_responsibility',
              'no_further_action',
              'internal_referral',
              'reopen',
              'for_triage',
            ],
          },
          updated_datetime: { type: 'string', format: 'date-time' },
          description: { type: 'string' },
          media_url: { type: 'string' },
          external_status_code: { type: 'string' },
        },
      },
    }),
    postUpdate: compile({
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'string' } } },
    }),
  };
}

function valid(v: ValidateFunction, data: unknown, what: string) {
  const ok = v(data);
  assert.ok(ok, `${what} does not validate: ${JSON.stringify(v.errors, null, 1)?.slice(0, 1500)}`);
}

const PHONE = '13912345678';
const TYPED_PHONE = '13600009999';
const ID_CARD = '320507199001011234';
const EMAIL = 'zhangsan.private@example.com';
const NAMES = { first_name: '三丰', last_name: '张' };

for (const kind of dbKinds()) {
  describe(`Open311 conformance (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let key: string;
    let admin: Client;
    const v = schemas();
    const filed: { id: string; token: string }[] = [];

    before(async () => {
      t = await openTestContext(kind, { BANSHI_PUBLIC_RATE_LIMIT: '100000' });
      app = await testApp(t.ctx);
      key = (await createApiKey(t.ctx.db, 'xiangcheng', 'FixMyStreet')).key;
      admin = await Client.login(app, 'admin');
      // Attributes for 010201 (园林绿化环卫): one inherited from its 二级 (0102), two of its own.
      const put = async (code: string, attr: string, body: object) => {
        const res = await admin.request('PUT', `/api/v1/admin/categories/${code}/attributes/${attr}`, body);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };
      await put('0102', 'location_detail', {
        datatype: 'string',
        required: false,
        description: '具体位置（门牌、杆号）',
        order: 3,
      });
      await put('010201', 'kind', {
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: '选择一项',
        description: '问题类型',
        order: 1,
        values: choices({ litter: '垃圾未清运', tree: '树木倒伏' }),
      });
      await put('010201', 'when', {
        datatype: 'multivaluelist',
        description: '发生时段',
        order: 2,
        values: choices({ day: '白天', night: '夜间' }),
      });
      await put('010201', 'notice', {
        datatype: 'text',
        variable: false,
        description: '紧急情况请拨打 12345',
      });
    });
    after(() => closeTestApp(app, t));

    test('discovery', async () => {
      const { json } = await both(app, 'discovery', 'discovery');
      valid(v.discovery, json, 'discovery');
      assert.ok(json.endpoints[0].url.endsWith('/open311/v2'));
      assert.deepEqual(json.endpoints[0].formats, ['text/xml', 'application/json']);
    });

    test('services: one per offered leaf category, grouped by 一级', async () => {
      const { json } = await both(app, 'services', 'services');
      valid(v.services, json, 'services');
      const leaves = await t.ctx.db
        .selectFrom('categories')
        .select('code')
        .where('jurisdiction_id', '=', 'xiangcheng')
        .where('level', '=', 3)
        .where('active', '=', true)
        .execute();
      assert.equal(json.length, leaves.length);
      const s = json.find((x: any) => x.service_code === '010201');
      assert.deepEqual(
        { ...s, description: undefined },
        {
          service_code: '010201',
          service_name: '园林绿化环卫',
          description: undefined,
          metadata: true,
          type: 'realtime',
          keywords: '城市建设和市政管理,城乡建设',
          group: '城乡建设',
        },
      );
      // metadata is true where attributes apply, including inherited ones (0102 → all its leaves).
      assert.equal(json.find((x: any) => x.service_code === '010202').metadata, true);
      assert.equal(json.find((x: any) => x.service_code === '010101').metadata, false);
      // names are unique within a group (其他 is qualified by its 二级)
      const byGroup = new Map<string, Set<string>>();
      for (const x of json) {
        const names = byGroup.get(x.group) ?? new Set();
        assert.ok(!names.has(x.service_name), `${x.group}/${x.service_name} twice`);
        names.add(x.service_name);
        byGroup.set(x.group, names);
        assert.equal(typeof x.service_code, 'string');
      }
    });

    test('service definition with attributes, inherited ones included, in order', async () => {
      const { json } = await both(app, 'services/010201', 'service_definition');
      valid(v.serviceDefinition, json, 'service definition');
      assert.deepEqual(
        json.attributes.map((a: any) => [a.code, a.datatype, a.required, a.order]),
        [
          ['kind', 'singlevaluelist', true, 1],
          ['when', 'multivaluelist', false, 2],
          ['location_detail', 'string', false, 3],
          ['notice', 'text', false, null],
        ],
      );
      assert.deepEqual(json.attributes[0].values, [
        { key: 'litter', name: '垃圾未清运' },
        { key: 'tree', name: '树木倒伏' },
      ]);
      assert.equal(json.attributes[3].variable, false);
      const bare = await both(app, 'services/010101', 'service_definition');
      valid(v.serviceDefinition, bare.json, 'empty service definition');
      assert.deepEqual(bare.json, { service_code: '010101', attributes: [] });
      // a 二级 code is accepted too
      valid(v.serviceDefinition, (await both(app, 'services/0102', 'service_definition')).json, '二级');
    });

    test('the admin API lists, refuses bad definitions, needs an admin, and deletes', async () => {
      const list = await new Client(app).get('/api/v1/categories/010201/attributes');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((a: any) => a.code),
        ['kind', 'when', 'notice'],
      );
      assert.equal(list.body.effective.length, 4);
      const bad = await admin.request('PUT', '/api/v1/admin/categories/010201/attributes/x', {
        datatype: 'singlevaluelist',
      });
      assert.equal(bad.status, 400);
      const badCode = await admin.request('PUT', '/api/v1/admin/categories/010201/attributes/a%5Bb', {
        datatype: 'string',
      });
      assert.equal(badCode.status, 400);
      const unknown = await admin.request('PUT', '/api/v1/admin/categories/999999/attributes/x', {
        datatype: 'string',
      });
      assert.equal(unknown.status, 404);
      const operator = await Client.login(app, 'operator');
      assert.equal(
        (
          await operator.request('PUT', '/api/v1/admin/categories/010201/attributes/x', {
            datatype: 'string',
          })
        ).status,
        403,
      );
      const tmp = await admin.request('PUT', '/api/v1/admin/categories/010102/attributes/tmp', {
        datatype: 'number',
      });
      assert.equal(tmp.status, 200);
      assert.equal(
        (await admin.request('DELETE', '/api/v1/admin/categories/010102/attributes/tmp')).status,
        200,
      );
      assert.equal(
        (await admin.request('DELETE', '/api/v1/admin/categories/010102/attributes/tmp')).status,
        404,
      );
    });

    test('POST requests (both formats) answers a service_request_id, a token and the service notice', async () => {
      for (const fmt of ['json', 'xml'] as const) {
        const res = await post(app, `${BASE}/requests.${fmt}`, [
          ['api_key', key],
          ['service_code', '010201'],
          ['lat', String(INSIDE.lat)],
          ['long', String(INSIDE.long)],
          ['address_string', '相城大道 88 号东侧'],
          ['description', `绿化带垃圾三天无人清运，我是张三丰，联系我 ${TYPED_PHONE}，身份证 ${ID_CARD}`],
          ['attribute[kind]', 'litter'],
          ['attribute[when][]', 'day'],
          ['attribute[when][]', 'night'],
          ['email', EMAIL],
          ['phone', PHONE],
          ['first_name', NAMES.first_name],
          ['last_name', NAMES.last_name],
          ['device_id', 'device-1'],
          ['account_id', 'fms-user-7'],
          ['media_url', 'https://example.org/photo/1.jpg'],
        ]);
        assert.equal(res.status, 200, res.text);
        if (fmt === 'json') {
          assert.equal(res.type, 'application/json; charset=utf-8');
          valid(v.postResponse, res.json, 'POST requests');
          const [r] = res.json;
          assert.equal(typeof r.service_request_id, 'string');
          assert.match(r.service_notice, /工作日/);
          filed.push({ id: r.service_request_id, token: r.token });
        } else {
          assert.equal(res.type, 'text/xml; charset=utf-8');
          const doc = parseXml(res.text) as any;
          const r = doc.service_requests.request[0];
          assert.match(r.service_request_id, /^\d+$/);
          assert.ok(r.token.length > 10);
          assert.match(r.service_notice, /工作日/);
          filed.push({ id: r.service_request_id, token: r.token });
        }
      }
      // The JSON and XML bodies of POST carry the same fields
      const again = await post(app, `${BASE}/requests.xml`, {
        api_key: key,
        service_code: '010101',
        address_id: 'xc-wangting',
      });
      assert.match(
        again.text,
        /<service_requests><request><service_request_id>\d+<\/service_request_id><token>/,
      );
      const row = await t.ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('ticket_no', '=', filed[0]!.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.channel, 'open311');
      assert.ok(row.api_key_id !== null);
      assert.equal(row.category_code, '010201');
      assert.equal(row.reporter_phone_mask, '139****5678');
      assert.notEqual(row.reporter_phone_enc, PHONE);
    });

    test('a hotline request with a home address is published at community level, without its reporter', async () => {
      const operator = await Client.login(app, 'operator');
      const res = await operator.post('/api/v1/requests', {
        body: `楼上每晚装修噪音扰民，我是李四 电话 ${PHONE}`,
        type: '投诉',
        lat: INSIDE.lat,
        lon: INSIDE.long,
        address: '某某花园 3 幢 502 室',
        category_code: '010201',
        reporter: { name: '李四', phone: PHONE },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const ticket = res.body.ticket_no;
      const { json } = await both(app, `requests/${ticket}`, 'service_requests');
      valid(v.requests, json, 'hotline request');
      const area = await t.ctx.db
        .selectFrom('areas')
        .select(['code', 'name'])
        .where('code', '=', res.body.place.area_code)
        .executeTakeFirstOrThrow();
      assert.equal(json[0].address, area.name);
      assert.equal(json[0].address_id, area.code);
      assert.ok(!String(json[0].address).includes('502'));
      assert.equal(json[0].lat, 31.45);
      assert.ok(!json[0].description.includes(PHONE));
      // 举报 is never published
      const report = await operator.post('/api/v1/requests', {
        body: '举报某单位违规',
        type: '举报',
        category_code: '010201',
        area_code: 'xc-wangting',
        reporter: { phone: PHONE },
      });
      assert.equal(report.status, 201);
      const hidden = await get(app, `${BASE}/requests/${report.body.ticket_no}.json`);
      assert.equal(hidden.status, 404);
    });

    test('GET requests, requests/{id} and tokens/{token} validate and agree across formats', async () => {
      const all = await both(app, 'requests', 'service_requests');
      valid(v.requests, all.json, 'GET requests');
      assert.ok(all.json.length >= 3);
      for (const r of all.json) {
        valid(v.request, r, 'request');
        assert.equal(typeof r.service_request_id, 'string');
        assert.ok(['open', 'closed'].includes(r.status));
        for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
          if (r[k] !== null) assert.match(r[k], ISO_WITH_ZONE, k);
      }
      const [first] = filed;
      const one = await both(app, `requests/${first!.id}`, 'service_requests');
      valid(v.requests, one.json, 'GET requests/{id}');
      assert.equal(one.json.length, 1);
      const r = one.json[0];
      assert.equal(r.service_request_id, first!.id);
      assert.equal(r.status, 'open');
      assert.equal(r.service_code, '010201');
      assert.equal(r.service_name, '园林绿化环卫');
      assert.equal(r.address, '相城大道 88 号东侧');
      assert.equal(r.lat, INSIDE.lat);
      assert.equal(r.long, INSIDE.long);
      assert.equal(r.media_url, 'https://example.org/photo/1.jpg');
      assert.match(r.status_notes, /登记/);
      assert.ok(r.description.includes('136****9999'), r.description);
      assert.ok(r.description.includes('我是张**'), r.description);
      assert.ok(!r.description.includes(TYPED_PHONE) && !r.description.includes(ID_CARD));

      const byIds = await both(
        app,
        `requests?service_request_id=${filed.map((f) => f.id).join(',')}`,
        'service_requests',
      );
      valid(v.requests, byIds.json, 'by ids');
      assert.deepEqual(
        byIds.json.map((x: any) => x.service_request_id).sort(),
        filed.map((f) => f.id).sort(),
      );

      const tok = await both(app, `tokens/${first!.token}`, 'service_requests');
      valid(v.tokenResponse, tok.json, 'tokens/{token}');
      assert.deepEqual(tok.json, [{ service_request_id: first!.id, token: first!.token }]);

      // filters and extensions still answer valid lists
      for (const q of [
        'service_code=010201,0101&status=open',
        'status=closed',
        `start_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
        `lat=${INSIDE.lat}&long=${INSIDE.long}&radius=500`,
        'bbox=120.6,31.4,120.7,31.5',
        'page=1&page_size=1',
      ]) {
        const res = await both(app, `requests?${q}`, 'service_requests');
        valid(v.requests, res.json, q);
      }
      assert.equal((await both(app, 'requests?page=1&page_size=1', 'service_requests')).json.length, 1);
      assert.equal((await both(app, 'requests?bbox=100,20,100.1,20.1', 'service_requests')).json.length, 0);
      assert.equal((await both(app, 'requests?status=closed', 'service_requests')).json.length, 0);
    });

    test('the update feed validates and agrees across formats', async () => {
      const { json } = await both(app, 'servicerequestupdates', 'service_request_updates');
      valid(v.updates, json, 'updates');
      assert.ok(json.length >= 3);
      for (const u of json) assert.match(u.updated_datetime, ISO_WITH_ZONE);
      const update = {
        api_key: key,
        service_request_id: filed[0]!.id,
        update_id: 'fms-1',
        status: 'OPEN',
        updated_datetime: '2024-05-01T10:00:00+01:00',
        description: `还没有清运，电话 ${TYPED_PHONE}`,
      };
      const res = await post(app, `${BASE}/servicerequestupdates.json`, {
        ...update,
        first_name: NAMES.first_name,
        last_name: NAMES.last_name,
        email: EMAIL,
      });
      assert.equal(res.status, 200, res.text);
      valid(v.postUpdate, res.json, 'POST servicerequestupdates');
      const xml = await post(app, `${BASE}/servicerequestupdates.xml`, update);
      assert.equal(
        xml.text,
        `<?xml version="1.0" encoding="UTF-8"?>\n<service_request_updates><request_update><update_id>${res.json[0].update_id}</update_id></request_update></service_request_updates>\n`,
      );
      const feed = await both(
        app,
        `servicerequestupdates?service_request_id=${filed[0]!.id}`,
        'service_request_updates',
      );
      valid(v.updates, feed.json, 'updates of one request');
      const comment = feed.json.find((u: any) => u.update_id === res.json[0].update_id);
      assert.equal(comment.external_status_code, 'open311-update');
      assert.ok(comment.description.includes('136****9999'));
    });

    test('no personal data in any GET output, in either format', async () => {
      const outputs: string[] = [];
      for (const path of [
        'requests',
        `requests/${filed[0]!.id}`,
        `tokens/${filed[0]!.token}`,
        'servicerequestupdates',
        'services',
        'discovery',
      ]) {
        for (const fmt of ['json', 'xml']) {
          const res = await get(app, `${BASE}/${path}.${fmt}`);
          assert.equal(res.status, 200);
          outputs.push(res.text);
        }
      }
      const text = outputs.join('\n');
      for (const secret of [
        PHONE,
        TYPED_PHONE,
        ID_CARD,
        EMAIL,
        '张三丰',
        '三丰',
        '李四',
        'fms-user-7',
        'device-1',
      ])
        assert.ok(!text.includes(secret), `leaked: ${secret}`);
      assert.ok(!/502 室/.test(text));
    });
  });
}
