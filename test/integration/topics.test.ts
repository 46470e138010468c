import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import type { Role } from '../../src/db/schema.js';
import type { Actor } from '../../src/http/actor.js';
import { systemActor } from '../../src/http/actor.js';
import { AppError } from '../../src/http/errors.js';
import { ApiRegistry } from '../../src/http/route.js';
import { registerRequest } from '../../src/requests/commands/register.js';
import { queryTopics } from '../../src/text/topics-query.js';
import { topicsRoutes } from '../../src/text/topics-routes.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { closeTestApp } from '../support/http.js';

const DAY = 86_400_000;
const MIXER = [
  '望亭镇新建搅拌站噪音扰民，粉尘很大',
  '搅拌站日夜施工噪音太大，粉尘污染严重',
  '投诉搅拌站粉尘噪音，影响居民休息',
  '搅拌站运渣车噪音和粉尘扰民，请求搬迁',
];
const FUND = ['咨询公积金贷款额度和条件', '公积金贷款审批太慢，何时放款', '异地缴存公积金能否申请贷款'];
const BEFORE = [
  '搅拌站施工噪音很大，担心粉尘污染',
  '公积金贷款利率是多少，额度多少',
  '公积金提取偿还贷款怎么办理',
];

for (const kind of dbKinds()) {
  describe(`hot topics (${kind})`, () => {
    let t: TestContext;
    let j: string;
    let app: FastifyInstance;
    const now = new Date();
    const from = new Date(now.getTime() - 30 * DAY);

    const file = (body: string, area: string, at: Date) =>
      registerRequest(
        { ...t.ctx, now: () => at },
        {
          actor: systemActor(j, 'test'),
          channel: 'hotline',
          input: { title: body.slice(0, 12), body, area_code: area, reporter: { phone: '13800138000' } },
        },
      );

    before(async () => {
      t = await openTestContext(kind);
      j = (await t.ctx.db.selectFrom('jurisdictions').select('jurisdiction_id').executeTakeFirstOrThrow())
        .jurisdiction_id;
      for (const [i, body] of MIXER.entries())
        await file(body, 'xc-wangting-guoyuan', new Date(now.getTime() - (i + 1) * DAY));
      for (const [i, body] of FUND.entries())
        await file(body, 'xc-huangdai-chunshen', new Date(now.getTime() - (i + 2) * DAY));
      for (const [i, body] of BEFORE.entries())
        await file(body, 'xc-wangting-guoyuan', new Date(from.getTime() - (i + 1) * DAY));
      app = await routeApp(t.ctx);
    });
    after(() => closeTestApp(app, t));

    test('topics of the period with their trend, and only below an area', async () => {
      const all = await queryTopics(t.ctx.db, { jurisdictionId: j, from, to: now });
      assert.deepEqual(all.analysed, { current: 7, previous: 3 });
      assert.equal(all.truncated, false);
      const [mixer, fund] = all.topics;
      assert.ok(mixer!.keywords.includes('搅拌站'), mixer!.keywords.join(' '));
      assert.equal(mixer!.count, 4);
      assert.equal(mixer!.trend.previous, 1);
      assert.deepEqual(mixer!.areas, [{ code: 'xc-wangting-guoyuan', count: 4 }]);
      assert.equal(mixer!.samples.length, 3);
      assert.ok(mixer!.samples.every((s) => s.ticket_no && s.title));
      assert.ok(fund!.keywords.includes('公积金'));
      assert.equal(fund!.count, 3);
      // A street covers its communities: 望亭镇 holds the mixer complaints only.
      const street = await queryTopics(t.ctx.db, {
        jurisdictionId: j,
        from,
        to: now,
        areaCode: 'xc-wangting',
      });
      assert.equal(street.analysed.current, 4);
      assert.equal(street.topics.length, 1);
      assert.ok(street.topics[0]!.keywords.includes('搅拌站'));
    });

    test('GET /api/v1/topics: supervisors read it; operators may not; bad periods and areas are refused', async () => {
      const get = (role: Role, qs = '') =>
        app.inject({ method: 'GET', url: `/api/v1/topics${qs}`, headers: { 'x-role': role } });
      const ok = await get('supervisor', `?from=${from.toISOString()}&to=${now.toISOString()}&limit=5`);
      assert.equal(ok.statusCode, 200, ok.body);
      const body = ok.json();
      assert.equal(body.topics.length, 2);
      assert.equal(body.topics[0].rank, 1);
      assert.equal((await get('dispatcher')).statusCode, 200);
      assert.equal((await get('operator')).statusCode, 403);
      assert.equal(
        (await get('supervisor', `?from=${now.toISOString()}&to=${from.toISOString()}`)).statusCode,
        400,
      );
      assert.equal((await get('supervisor', '?area=nowhere')).statusCode, 422);
    });

    /** The route on a bare Fastify: the role comes from a header instead of a session. */
    async function routeApp(ctx: AppContext) {
      const fastify = Fastify();
      fastify.setErrorHandler((err, _req, reply) =>
        reply.code(err instanceof AppError ? err.status : 500).send({ error: (err as AppError).code }),
      );
      const authenticate = async (req: { headers: Record<string, unknown> }): Promise<Actor> => ({
        kind: 'user',
        jurisdictionId: j,
        userId: 1,
        role: req.headers['x-role'] as Role,
        departmentCode: null,
        areaCode: null,
        label: 'test',
      });
      topicsRoutes(new ApiRegistry(fastify, authenticate, 100), ctx);
      await fastify.ready();
      return fastify;
    }
  });
}
