/**
 * The OpenAPI document describes every /api/v1 operation's answers: a schema for each success, a shared response
 * with the one Error schema for each refusal, and the server's own enums (statuses, roles, actions …) where they
 * apply.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../src/db/schema.js';
import { ERRORS } from '../../src/http/errors.js';
import { openApiDocument } from '../../src/openapi.js';
import { ACTIONS, STATUSES } from '../../src/requests/workflow.js';
import { openTestContext, type TestContext } from '../support/db.js';
import { testApp } from '../support/http.js';

type Response = { $ref?: string; content?: Record<string, { schema?: Record<string, unknown> }> };
type Operation = { responses: Record<string, Response> };
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties: Record<string, any> }>;
    responses: Record<string, Response>;
  };
};

describe('the OpenAPI document', () => {
  let t: TestContext;
  let app: FastifyInstance;
  let doc: Doc;

  before(async () => {
    t = await openTestContext('pglite');
    app = await testApp(t.ctx);
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    doc = JSON.parse(res.body) as Doc;
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  const operations = () =>
    Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  test('every /api/v1 operation has a schema for its success answer', () => {
    const ops = operations();
    assert.ok(ops.length > 60, `only ${ops.length} operations`);
    const missing = ops.filter(({ op }) =>
      Object.entries(op.responses).every(
        ([status, r]) =>
          !/^2\d\d$/.test(status) || !Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
      ),
    );
    assert.deepEqual(
      missing.map(({ path, method }) => `${method.toUpperCase()} ${path}`),
      [],
    );
  });

  test('every refusal is a shared response with the one Error schema, whose code lists every error code', () => {
    for (const { path, method, op } of operations()) {
      assert.ok(op.responses['400'], `${method} ${path} has no 400`);
      for (const [status, r] of Object.entries(op.responses))
        if (/^[45]\d\d$/.test(status)) {
          const shared = doc.components.responses[r.$ref?.replace('#/components/responses/', '') ?? ''];
          assert.ok(shared, `${method} ${path} ${status} is not a shared response`);
          assert.deepEqual(shared.content?.['application/json']?.schema, {
            $ref: '#/components/schemas/Error',
          });
        }
    }
    const error = doc.components.schemas.Error!.properties.error;
    assert.deepEqual([...error.properties.code.enum].sort(), Object.keys(ERRORS).sort());
  });

  test('enums come from the server’s constants; shared answers are named components', () => {
    /** A schema, or the component it refers to. */
    const resolve = (schema: any): any =>
      schema?.$ref
        ? resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
        : schema;
    const answer = (path: string, method = 'get', status = '200') =>
      resolve(doc.paths[path]![method]!.responses[status]!.content!['application/json']!.schema);
    const request = resolve(answer('/api/v1/requests').properties.items.items);
    assert.deepEqual(request.properties.status.enum, [...STATUSES]);
    assert.deepEqual(request.properties.allowed_actions.items.enum, [...ACTIONS]);
    assert.deepEqual(request.properties.type.enum, ['咨询', '求助', '投诉', '举报', '建议']);
    const detail = answer('/api/v1/requests/{id}');
    assert.deepEqual(resolve(detail.properties.timeline.items).properties.actor_role.enum, [
      ...ROLES,
      'api_key',
      'system',
    ]);
    const me = answer('/api/v1/auth/me');
    assert.deepEqual(me.anyOf[0].properties.role.enum, [...ROLES]);
    assert.equal(Object.keys(resolve(me.anyOf[0].properties.can).properties).length, 26);
    for (const name of ['Request', 'TimelineEvent', 'Capabilities', 'Project', 'Visit', 'Department'])
      assert.ok(doc.components.schemas[name], `no component ${name}`);
  });

  test('the document the web client is generated from, built without a database, is the one served', async () => {
    assert.deepEqual(await openApiDocument(), doc);
  });

  test('a raw photo body is described by its image types', () => {
    const upload = doc.paths['/api/v1/requests/{id}/attachments']!.post as unknown as {
      requestBody: { required: boolean; content: Record<string, unknown> };
    };
    assert.equal(upload.requestBody.required, true);
    assert.deepEqual(Object.keys(upload.requestBody.content), ['image/jpeg', 'image/png', 'image/webp']);
  });
});
