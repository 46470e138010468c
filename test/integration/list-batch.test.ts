/**
 * Batch actions on the rows selected in a list (批量派单, 批量督办) and the saved filters of the lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, eventCount, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`batch actions and saved filters (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, dispatcher: Client, supervisor: Client, housing: Client;
    const file = async (n: number) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++)
        ids.push(
          ok(
            await operator.post('/api/v1/requests', {
              body: `批量测试第${i + 1}件：楼道灯不亮。`,
              area_code: 'xc-wangting-guoyuan',
              reporter: { phone: '13700000003' },
            }),
            201,
          ).id,
        );
      return ids;
    };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [operator, dispatcher, supervisor, housing] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'handler.housing',
      );
    });
    after(() => closeTestApp(app, t));

    test('a dispatcher dispatches selected requests to one department; each gets its own event', async () => {
      const ids = await file(3);
      const answer = ok(
        await dispatcher.post('/api/v1/requests/batch', {
          action: 'dispatch',
          ids,
          input: { department_code: 'housing' },
        }),
      );
      assert.equal(answer.action, 'dispatch');
      assert.deepEqual(
        answer.results.map((r: any) => [r.id, r.ok, r.status, r.version]),
        ids.map((id) => [id, true, 'dispatched', 2]),
      );
      for (const id of ids) assert.equal(await eventCount(t.ctx.db, id, 'dispatch'), 1);
      const seen = ok(await housing.get('/api/v1/requests?status=dispatched&page_size=200')).items;
      for (const id of ids) assert.ok(seen.some((r: any) => r.id === id));
    });

    test('one refusal does not undo the others: per request, done or the error code', async () => {
      const [fresh] = await file(1);
      const [done] = await file(1);
      ok(await operator.act(done!, 'answer-directly', { text: '已电话答复。' }));
      const answer = ok(
        await dispatcher.post('/api/v1/requests/batch', {
          action: 'dispatch',
          ids: [fresh, done, 999_999_999],
          input: { department_code: 'urban-mgmt' },
        }),
      );
      const [a, b, c] = answer.results;
      assert.deepEqual([a.id, a.ok, a.status], [fresh, true, 'dispatched']);
      assert.deepEqual([b.id, b.ok, b.code], [done, false, 'illegal_transition']);
      assert.ok(b.message && b.message_en);
      assert.deepEqual([c.id, c.ok, c.code], [999_999_999, false, 'not_found']);
      assert.equal(ok(await supervisor.get(`/api/v1/requests/${done}`)).status, 'replied');
    });

    test('the policy holds per request: an operator may not dispatch, a handler does not see others', async () => {
      const ids = await file(2);
      const answer = ok(
        await operator.post('/api/v1/requests/batch', {
          action: 'dispatch',
          ids,
          input: { department_code: 'housing' },
        }),
      );
      assert.deepEqual(
        answer.results.map((r: any) => r.code),
        ['forbidden', 'forbidden'],
      );
      const theirs = ok(
        await housing.post('/api/v1/requests/batch', { action: 'supervise', ids, input: { note: '请加快' } }),
      );
      assert.deepEqual(
        theirs.results.map((r: any) => r.code),
        ['not_found', 'not_found'],
      );
      for (const id of ids) assert.equal(await eventCount(t.ctx.db, id, 'dispatch'), 0);
    });

    test('a supervisor supervises (督办) selected requests', async () => {
      const ids = await file(2);
      const answer = ok(
        await supervisor.post('/api/v1/requests/batch', {
          action: 'supervise',
          ids,
          input: { note: '请于本周内办结' },
        }),
      );
      assert.ok(answer.results.every((r: any) => r.ok));
      for (const id of ids) assert.equal(ok(await supervisor.get(`/api/v1/requests/${id}`)).supervised, true);
    });

    test('an Idempotency-Key replays the first answer and writes nothing again; another body is refused', async () => {
      const ids = await file(2);
      const body = { action: 'supervise', ids, input: { note: '重复提交测试' } };
      const key = { 'idempotency-key': `batch-${kind}-1` };
      const first = await supervisor.post('/api/v1/requests/batch', body, key);
      const again = await supervisor.post('/api/v1/requests/batch', body, key);
      assert.equal(again.status, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.body, ok(first));
      for (const id of ids) assert.equal(await eventCount(t.ctx.db, id, 'supervise'), 1);
      refused(
        await supervisor.post('/api/v1/requests/batch', { ...body, input: { note: '另一条' } }, key),
        409,
        'idempotency_conflict',
      );
      // The key is the caller's own: another supervisor's same key is a batch of its own.
      const other = await dispatcher.post('/api/v1/requests/batch', body, key);
      assert.equal(ok(other).results[0].code, 'forbidden');
    });

    test('bad batches are refused whole: too many, repeated, unknown action, bad input', async () => {
      const many = Array.from({ length: 101 }, (_, i) => i + 1);
      refused(
        await dispatcher.post('/api/v1/requests/batch', { action: 'dispatch', ids: many, input: {} }),
        400,
        'validation_failed',
      );
      refused(
        await dispatcher.post('/api/v1/requests/batch', { action: 'dispatch', ids: [1, 1], input: {} }),
        400,
        'validation_failed',
      );
      refused(
        await dispatcher.post('/api/v1/requests/batch', { action: 'close', ids: [1], input: {} }),
        400,
        'validation_failed',
      );
      const ids = await file(1);
      refused(
        await dispatcher.post('/api/v1/requests/batch', { action: 'dispatch', ids, input: {} }),
        400,
        'validation_failed',
      );
      refused(
        await supervisor.post('/api/v1/requests/batch', { action: 'supervise', ids, input: { note: '' } }),
        400,
        'validation_failed',
      );
      assert.equal(ok(await dispatcher.get(`/api/v1/requests/${ids[0]}`)).status, 'registered');
    });

    test('saved filters: each user keeps their own, by name, and they are valid list queries', async () => {
      const filter = { status: 'dispatched,signed', overdue_open: 'true', channel: 'hotline' };
      const saved = ok(await dispatcher.post('/api/v1/saved-filters', { name: '我的超期', filter }), 201);
      assert.equal(saved.name, '我的超期');
      assert.deepEqual(saved.filter, filter);
      assert.deepEqual(
        ok(await dispatcher.get('/api/v1/saved-filters')).items.map((f: any) => f.name),
        ['我的超期'],
      );
      assert.deepEqual(ok(await supervisor.get('/api/v1/saved-filters')).items, []);
      refused(
        await dispatcher.post('/api/v1/saved-filters', { name: '我的超期', filter: {} }),
        409,
        'conflict',
      );
      refused(
        await dispatcher.post('/api/v1/saved-filters', { name: '坏的', filter: { status: 'nonsense' } }),
        400,
        'validation_failed',
      );
      refused(
        await dispatcher.post('/api/v1/saved-filters', { name: '坏的', filter: { page: '2' } }),
        400,
        'validation_failed',
      );
      refused(
        await dispatcher.post('/api/v1/saved-filters', { name: ' ', filter: {} }),
        400,
        'validation_failed',
      );
      // What was saved works as a query of the list.
      const query = new URLSearchParams(saved.filter).toString();
      ok(await dispatcher.get(`/api/v1/requests?${query}`));
      assert.equal((await supervisor.request('DELETE', `/api/v1/saved-filters/${saved.id}`)).status, 404);
      ok(await dispatcher.request('DELETE', `/api/v1/saved-filters/${saved.id}`));
      assert.deepEqual(ok(await dispatcher.get('/api/v1/saved-filters')).items, []);
      assert.equal((await dispatcher.request('DELETE', `/api/v1/saved-filters/${saved.id}`)).status, 404);
    });

    test('residents keep no saved filters, and nobody keeps more than 50', async () => {
      for (let i = 0; i < 50; i++)
        ok(
          await housing.post('/api/v1/saved-filters', { name: `筛选${i}`, filter: { overdue: 'true' } }),
          201,
        );
      refused(
        await housing.post('/api/v1/saved-filters', { name: '第五十一个', filter: {} }),
        409,
        'conflict',
      );
      assert.equal((await new Client(app).get('/api/v1/saved-filters')).status, 401);
    });
  });
}
