/**
 * Findings of an attack on a fresh server, each fixed and held here: bodies nested deep enough to overflow a
 * recursive walk, …  Every refusal is a 4xx with the error format, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`hardening (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const post = (url: string, payload: string) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

    test('a body nested 100,000 deep answers 400 before login, on every JSON route', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      for (const url of [
        '/api/v1/auth/logout',
        '/api/v1/auth/login',
        '/api/v1/requests',
        '/api/v1/auth/otp',
      ]) {
        const res = await post(url, deep);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        const body = JSON.parse(res.body);
        assert.equal(body.error.code, 'validation_failed');
        assert.match(body.error.details.reason, /nested deeper than 32/);
      }
      const objects = '{"a":'.repeat(50) + '1' + '}'.repeat(50);
      assert.equal((await post('/api/v1/auth/login', objects)).statusCode, 400);
      // Nesting the API needs (a GeoJSON polygon, five levels) is fine.
      const login = await post('/api/v1/auth/login', JSON.stringify({ username: 'admin', password: 'x' }));
      assert.equal(login.statusCode, 401);
    });
  });
}
