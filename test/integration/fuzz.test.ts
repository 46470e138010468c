/**
 * Property-based: for every operation of the OpenAPI document, bad path parameters, queries, bodies and headers
 * generated from what the operation declares (fast-check, a fixed seed: FUZZ_SEED to choose another, FUZZ_RUNS
 * for more cases) are sent as an anonymous caller and as members of staff. Whatever comes in, the answer is
 * never a 5xx; a refusal has the error format; and a refused request writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { dbKinds, DEMO_PASSWORD, openTestContext, type TestContext } from '../support/db.js';
import { testApp } from '../support/http.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type Param = { name: string; in: 'path' | 'query'; required?: boolean; schema?: JsonSchema };
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
};
type Operation = {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/** Values that break assumptions: wrong types, edges of ranges, text a database or a parser chokes on. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '%00',
    '-1',
    '0',
    '1e309',
    'NaN',
    '99999999999999999999999',
    '10000-01-01',
    '0000-00-00',
    '2026-02-30',
    'null',
    'true',
    '[]',
    '{}',
    '../../etc/passwd',
    "'; drop table requests; --",
    '<img src=x onerror=alert(1)>',
    '１３９１２３４５６７８',
    '長'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const nastyJson = fc.oneof(nasty, fc.jsonValue({ maxDepth: 3 }), fc.array(nasty, { maxLength: 4 }));

/** An object with the operation's own keys (so that validation goes past the first key) holding bad values. */
function bodyFor(schema: JsonSchema | undefined) {
  const keys = Object.keys(schema?.properties ?? {});
  const shaped = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), nastyJson, { maxKeys: keys.length })
    : fc.constant({});
  return fc.oneof(
    shaped,
    fc.tuple(shaped, fc.dictionary(fc.string({ maxLength: 8 }), nastyJson, { maxKeys: 2 })).map(([a, b]) => ({
      ...b,
      ...a,
    })),
    nastyJson,
    fc.constantFrom('{"a":', '['.repeat(40) + ']'.repeat(40), 'not json', '\u00ff\u00fe'),
  );
}

function queryFor(params: Param[]) {
  const names = params.filter((p) => p.in === 'query').map((p) => p.name);
  const key = names.length
    ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 }))
    : fc.string({ maxLength: 6 });
  return fc.dictionary(key, nasty.map(String), { maxKeys: 4 });
}

const segment = fc.oneof(
  fc.constantFrom('0', '-1', '1', '99999999999', '1.5', 'abc', '%00', '%ff', '..', 'null', '%E4%B8%AD'),
  fc.nat().map(String),
);

for (const kind of dbKinds()) {
  describe(`every operation with bad input (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let doc: { paths: Record<string, Record<string, Operation>> };
    const tokens: Record<string, string | null> = { anonymous: null };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      doc = JSON.parse((await app.inject({ method: 'GET', url: '/api/docs/json' })).body);
      for (const username of ['admin', 'operator', 'handler.housing']) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password: DEMO_PASSWORD },
        });
        tokens[username] = JSON.parse(res.body).token;
      }
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    /** Rows of every table a refused request could have written. */
    const footprint = async () =>
      (
        await sql<{ n: string }>`select concat_ws(',',
          (select count(*) from requests), (select count(*) from request_events), (select count(*) from outbox),
          (select count(*) from projects), (select count(*) from project_updates), (select count(*) from visits),
          (select count(*) from users), (select count(*) from departments), (select count(*) from areas),
          (select count(*) from categories), (select count(*) from api_keys), (select count(*) from attachments),
          (select count(*) from calendar_days), (select count(*) from idempotency_keys)) as n`.execute(
          t.ctx.db,
        )
      ).rows[0]!.n;

    test(
      'no 5xx, the error format on every refusal, nothing written by a refusal',
      { timeout: 900_000 },
      async () => {
        const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
          Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
        );
        assert.ok(operations.length > 40, `${operations.length} operations`);
        const failures: string[] = [];
        let cases = 0;
        for (const { path, method, op } of operations) {
          // Logging out ends the session the fuzzer would go on using.
          if (path === '/api/v1/auth/logout') continue;
          const params = op.parameters ?? [];
          const schema = op.requestBody?.content?.['application/json']?.schema;
          await fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...Object.keys(tokens)),
              fc.array(segment, { minLength: 4, maxLength: 4 }),
              queryFor(params),
              bodyFor(schema),
              fc.constantFrom(
                'application/json',
                'text/plain',
                'application/x-www-form-urlencoded',
                'image/png',
              ),
              fc.option(nasty.map(String), { nil: undefined }),
              async (who, segments, query, body, contentType, idempotencyKey) => {
                cases++;
                let i = 0;
                const url =
                  path.replace(/\{[^}]+\}/g, () => segments[i++]!) +
                  (Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '');
                const token = tokens[who];
                const headers: Record<string, string> = { 'content-type': contentType };
                if (token) headers.authorization = `Bearer ${token}`;
                if (idempotencyKey !== undefined)
                  headers['idempotency-key'] = idempotencyKey.replace(/[^\x20-\x7e]/g, '?');
                const before = await footprint();
                const res = await app.inject({
                  method: method as 'GET',
                  url,
                  headers,
                  ...(method === 'GET' || method === 'DELETE'
                    ? {}
                    : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
                });
                const where = `${method} ${url} as ${who}`;
                if (res.statusCode >= 500)
                  failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
                if (res.statusCode >= 400) {
                  const err = JSON.parse(res.body).error;
                  assert.equal(typeof err?.code, 'string', `${where}: ${res.body}`);
                  assert.ok(err.message && err.message_en, `${where}: ${res.body}`);
                  assert.equal(
                    await footprint(),
                    before,
                    `${where} was refused (${res.statusCode}) but wrote`,
                  );
                }
              },
            ),
            { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
          );
        }
        assert.deepEqual(failures, []);
        assert.ok(cases > 500, `${cases} cases`);
      },
    );
  });
}
