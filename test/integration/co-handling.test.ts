/**
 * 吹哨报到 co-handling over HTTP, on both databases: a request dispatched to a lead department (主办) with
 * co-handling departments (协办), each signing (报到) within its own deadline and submitting its part before the
 * lead replies for all; a department whistled in later (吹哨); a co-department released by the centre; who may do
 * what; refusals that leave nothing behind; and each department's own response in its 响应率.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { countsBy } from '../../src/metrics/query.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { PNG } from '../support/files.js';
import { Client, closeTestApp, ok, refused, testApp, tokenFor } from '../support/http.js';

const DAY = 86_400_000;
const J = 'xiangcheng';

for (const kind of dbKinds()) {
  describe(`吹哨报到 co-handling (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    // a Monday morning in Shanghai, so that deadlines count whole working days
    let clock = new Date('2026-03-02T02:00:00Z');
    let operator: Client, dispatcher: Client, supervisor: Client;
    let housing: Client, housingHead: Client, urban: Client, ecology: Client, transport: Client;
    let urbanToken = '';

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock };
      app = await testApp(ctx);
      // logged in at the end of the year: the sessions outlive every moment the tests set the clock to
      const start = clock;
      clock = new Date('2026-12-31T00:00:00Z');
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      [housing, housingHead, urban, ecology, transport] = await Client.loginAll(
        app,
        'handler.housing',
        'head.housing',
        'handler.urban-mgmt',
        'handler.ecology',
        'handler.transport',
      );
      urbanToken = await tokenFor(app, 'handler.urban-mgmt');
      clock = start;
    });
    after(() => closeTestApp(app, t));

    /** A request the desk registers, dispatched to 住建局 (the lead) with these co-departments; its answer. */
    async function coHandled(body: string, coDepartments: string[]): Promise<any> {
      const r = ok(
        await operator.post('/api/v1/requests', {
          body,
          category_code: '010201',
          reporter: { phone: '13811113333' },
        }),
        201,
      );
      return ok(
        await dispatcher.act(r.id, 'dispatch', {
          department_code: 'housing',
          co_department_codes: coDepartments,
        }),
      );
    }
    const get = async (c: Client, id: number) => ok(await c.get(`/api/v1/requests/${id}`));
    const coOf = (r: { co_handlers: { department_code: string }[] }, code: string) =>
      r.co_handlers.find((c) => c.department_code === code) as Record<string, any>;
    /** What a refused action must leave unchanged: the request, its timeline and its co-handlers. */
    const state = async (id: number) => {
      const r = await get(dispatcher, id);
      return {
        version: r.version,
        events: r.timeline.length,
        co: r.co_handlers,
        codes: r.co_department_codes,
      };
    };

    test('dispatched with two co-departments, each signs and submits its part, the lead replies for all', async () => {
      const d = await coHandled('小区门口道路积水，排水管堵塞，路灯也不亮', ['urban-mgmt', 'ecology']);
      const id: number = d.id;
      assert.deepEqual(d.co_department_codes, ['urban-mgmt', 'ecology']);
      assert.deepEqual(
        d.co_handlers.map((c: { department_code: string; state: string; added_via: string }) => [
          c.department_code,
          c.state,
          c.added_via,
        ]),
        [
          ['ecology', 'awaiting_sign', 'dispatch'],
          ['urban-mgmt', 'awaiting_sign', 'dispatch'],
        ],
      );
      // the co-departments sign by the lead's own sign deadline
      for (const c of d.co_handlers) assert.equal(c.sign_by, d.deadlines.sign_by);
      const dispatchEvent = d.timeline.at(-1);
      assert.deepEqual(dispatchEvent.payload.co_department_codes, ['urban-mgmt', 'ecology']);

      // a co-department reads it as 协办, with the actions on its part only; another department does not see it
      const asCo = await get(urban, id);
      assert.equal(asCo.handling_role, 'co');
      assert.deepEqual(asCo.allowed_actions, ['co-sign']);
      assert.equal(asCo.reporter.phone, '138****3333', 'the reporter masked, as for any department');
      assert.equal((await get(housing, id)).handling_role, 'lead');
      refused(await transport.get(`/api/v1/requests/${id}`), 404, 'not_found');
      const list = ok(await urban.get('/api/v1/requests?page_size=50'));
      assert.equal(list.items.find((r: { id: number }) => r.id === id)?.handling_role, 'co');

      // a co-department acts on its part only
      const inputs: Record<string, Record<string, unknown>> = {
        sign: {},
        reply: { text: '已处理' },
        'reveal-contact': {},
        return: { reason: '不归我们管' },
        whistle: { department_codes: ['transport'] },
      };
      for (const [action, input] of Object.entries(inputs))
        refused(await urban.act(id, action, input), 403, 'forbidden');
      refused(await urban.act(id, 'co-submit', { note: '管道已疏通' }), 409, 'illegal_transition');
      clock = new Date(clock.getTime() + 3_600_000);
      const signed = ok(await urban.act(id, 'co-sign'));
      assert.equal(coOf(signed, 'urban-mgmt').state, 'signed');
      assert.equal(coOf(signed, 'urban-mgmt').sign_late, false);
      assert.deepEqual(signed.allowed_actions, ['co-submit']);
      refused(await urban.act(id, 'co-sign'), 409, 'illegal_transition');

      // the lead signs and contacts; its reply waits for both parts
      ok(await housing.act(id, 'sign'));
      ok(await housing.act(id, 'contact', { note: '已电话联系居民' }));
      const before = await get(housing, id);
      assert.ok(!before.allowed_actions.includes('reply'));
      const early = refused(
        await housing.act(id, 'reply', { text: '已处理完毕' }),
        409,
        'illegal_transition',
      );
      assert.ok(!early.error.details.allowed_actions.includes('reply'));

      // the first part, with a photo of the request
      const photo = await app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/attachments`,
        headers: { authorization: `Bearer ${urbanToken}`, 'content-type': 'image/png' },
        payload: PNG,
      });
      assert.equal(photo.statusCode, 201, photo.body);
      const part = ok(
        await urban.act(id, 'co-submit', {
          note: '排水管已疏通，积水已排除',
          attachment_ids: [photo.json().id],
        }),
      );
      assert.deepEqual(coOf(part, 'urban-mgmt').part.attachment_ids, [photo.json().id]);
      assert.equal(coOf(part, 'urban-mgmt').state, 'submitted');
      refused(await ecology.act(id, 'co-submit', { note: '未报到先提交' }), 409, 'illegal_transition');
      ok(await ecology.act(id, 'co-sign'));
      ok(await ecology.act(id, 'co-submit', { note: '路灯已报修' }));

      // the lead sees both parts on the timeline and replies for all
      const lead = await get(housing, id);
      const parts = lead.timeline.filter((e: { type: string }) => e.type === 'co-submit');
      assert.deepEqual(
        parts.map((e: { payload: { department_code: string } }) => e.payload.department_code),
        ['urban-mgmt', 'ecology'],
      );
      assert.ok(lead.allowed_actions.includes('reply'));
      const replied = ok(
        await housing.act(id, 'reply', {
          text: '经住建、城管、生态环境部门协同处理，积水已排除，路灯已修复。',
        }),
      );
      assert.equal(replied.status, 'replied');
      // once replied, nothing more of the co-departments
      assert.deepEqual((await get(urban, id)).allowed_actions, []);

      // the resident sees neither the co-departments nor their parts
      const timelineTypes = (await get(operator, id)).timeline.map((e: { type: string }) => e.type);
      assert.ok(timelineTypes.includes('co-sign') && timelineTypes.includes('co-submit'));
    });

    test('吹哨: the lead or a dispatcher whistles a department in later; its deadline counts from then', async () => {
      const id = (await coHandled('楼道堆放杂物，消防通道堵塞', [])).id;
      ok(await housing.act(id, 'sign'));
      clock = new Date(clock.getTime() + DAY);
      const w = ok(
        await housing.act(id, 'whistle', { department_codes: ['urban-mgmt'], note: '需城管协助清理' }),
      );
      const co = coOf(w, 'urban-mgmt');
      assert.equal(co.added_via, 'whistle');
      assert.ok(
        new Date(co.sign_by) > new Date(w.deadlines.sign_by),
        'counted from the whistle, not the dispatch',
      );
      const event = w.timeline.at(-1);
      assert.equal(event.type, 'whistle');
      assert.equal(event.payload.sign_by, co.sign_by);
      ok(await housingHead.act(id, 'whistle', { department_codes: ['ecology'] }));
      ok(await dispatcher.act(id, 'whistle', { department_codes: ['transport'] }));
      assert.deepEqual([...(await get(housing, id)).co_department_codes].sort(), [
        'ecology',
        'transport',
        'urban-mgmt',
      ]);

      // refusals leave nothing behind
      const was = await state(id);
      refused(await urban.act(id, 'whistle', { department_codes: ['education'] }), 403, 'forbidden');
      refused(await operator.act(id, 'whistle', { department_codes: ['education'] }), 403, 'forbidden');
      for (const codes of [['housing'], ['urban-mgmt'], ['education', 'education'], []])
        refused(await housing.act(id, 'whistle', { department_codes: codes }), 400, 'validation_failed');
      refused(
        await housing.act(id, 'whistle', { department_codes: ['education', 'no-such-department'] }),
        422,
        'unknown_reference',
      );
      assert.deepEqual(await state(id), was);
    });

    test('the centre releases a co-department that does not answer, so that the lead may reply', async () => {
      const id = (await coHandled('夜间施工噪音扰民', ['ecology'])).id;
      ok(await housing.act(id, 'sign'));
      refused(await housing.act(id, 'reply', { text: '已处理' }), 409, 'illegal_transition');
      refused(
        await housing.act(id, 'release-co-handler', { department_code: 'ecology', reason: '未报到' }),
        403,
        'forbidden',
      );
      const was = await state(id);
      refused(
        await supervisor.act(id, 'release-co-handler', { department_code: 'urban-mgmt', reason: '未报到' }),
        400,
        'validation_failed',
      );
      assert.deepEqual(await state(id), was);
      const released = ok(
        await supervisor.act(id, 'release-co-handler', {
          department_code: 'ecology',
          reason: '逾期未报到，由主办答复',
        }),
      );
      assert.deepEqual(released.co_department_codes, []);
      assert.equal(coOf(released, 'ecology').state, 'released');
      refused(await ecology.get(`/api/v1/requests/${id}`), 404, 'not_found');
      ok(await housing.act(id, 'reply', { text: '已责令施工单位夜间停工。' }));
    });

    test('a return keeps the co-departments, which go on with their part until the reply', async () => {
      const id = (await coHandled('共享单车乱停放', ['transport'])).id;
      ok(await housing.act(id, 'return', { reason: '不属于本部门职责' }));
      const returned = await get(transport, id);
      assert.equal(returned.status, 'returned');
      assert.equal(returned.handling_role, 'co');
      ok(await transport.act(id, 'co-sign'));
      refused(
        await dispatcher.act(id, 'dispatch', { department_code: 'transport' }),
        400,
        'validation_failed',
      );
      ok(await dispatcher.act(id, 'dispatch', { department_code: 'urban-mgmt' }));
      const again = await get(urban, id);
      assert.equal(again.handling_role, 'lead');
      assert.equal(coOf(again, 'transport').state, 'signed');
    });

    test('响应率: each department’s own response counts, a co-department’s sign by its own deadline', async () => {
      const from = new Date('2026-04-01T00:00:00Z');
      clock = new Date('2026-04-06T02:00:00Z'); // a Monday
      const onTime = (await coHandled('绿化带杂草丛生', ['ecology'])).id;
      const late = (await coHandled('垃圾清运不及时', ['ecology'])).id;
      ok(await ecology.act(onTime, 'co-sign'));
      clock = new Date(clock.getTime() + 5 * DAY);
      ok(await ecology.act(late, 'co-sign'));
      assert.equal(coOf(await get(ecology, late), 'ecology').sign_late, true);

      const to = new Date('2026-05-01T00:00:00Z');
      const byDepartment = await countsBy(ctx.db, {
        jurisdictionId: J,
        from,
        to,
        now: clock,
        groupBy: 'department',
      });
      const ecologyCounts = byDepartment.find((g) => g.key === 'ecology')!.counts;
      assert.equal(ecologyCounts.dispatched, 2);
      assert.equal(ecologyCounts.responded, 1);
      assert.equal(ecologyCounts.total, 0, 'the requests are counted once, with their lead');
      const housingCounts = byDepartment.find((g) => g.key === 'housing')!.counts;
      assert.equal(housingCounts.total, 2);
      assert.equal(housingCounts.dispatched, 2);

      // the overall figures count each request once; a head reads their department's line with its co-handling
      const metrics = ok(
        await supervisor.get(
          `/api/v1/metrics?by=department&from=${from.toISOString()}&to=${to.toISOString()}`,
        ),
      );
      assert.equal(metrics.overall.dispatched, 2);
      const ecologyLine = metrics.groups.find((g: { key: string }) => g.key === 'ecology');
      assert.equal(ecologyLine.response_rate, 0.5);
    });
  });
}
