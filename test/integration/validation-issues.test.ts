import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`validation answers carry structured issues (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client, fieldworker: Client;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin, fieldworker] = await Client.loginAll(app, 'admin', 'fieldworker');
    });
    after(() => closeTestApp(app, t));

    test('a bad username and a short password: each field with its code and figures', async () => {
      const res = await admin.post('/api/v1/admin/users', {
        username: 'Bad Name!',
        display_name: '测试',
        role: 'operator',
        password: 'short',
      });
      const { error } = refused(res, 400, 'validation_failed');
      assert.equal(error.message, '请求参数不合法');
      const issues = error.details.issues.map(({ message: _m, ...rest }: { message: string }) => rest);
      assert.deepEqual(issues, [
        { path: 'username', code: 'invalid_format', params: { format: 'regex' } },
        { path: 'password', code: 'too_small', params: { minimum: 8, origin: 'string' } },
      ]);
      assert.ok(
        error.details.issues.every((i: { message: string }) => i.message),
        'the message stays',
      );
    });

    test('an API key without a name: required', async () => {
      const { error } = refused(
        await admin.post('/api/v1/admin/api-keys', { name: '  ' }),
        400,
        'validation_failed',
      );
      assert.deepEqual(
        error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
        [['name', 'required']],
      );
    });

    test('a visit in the future: in_future on visited_at', async () => {
      const res = await fieldworker.post('/api/v1/visits', {
        visitee: { kind: 'household' },
        visited_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        needs: [],
      });
      const { error } = refused(res, 400, 'validation_failed');
      assert.deepEqual(
        error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code]),
        [['visited_at', 'in_future']],
      );
    });
  });
}
