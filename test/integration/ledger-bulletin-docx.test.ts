import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { DEMO_PASSWORD, dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`the bulletin by as-of date, scope and level, and as a Word document (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let supervisor: Client;
    let token: string;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [supervisor] = await Client.loginAll(app, 'supervisor');
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'supervisor', password: DEMO_PASSWORD },
      });
      token = login.json().token;
      const projects = [
        ['城市更新示范片区（测试）', 'provincial_key', 'housing'],
        ['老旧小区加装电梯（测试）', 'city_published', 'housing'],
        ['阳澄湖生态修复（测试）', 'provincial_key', 'ecology'],
      ];
      for (const [title, level, owner] of projects)
        ok(
          await supervisor.post('/api/v1/projects', {
            title,
            level,
            owner_department_code: owner,
            start_date: '2026-01-10',
            due_date: '2026-12-31',
            public: true,
          }),
          201,
        );
    });
    after(() => closeTestApp(app, t));

    const docx = (query: string, auth = true) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/projects/bulletin/docx?${query}`,
        headers: auth ? { authorization: `Bearer ${token}` } : {},
      });

    test('level narrows the bulletin to the projects of one level', async () => {
      const all = ok(
        await supervisor.get('/api/v1/projects/bulletin?include_internal=true&as_of=2026-06-30'),
      );
      const key = ok(
        await supervisor.get(
          '/api/v1/projects/bulletin?include_internal=true&as_of=2026-06-30&level=provincial_key',
        ),
      );
      assert.equal(all.counts.total, 3);
      assert.ok(key.counts.total > 0 && key.counts.total < all.counts.total);
      assert.ok(key.projects.every((p: { level: string }) => p.level === 'provincial_key'));
      assert.equal(
        refused(await supervisor.get('/api/v1/projects/bulletin?level=galactic'), 400, 'validation_failed')
          .error.details.issues[0].path,
        'level',
      );
    });

    test('the Word document holds the title, the paragraph and every project, for the date and scope', async () => {
      const asOf = '2026-06-30';
      const json = ok(
        await supervisor.get(
          `/api/v1/projects/bulletin?include_internal=true&as_of=${asOf}&scope=department:housing`,
        ),
      );
      const res = await docx(`include_internal=true&as_of=${asOf}&scope=department:housing`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /wordprocessingml/);
      assert.match(String(res.headers['content-disposition']), /bulletin-2026-06-30\.docx/);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      assert.match(xml, /“我为群众办实事”项目进展通报/);
      assert.match(xml, /截至2026-06-30/);
      for (const p of json.projects) assert.ok(xml.includes(p.title), p.title);
      assert.equal(json.projects.length, 2);
      assert.ok(!xml.includes('阳澄湖生态修复（测试）'), 'another department is out of scope');
    });

    test('anyone may have the public one; internal projects need a login; a bad scope is a 400', async () => {
      assert.equal((await docx('', false)).statusCode, 200);
      assert.equal((await docx('include_internal=true', false)).statusCode, 403);
      assert.equal((await docx('scope=street')).statusCode, 400);
    });
  });
}
