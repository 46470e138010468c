/** Photos of a request: attached by staff or the reporter, at most three, checked by their bytes, seen by who sees the request. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { PNG } from '../support/files.js';
import { Client, testApp, tokenFor } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`request photos (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const tokens: Record<'operator' | 'housing' | 'transport', string> = {
      operator: '',
      housing: '',
      transport: '',
    };
    let operator: Client, housing: Client, transport: Client;
    let id: number;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [tokens.operator, tokens.housing, tokens.transport] = await Promise.all([
        tokenFor(app, 'operator'),
        tokenFor(app, 'handler.housing'),
        tokenFor(app, 'handler.transport'),
      ]);
      [operator, housing, transport] = [tokens.operator, tokens.housing, tokens.transport].map((token) =>
        Client.withToken(app, token),
      ) as [Client, Client, Client];
      const r = await operator.post('/api/v1/requests', {
        body: '楼道灯坏了',
        reporter: { phone: '13700000001' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.id;
      const d = await (
        await Client.login(app, 'dispatcher')
      ).act(id, 'dispatch', { department_code: 'housing' });
      assert.equal(d.status, 200, JSON.stringify(d.body));
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const upload = (who: keyof typeof tokens, bytes: Buffer, type = 'image/png') =>
      app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/attachments`,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          'content-type': type,
        },
        payload: bytes,
      });

    test('staff attach a photo; the list and the photo follow the request’s visibility', async () => {
      const res = await upload('operator', PNG);
      assert.equal(res.statusCode, 201, res.body);
      const photo = res.json();
      assert.equal(photo.content_type, 'image/png');
      assert.equal(photo.url, `/api/v1/attachments/${photo.id}`);
      const list = await housing.get(`/api/v1/requests/${id}/attachments`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((a: { id: number }) => a.id),
        [photo.id],
      );
      const bytes = await app.inject({
        method: 'GET',
        url: photo.url,
        headers: { authorization: `Bearer ${tokens.housing}` },
      });
      assert.equal(bytes.statusCode, 200);
      assert.equal(bytes.headers['content-type'], 'image/png');
      assert.deepEqual(bytes.rawPayload, PNG);
      assert.equal((await transport.get(`/api/v1/requests/${id}/attachments`)).status, 404);
      assert.equal((await transport.get(photo.url)).status, 404);
    });

    test('bytes that are not the declared image are 415; a fourth photo is 409', async () => {
      assert.equal((await upload('operator', Buffer.from('not an image'))).statusCode, 415);
      assert.equal((await upload('operator', PNG, 'image/jpeg')).statusCode, 415);
      assert.equal((await upload('housing', PNG)).statusCode, 201);
      assert.equal((await upload('housing', PNG)).statusCode, 201);
      const fourth = await upload('operator', PNG);
      assert.equal(fourth.statusCode, 409, fourth.body);
      assert.equal(fourth.json().error.code, 'conflict');
    });
  });
}
