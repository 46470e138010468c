import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, outboxPayloads, type TestContext } from '../support/db.js';
import { triageQueue } from '../../src/triage/queue.js';
import { Client, closeTestApp, ok, refused, testApp, type Res } from '../support/http.js';

type Event = {
  seq: number;
  type: string;
  payload: Record<string, any>;
  from_status: string;
  to_status: string;
};

for (const kind of dbKinds()) {
  describe(`merge, escalation, supervision and direct answers (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const otps = new Map<string, string>();
    let operator: Client, dispatcher: Client, supervisor: Client, housing: Client, urban: Client;
    let phoneSeq = 0;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      [housing, urban] = await Client.loginAll(app, 'handler.housing', 'handler.urban-mgmt');
    });
    after(() => closeTestApp(app, t));

    const nextPhone = () => `1365555${String(++phoneSeq).padStart(4, '0')}`;
    const file = async (extra: Record<string, unknown> = {}) =>
      ok(
        await operator.post('/api/v1/requests', {
          body: '小区东门外道路有大坑，车辆经过颠簸严重。',
          reporter: { name: '赵六', phone: nextPhone() },
          ...extra,
        }),
        201,
      );
    const view = async (id: number, c: Client = dispatcher) => ok(await c.get(`/api/v1/requests/${id}`));
    const timeline = async (id: number, c: Client = dispatcher) => (await view(id, c)).timeline as Event[];
    const outboxFor = async (id: number, topic: string) =>
      (await outboxPayloads(t.ctx.db, topic)).filter((p) => p.request_id === id);
    const dbRow = (id: number) =>
      t.ctx.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    /** A refused action leaves the request as it was and adds no event. */
    const refusedAction = async (id: number, send: () => Promise<Res>, status: number, code: string) => {
      await triageQueue(t.ctx.db).idle(); // its own writes are not the refused action's
      const before = await dbRow(id);
      const events = (await timeline(id)).length;
      const body = refused(await send(), status, code);
      assert.deepEqual(await dbRow(id), before);
      assert.equal((await timeline(id)).length, events);
      return body;
    };

    describe('merge', () => {
      /** Merging `id` into `into` (by the dispatcher, unless `by` is given) is refused and changes nothing. */
      const refusedMerge = (id: number, into: number, status: number, code: string, by = dispatcher) =>
        refusedAction(id, () => by.act(id, 'merge', { into_id: into }), status, code);

      let a: any, b: any;
      const replyText = '已安排养护单位对道路坑洼进行修补，本周内完成。';

      before(async () => {
        a = await file();
        b = await file({ body: '东门外的路上有个大坑，好几辆电动车摔倒了。' });
      });

      test('the dispatcher merges B into A: B is merged, A records the merge-in', async () => {
        const merged = ok(await dispatcher.act(b.id, 'merge', { into_id: a.id }));
        assert.equal(merged.status, 'merged');
        assert.equal(merged.merged_into_id, a.id);
        const mergeEvent = merged.timeline.at(-1) as Event;
        assert.equal(mergeEvent.type, 'merge');
        assert.equal(mergeEvent.from_status, 'registered');
        assert.equal(mergeEvent.to_status, 'merged');
        assert.equal(mergeEvent.payload.into_id, a.id);
        assert.equal(mergeEvent.payload.into_ticket_no, a.ticket_no);
        assert.equal((await dbRow(b.id)).merged_into_id, a.id);

        const aTimeline = await timeline(a.id);
        const mergeIn = aTimeline.filter((e) => e.type === 'merge-in');
        assert.equal(mergeIn.length, 1);
        assert.equal(mergeIn[0]!.payload.source_id, b.id);
        assert.equal(mergeIn[0]!.payload.source_ticket_no, b.ticket_no);
        assert.equal(mergeIn[0]!.to_status, 'registered');
        assert.equal((await view(a.id)).status, 'registered');
        assert.deepEqual(
          aTimeline.map((e) => e.seq),
          aTimeline.map((_, i) => i + 1),
        );
      });

      test('a merged request takes no further lifecycle actions', async () => {
        await refusedAction(
          b.id,
          () => dispatcher.act(b.id, 'dispatch', { department_code: 'housing' }),
          409,
          'illegal_transition',
        );
        assert.deepEqual((await view(b.id)).allowed_actions, []);
      });

      test("when A's department replies, B gets a merged-reply event and a request.replied message", async () => {
        ok(await dispatcher.act(a.id, 'dispatch', { department_code: 'housing' }));
        ok(await housing.act(a.id, 'sign'));
        assert.deepEqual(await outboxFor(b.id, 'request.replied'), []);
        const replied = ok(await housing.act(a.id, 'reply', { text: replyText }));
        assert.equal(replied.status, 'replied');

        const bTimeline = await timeline(b.id);
        const mergedReply = bTimeline.filter((e) => e.type === 'merged-reply');
        assert.equal(mergedReply.length, 1);
        assert.equal(mergedReply[0]!.payload.text, replyText);
        assert.equal(mergedReply[0]!.payload.from_ticket_no, a.ticket_no);
        assert.equal(mergedReply[0]!.to_status, 'merged');
        assert.equal((await view(b.id)).status, 'merged');

        const messages = await outboxFor(b.id, 'request.replied');
        assert.equal(messages.length, 1);
        assert.equal(messages[0]!.ticket_no, b.ticket_no);
        assert.equal(messages[0]!.via, a.ticket_no);
        assert.equal((await outboxFor(a.id, 'request.replied')).length, 1);
      });

      test("B's reporter sees the merge and the reply on their own timeline", async () => {
        const row = await dbRow(b.id);
        const phone = t.ctx.vault.decrypt(row.reporter_phone_enc!);
        const resident = await Client.resident(app, otps, phone);
        const mine = ok(await resident.get(`/api/v1/requests/${b.id}`));
        const types = (mine.timeline as Event[]).map((e) => e.type);
        assert.deepEqual(types, ['register', 'merge', 'merged-reply']);
        assert.equal((mine.timeline as Event[])[2]!.payload.text, replyText);
        assert.equal((await resident.get(`/api/v1/requests/${a.id}`)).status, 404);
      });

      test('merging into itself answers 400', async () => {
        const c = await file();
        const res = await refusedMerge(c.id, c.id, 400, 'validation_failed');
        assert.match(JSON.stringify(res.error.details), /into_id/);
      });

      test('merging into a merged or a closed request answers 400', async () => {
        const c = await file();
        await refusedMerge(c.id, b.id, 400, 'validation_failed');
        const closed = await file({ type: '咨询' });
        ok(await operator.act(closed.id, 'answer-directly', { text: '请咨询社区居委会。' }));
        ok(await operator.act(closed.id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
        assert.equal(ok(await operator.act(closed.id, 'close')).status, 'closed');
        const res = await refusedMerge(c.id, closed.id, 400, 'validation_failed');
        assert.match(JSON.stringify(res.error.details), /closed/);
        assert.equal((await timeline(closed.id)).filter((e) => e.type === 'merge-in').length, 0);
      });

      test('merging from a signed request answers 409 illegal_transition', async () => {
        const target = await file();
        const s = await file();
        ok(await dispatcher.act(s.id, 'dispatch', { department_code: 'housing' }));
        ok(await housing.act(s.id, 'sign'));
        const res = await refusedMerge(s.id, target.id, 409, 'illegal_transition');
        assert.equal(res.error.details.status, 'signed');
        assert.equal((await timeline(target.id)).filter((e) => e.type === 'merge-in').length, 0);
      });

      test('only a dispatcher may merge (403 for the operator and the supervisor)', async () => {
        const target = await file();
        const s = await file();
        await refusedMerge(s.id, target.id, 403, 'forbidden', operator);
        await refusedMerge(s.id, target.id, 403, 'forbidden', supervisor);
      });

      test('merging A into B and B into A at the same time: one wins, the other gets a 4xx, never a 500', async () => {
        for (let i = 0; i < 5; i++) {
          const x = await file();
          const y = await file();
          const results = await Promise.all([
            dispatcher.act(x.id, 'merge', { into_id: y.id }, 1),
            dispatcher.act(y.id, 'merge', { into_id: x.id }, 1),
          ]);
          const statuses = results.map((r) => r.status).sort();
          assert.equal(statuses[0], 200, JSON.stringify(results.map((r) => r.body)));
          assert.ok(statuses[1]! >= 400 && statuses[1]! < 500, JSON.stringify(results.map((r) => r.body)));
          const rows = [await dbRow(x.id), await dbRow(y.id)];
          assert.equal(rows.filter((r) => r.status === 'merged').length, 1, 'no merge cycle');
          const merged = rows.find((r) => r.status === 'merged')!;
          const target = rows.find((r) => r.status !== 'merged')!;
          assert.equal(merged.merged_into_id, target.id);
          assert.equal(target.merged_into_id, null);
          assert.equal((await timeline(target.id)).filter((e) => e.type === 'merge-in').length, 1);
        }
      });

      test('an action on A while B is merged into A: both succeed, never a 500, seqs stay gapless', async () => {
        for (let i = 0; i < 8; i++) {
          const x = await file();
          const y = await file();
          const [supervised, merged] = await Promise.all([
            supervisor.act(x.id, 'supervise', { note: '请加快办理' }, 1),
            dispatcher.act(y.id, 'merge', { into_id: x.id }, 1),
          ]);
          assert.equal(supervised.status, 200, JSON.stringify(supervised.body));
          assert.equal(merged.status, 200, JSON.stringify(merged.body));
          const events = await timeline(x.id);
          assert.deepEqual(events.map((e) => e.type).sort(), ['merge-in', 'register', 'supervise']);
          assert.deepEqual(
            events.map((e) => e.seq),
            [1, 2, 3],
          );
        }
      });

      test('a merge chain (B into A, then A into C) passes the reply on C down to B', async () => {
        const cA = await file();
        const cB = await file();
        const cC = await file();
        ok(await dispatcher.act(cB.id, 'merge', { into_id: cA.id }));
        ok(await dispatcher.act(cA.id, 'merge', { into_id: cC.id }));
        const text = '已完成道路修补。';
        ok(await operator.act(cC.id, 'answer-directly', { text }));
        assert.equal((await timeline(cA.id)).filter((e) => e.type === 'merged-reply').length, 1);
        const bReplies = (await timeline(cB.id)).filter((e) => e.type === 'merged-reply');
        assert.equal(bReplies.length, 1, "B's reporter must receive the answer given on C");
        assert.equal(bReplies[0]!.payload.text, text);
        assert.equal((await outboxFor(cB.id, 'request.replied')).length, 1);
      });
    });

    describe('escalation after repeated returns', () => {
      let r: any;
      before(async () => {
        r = await file();
      });

      test('the first return does not escalate', async () => {
        ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
        const returned = ok(await housing.act(r.id, 'return', { reason: '不属于本部门职责' }));
        assert.equal(returned.status, 'returned');
        assert.equal(returned.return_count, 1);
        assert.equal(returned.escalated, false);
        assert.equal((returned.timeline as Event[]).filter((e) => e.type === 'escalate').length, 0);
        assert.deepEqual(await outboxFor(r.id, 'request.escalated'), []);
      });

      test('the second return (BANSHI_RETURN_ESCALATION=2) escalates with an event and a message', async () => {
        assert.equal(t.config.returnEscalation, 2);
        ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'urban-mgmt' }));
        ok(await urban.act(r.id, 'sign'));
        const returned = ok(await urban.act(r.id, 'return', { reason: '应由住建部门处理' }));
        assert.equal(returned.status, 'returned');
        assert.equal(returned.return_count, 2);
        assert.equal(returned.escalated, true);
        const events = returned.timeline as Event[];
        const last = events.at(-1)!;
        assert.equal(last.type, 'escalate');
        assert.equal(last.payload.reason, 'returns');
        assert.equal(last.payload.return_count, 2);
        assert.equal(events.at(-2)!.type, 'return');
        assert.equal(events.filter((e) => e.type === 'escalate').length, 1);
        const messages = await outboxFor(r.id, 'request.escalated');
        assert.equal(messages.length, 1);
        assert.equal(messages[0]!.return_count, 2);
        assert.equal(messages[0]!.ticket_no, r.ticket_no);
        assert.equal((await dbRow(r.id)).escalated, true);
      });

      test('the escalated request shows in the escalated queue', async () => {
        const list = ok(await dispatcher.get('/api/v1/requests?escalated=true&page_size=200'));
        assert.ok(list.items.some((x: any) => x.id === r.id));
        const notEscalated = ok(await dispatcher.get('/api/v1/requests?escalated=false&page_size=200'));
        assert.ok(!notEscalated.items.some((x: any) => x.id === r.id));
      });
    });

    describe('supervision', () => {
      let s: any;
      before(async () => {
        s = await file();
        ok(await dispatcher.act(s.id, 'dispatch', { department_code: 'housing' }));
      });

      test('a handler cannot supervise (403)', async () => {
        await refusedAction(
          s.id,
          () => housing.act(s.id, 'supervise', { note: '加快办理' }),
          403,
          'forbidden',
        );
        assert.equal((await dbRow(s.id)).supervised, false);
      });

      test('supervise needs a note (400)', async () => {
        await refusedAction(s.id, () => supervisor.act(s.id, 'supervise', {}), 400, 'validation_failed');
      });

      test('the supervisor supervises: supervised=true, an event and a message; the status is kept', async () => {
        const body = ok(await supervisor.act(s.id, 'supervise', { note: '群众反映强烈，请加快办理' }));
        assert.equal(body.supervised, true);
        assert.equal(body.status, 'dispatched');
        const e = (body.timeline as Event[]).at(-1)!;
        assert.equal(e.type, 'supervise');
        assert.equal(e.payload.text, '群众反映强烈，请加快办理');
        assert.equal(e.from_status, 'dispatched');
        assert.equal(e.to_status, 'dispatched');
        assert.equal((await outboxFor(s.id, 'request.supervised')).length, 1);
        assert.equal((await dbRow(s.id)).supervised, true);
        const queue = ok(await supervisor.get('/api/v1/requests?supervised=true&page_size=200'));
        assert.ok(queue.items.some((x: any) => x.id === s.id));
        const handlerView = ok(await housing.get(`/api/v1/requests/${s.id}`));
        assert.equal(handlerView.supervised, true);
      });
    });

    describe('answer directly', () => {
      let q: any;
      const text = '办理居住证需携带身份证和租房合同到社区服务中心办理。';
      before(async () => {
        q = await file({ type: '咨询', body: '请问办理居住证需要什么材料？' });
      });

      test('the operator answers a 咨询 directly: replied, no department', async () => {
        const body = ok(await operator.act(q.id, 'answer-directly', { text }));
        assert.equal(body.status, 'replied');
        assert.equal(body.department_code, null);
        assert.ok(body.replied_at);
        assert.equal(body.dispatched_at, null);
        const e = (body.timeline as Event[]).at(-1)!;
        assert.equal(e.type, 'answer-directly');
        assert.equal(e.payload.text, text);
        assert.equal(e.from_status, 'registered');
        assert.equal(e.to_status, 'replied');
        const messages = await outboxFor(q.id, 'request.replied');
        assert.equal(messages.length, 1);
        assert.equal(messages[0]!.text, text);
        assert.ok(body.allowed_actions.includes('follow-up'));
        assert.ok(!body.allowed_actions.includes('dispatch'));
      });

      test('it cannot be answered twice or dispatched afterwards (409)', async () => {
        await refusedAction(
          q.id,
          () => operator.act(q.id, 'answer-directly', { text: '再答一次' }),
          409,
          'illegal_transition',
        );
        await refusedAction(
          q.id,
          () => dispatcher.act(q.id, 'dispatch', { department_code: 'housing' }),
          409,
          'illegal_transition',
        );
      });

      test('then follow-up and close work', async () => {
        const fu = ok(await operator.act(q.id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
        assert.equal(fu.status, 'followed_up');
        assert.equal(fu.followup.satisfaction, 'satisfied');
        assert.equal(fu.followup.by, 'operator');
        const closed = ok(await operator.act(q.id, 'close'));
        assert.equal(closed.status, 'closed');
        assert.ok(closed.closed_at);
        assert.equal(closed.department_code, null);
        assert.deepEqual(
          (closed.timeline as Event[]).map((e) => e.type),
          ['register', 'answer-directly', 'follow-up', 'close'],
        );
        assert.equal((await outboxFor(q.id, 'request.closed')).length, 1);
      });

      test('a handler or a supervisor cannot answer directly (403/404)', async () => {
        const other = await file({ type: '咨询' });
        await refusedAction(
          other.id,
          () => supervisor.act(other.id, 'answer-directly', { text }),
          403,
          'forbidden',
        );
        await refusedAction(
          other.id,
          () => housing.act(other.id, 'answer-directly', { text }, 1),
          404,
          'not_found',
        );
      });
    });
  });
}
