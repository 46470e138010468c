import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`admin users: pages, search, a taken username (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin] = await Client.loginAll(app, 'admin');
    });
    after(() => closeTestApp(app, t));

    test('pages of the staff in the order they were added, with the total', async () => {
      const all = ok(await admin.get('/api/v1/admin/users?page_size=500'));
      assert.ok(all.total > 10);
      assert.equal(all.items.length, all.total);
      assert.ok(all.items.every((u: { role: string }) => u.role !== 'resident'));
      const second = ok(await admin.get('/api/v1/admin/users?page=2&page_size=5'));
      assert.deepEqual(
        { total: second.total, page: second.page, page_size: second.page_size },
        { total: all.total, page: 2, page_size: 5 },
      );
      assert.deepEqual(
        second.items.map((u: { id: number }) => u.id),
        all.items.slice(5, 10).map((u: { id: number }) => u.id),
      );
      const first = ok(await admin.get('/api/v1/admin/users'));
      assert.equal(first.page_size, 20);
    });

    test('q finds a part of the username, the display name or the department code, case aside', async () => {
      const byName = ok(await admin.get(`/api/v1/admin/users?q=${encodeURIComponent('HANDLER.HOUS')}`));
      assert.deepEqual(
        byName.items.map((u: { username: string }) => u.username),
        ['handler.housing'],
      );
      const byDepartment = ok(await admin.get('/api/v1/admin/users?q=housing'));
      assert.deepEqual(byDepartment.items.map((u: { username: string }) => u.username).sort(), [
        'handler.housing',
        'head.housing',
      ]);
      assert.equal(byDepartment.total, 2);
      const display = byDepartment.items[0].display_name as string;
      const byDisplay = ok(await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(display)}`));
      assert.ok(byDisplay.items.some((u: { display_name: string }) => u.display_name === display));
      // LIKE's own characters are taken literally.
      assert.equal(ok(await admin.get('/api/v1/admin/users?q=%25')).total, 0);
      assert.equal(ok(await admin.get('/api/v1/admin/users?q=_')).total, 0);
    });

    test('bad paging is a 400 naming the field', async () => {
      const { error } = refused(await admin.get('/api/v1/admin/users?page_size=0'), 400, 'validation_failed');
      assert.equal(error.details.issues[0].path, 'page_size');
      assert.equal(error.details.issues[0].code, 'too_small');
    });

    test('a taken username is a 409 username_taken with a sentence in both languages', async () => {
      const { error } = refused(
        await admin.post('/api/v1/admin/users', {
          username: 'operator',
          display_name: '重复',
          role: 'operator',
          password: 'another-pw-1',
        }),
        409,
        'username_taken',
      );
      assert.match(error.message, /用户名已被使用/);
      assert.match(error.message_en, /already taken/);
      assert.deepEqual(error.details, { username: 'operator' });
    });
  });
}
