/**
 * Evidence files of a project milestone (节点佐证材料): uploaded by whoever may report the project's progress,
 * checked by their bytes (JPEG/PNG/WebP/PDF), ≤ 5 MB, at most 10 per milestone, listed, read and removed by staff,
 * every upload and removal in the project's change log; the public sees none of them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { PNG } from '../support/files.js';
import { Client, closeTestApp, ok, testApp, tokenFor } from '../support/http.js';

const Y = new Date().getFullYear() + 1;
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

for (const kind of dbKinds()) {
  describe(`milestone evidence (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    let headHousing: Client, handlerHousing: Client, headTransport: Client, operator: Client;
    let projectId: number;
    let base: string;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      const users = {
        headHousing: 'head.housing',
        handlerHousing: 'handler.housing',
        headTransport: 'head.transport',
        operator: 'operator',
      };
      for (const [who, username] of Object.entries(users)) tokens[who] = await tokenFor(app, username);
      [headHousing, handlerHousing, headTransport, operator] = Object.keys(users).map((who) =>
        Client.withToken(app, tokens[who]!),
      ) as [Client, Client, Client, Client];
      const created = ok(
        await headHousing.post('/api/v1/projects', {
          title: '御窑社区老旧小区加装电梯',
          level: 'district',
          owner_department_code: 'housing',
          target: '年内加装电梯6部',
          start_date: `${Y}-03-01`,
          due_date: `${Y}-12-31`,
          public: true,
          milestones: [{ title: '完成居民意见征询', due_date: `${Y}-04-30` }],
        }),
        201,
      );
      projectId = created.id;
      base = `/api/v1/projects/${projectId}/milestones/1/evidence`;
    });
    after(() => closeTestApp(app, t));

    const upload = (who: string, bytes: Buffer, type = 'image/png', url = base) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': type },
        payload: bytes,
      });

    test('the owner department uploads a PNG and a PDF; staff list and read them; the log says who added which', async () => {
      const png = await upload('headHousing', PNG);
      assert.equal(png.statusCode, 201, png.body);
      const file = png.json();
      assert.equal(file.content_type, 'image/png');
      assert.equal(file.size_bytes, PNG.length);
      assert.equal(file.milestone_seq, 1);
      assert.equal(file.url, `${base}/${file.id}`);
      const pdf = await upload('handlerHousing', PDF, 'application/pdf');
      assert.equal(pdf.statusCode, 201, pdf.body);

      const list = ok(await operator.get(base));
      assert.deepEqual(
        list.items.map((f: any) => [f.content_type, f.size_bytes]),
        [
          ['image/png', PNG.length],
          ['application/pdf', PDF.length],
        ],
      );
      const read = await app.inject({
        method: 'GET',
        url: file.url,
        headers: { authorization: `Bearer ${tokens.operator}` },
      });
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'image/png');
      assert.deepEqual(read.rawPayload, PNG);

      const detail = ok(await headHousing.get(`/api/v1/projects/${projectId}`));
      const added = detail.updates.filter((u: any) => u.type === 'evidence-add');
      assert.equal(added.length, 2);
      assert.equal(added[0].actor, '相城区住房和城乡建设局负责人');
      assert.deepEqual(added[0].payload, {
        seq: 1,
        title: '完成居民意见征询',
        file_id: file.id,
        content_type: 'image/png',
        size_bytes: PNG.length,
      });
    });

    test('a wrong type is 415, by what is declared or by what the bytes are', async () => {
      const declared = await upload('headHousing', PNG, 'image/svg+xml');
      assert.equal(declared.statusCode, 415, declared.body);
      assert.equal(declared.json().error.code, 'unsupported_media_type');
      const lying = await upload(
        'headHousing',
        Buffer.from('<html><script>alert(1)</script>'),
        'application/pdf',
      );
      assert.equal(lying.statusCode, 415, lying.body);
      assert.equal(lying.json().error.code, 'unsupported_media_type');
    });

    test('a file over 5 MB is 413 and nothing is stored', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
      const res = await upload('headHousing', big, 'application/pdf');
      assert.equal(res.statusCode, 413, res.body);
      assert.equal(res.json().error.code, 'payload_too_large');
      assert.equal(ok(await operator.get(base)).items.length, 2);
    });

    test('who may not report on the project gets 403; the public gets nothing', async () => {
      for (const who of ['headTransport', 'operator']) {
        const res = await upload(who, PNG);
        assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
        assert.equal(res.json().error.code, 'forbidden');
      }
      const anonymous = new Client(app);
      assert.equal((await anonymous.get(base)).status, 401);
      const publicView = ok(await anonymous.get(`/api/v1/projects/public/${projectId}`));
      assert.ok(!JSON.stringify(publicView).includes('/evidence'));
      const items = ok(await operator.get(base)).items;
      const del = await headTransport.request('DELETE', `${base}/${items[0].id}`);
      assert.equal(del.status, 403);
      assert.equal(
        (await upload('headHousing', PNG, 'image/png', `/api/v1/projects/${projectId}/milestones/9/evidence`))
          .statusCode,
        404,
      );
    });

    test('the 11th file of a milestone is refused with too_many_files (409)', async () => {
      for (let n = ok(await operator.get(base)).items.length; n < 10; n++)
        assert.equal((await upload('handlerHousing', PNG)).statusCode, 201);
      const res = await upload('handlerHousing', PNG);
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().error.code, 'too_many_files');
      assert.equal(ok(await operator.get(base)).items.length, 10);
    });

    test('the owner department removes a file; the log says who removed which; a second removal is 404', async () => {
      const [first] = ok(await operator.get(base)).items;
      const after = ok(await handlerHousing.request('DELETE', `${base}/${first.id}`));
      assert.equal(after.items.length, 9);
      assert.ok(!after.items.some((f: any) => f.id === first.id));
      assert.equal((await handlerHousing.request('DELETE', `${base}/${first.id}`)).status, 404);
      const read = await app.inject({
        method: 'GET',
        url: first.url,
        headers: { authorization: `Bearer ${tokens.operator}` },
      });
      assert.equal(read.statusCode, 404);
      const detail = ok(await headHousing.get(`/api/v1/projects/${projectId}`));
      const removed = detail.updates.filter((u: any) => u.type === 'evidence-remove');
      assert.equal(removed.length, 1);
      assert.equal(removed[0].actor, '相城区住房和城乡建设局承办人');
    });
  });
}
