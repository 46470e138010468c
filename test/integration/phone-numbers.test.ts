/**
 * Phone numbers as people type them (issue 13, bugs 4 and 8): every route that takes a phone reads it through
 * one normaliser, stores its canonical form, finds the caller's requests by the canonical form's keyed hash, and
 * refuses anything else with `invalid_phone` naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`phone numbers (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let operator: Client, fieldworker: Client;
    const otps = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, fieldworker] = await Client.loginAll(app, 'operator', 'fieldworker');
    });
    after(() => closeTestApp(app, t));

    const register = (phone: string) =>
      operator.post('/api/v1/requests', { body: '路灯不亮', reporter: { phone } });

    test('numbers that are no phone are refused with invalid_phone, naming the field', async () => {
      for (const phone of ['abc', '12', '1380000000测试', '1380000000', '65551234', '13800000000 转 12']) {
        const body = refused(await register(phone), 400, 'invalid_phone');
        assert.equal(body.error.details.issues[0].path, 'reporter.phone', phone);
        assert.match(body.error.message, /^电话号码格式不正确：/);
      }
    });

    test('a mobile typed with separators, a prefix or full-width digits is stored as its 11 digits', async () => {
      const hashes = new Set<string>();
      for (const phone of ['138-0000-0000', '+86 138 0000 0000', '138 0000 0000', '１３８００００００００']) {
        const created = ok(await register(phone), 201);
        assert.equal(created.reporter.phone, '138****0000');
        const row = await t.ctx.db
          .selectFrom('requests')
          .select(['reporter_phone_enc', 'reporter_phone_hash'])
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        assert.equal(t.ctx.vault.decrypt(row.reporter_phone_enc!), '13800000000');
        hashes.add(row.reporter_phone_hash!);
      }
      assert.deepEqual([...hashes], [t.ctx.vault.hash('13800000000')]);
    });

    test('fixed lines, service numbers and extensions are taken in their canonical form', async () => {
      for (const [phone, stored, mask] of [
        ['010-12345678', '01012345678', '*******5678'],
        ['0512 6555 1234 转 123', '051265551234-123', '********1234-123'],
        ['400-123-4567', '4001234567', '******4567'],
      ] as const) {
        const created = ok(await register(phone), 201);
        assert.equal(created.reporter.phone, mask);
        const row = await t.ctx.db
          .selectFrom('requests')
          .select('reporter_phone_enc')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        assert.equal(t.ctx.vault.decrypt(row.reporter_phone_enc!), stored);
      }
    });

    test('the resident who logs in with the number however typed sees the calls made from it', async () => {
      const resident = new Client(app);
      ok(await resident.post('/api/v1/auth/otp', { phone: '+86 138-0000-0000' }));
      const code = otps.get('13800000000');
      assert.ok(code, 'the code went to the canonical number');
      const login = ok(await resident.post('/api/v1/auth/otp/verify', { phone: '138 0000 0000', code }));
      const mine = ok(await Client.withToken(app, login.token).get('/api/v1/requests'));
      assert.equal(mine.total, 4);
      refused(await resident.post('/api/v1/auth/otp', { phone: '010-12345678' }), 400, 'invalid_phone');
      refused(await resident.post('/api/v1/auth/otp', { phone: 'abc' }), 400, 'invalid_phone');
    });

    test('a visit takes the household phone through the same rules', async () => {
      const visit = (phone: string) =>
        fieldworker.post('/api/v1/visits', {
          visitor_kind: 'grid_worker',
          visitee: { kind: 'household', name: '孙银龙', phone },
          visited_at: new Date(Date.now() - 3_600_000).toISOString(),
          area_code: 'xc-wangting-guoyuan',
          needs: [{ body: '希望增设老年助餐点', type: '求助' }],
        });
      const body = refused(await visit('12345'), 400, 'invalid_phone');
      assert.equal(body.error.details.issues[0].path, 'visitee.phone');
      ok(await visit('139-1234-0000'), 201);
    });
  });
}
