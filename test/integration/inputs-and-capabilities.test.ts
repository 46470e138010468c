/**
 * Shared input rules at the API's edge (dates out of range are a 400, never a 500) and the `can` the web
 * application reads from the staff login and /auth/me.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD, dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`inputs and capabilities (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let supervisor: Client;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      supervisor = await Client.login(app, 'supervisor');
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    test('a date out of 1900–2999 in any query string is 400 validation_failed', async () => {
      for (const url of [
        '/api/v1/metrics?to=10000-01-01',
        '/api/v1/metrics?from=0001-01-01',
        '/api/v1/metrics/dashboard?to=10000-01-01',
        '/api/v1/topics?from=0001-01-01',
        '/api/v1/visits?to=10000-01-01T00:00:00Z',
        '/api/v1/projects?as_of=0001-01-01',
        '/api/v1/projects/bulletin?as_of=10000-01-01',
      ]) {
        const res = await supervisor.get(url);
        assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'validation_failed', url);
      }
    });

    test('can: the staff login and /auth/me say what the web application offers', async () => {
      const login = async (username: string) => {
        const res = await new Client(app).post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const me = (await Client.withToken(app, res.body.token).get('/api/v1/auth/me')).body;
        assert.deepEqual(me.can, res.body.user.can);
        return me.can as Record<string, boolean>;
      };
      const operator = await login('operator');
      assert.equal(operator.console, true);
      assert.equal(operator.admin, false);
      assert.equal(operator.register_request, true);
      const community = await login('handler.guoyuan-cmte');
      assert.equal(community.workbench, true);
      assert.equal(community.place_orders, true);
      assert.equal((await login('handler.housing')).place_orders, false);
      const admin = await login('admin');
      assert.equal(admin.admin, true);
      assert.equal(admin.manage_calendar, true);
    });
  });
}
