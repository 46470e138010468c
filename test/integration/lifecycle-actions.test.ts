/**
 * Issue 13's lifecycle actions over HTTP, on both databases: 作废 (void), 撤单 (withdraw), 催办 (chase-up),
 * 补充信息 (add information), and an extension granted on a request already overdue (a supervisor's exception).
 * Each checks who may do it, what the request and its timeline say after it, what the public sees and how the
 * figures count it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { sweepDeadlines } from '../../src/jobs/sweeps.js';
import { ZERO_COUNTS, type Counts } from '../../src/metrics/definitions.js';
import { countsBy } from '../../src/metrics/query.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { complaintToHousing } from '../support/requests.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const J = 'xiangcheng';

for (const kind of dbKinds()) {
  describe(`void, withdraw, chase-up, add information, overdue extension (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    let clock = new Date();
    const realNow = new Date();
    const otps = new Map<string, string>();
    let operator: Client, dispatcher: Client, supervisor: Client, handler: Client, head: Client;
    let resident: Client, other: Client;
    const phone = '13811112222';

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock };
      app = await testApp(ctx, { deliverOtp: async (p, code) => void otps.set(p, code) });
      [operator, dispatcher, supervisor] = await Client.loginAll(app, 'operator', 'dispatcher', 'supervisor');
      handler = await Client.login(app, 'handler.housing');
      head = await Client.login(app, 'head.housing');
      resident = await Client.resident(app, otps, phone);
      other = await Client.resident(app, otps, '13900009999');
    });
    after(() => closeTestApp(app, t));

    /** A request the operator registers for the resident, dispatched to 住建局 unless told otherwise. */
    async function filed(body: string, opts: { dispatch?: boolean } = {}): Promise<number> {
      const r = await complaintToHousing(
        { operator, dispatcher },
        { body, reporter: { name: '李四', phone } },
        opts,
      );
      return r.id;
    }
    const get = async (c: Client, id: number) => ok(await c.get(`/api/v1/requests/${id}`));
    /** The figures of the last ten days: whole days from the roll-up, today counted live. */
    const figures = async (): Promise<Counts> => {
      const groups = await countsBy(ctx.db, {
        jurisdictionId: J,
        from: new Date(clock.getTime() - 10 * DAY),
        to: new Date(clock.getTime() + DAY),
        now: clock,
        groupBy: 'none',
      });
      return groups[0]?.counts ?? ZERO_COUNTS;
    };

    test('作废: the desk voids a junk ticket with a reason; it is terminal, in no figure and never public', async () => {
      clock = new Date(realNow.getTime() - 3 * DAY);
      const id = await filed('测试工单，请忽略 void-me');
      const ticket = (await get(operator, id)).ticket_no;
      clock = realNow;
      const before = await figures();
      const listed = ok(await new Client(app).get('/api/v1/public/requests'));
      assert.ok(
        listed.items.some((r: any) => r.ticket_no === ticket),
        'public before it is voided',
      );
      ok(await new Client(app).get(`/open311/v2/requests/${ticket}.json`));

      refused(await resident.act(id, 'void', { reason: '不想要了' }), 403, 'forbidden');
      refused(await handler.act(id, 'void', { reason: '测试' }), 403, 'forbidden');
      refused(await operator.act(id, 'void', {}), 400, 'validation_failed');
      const voided = ok(await operator.act(id, 'void', { reason: '测试工单' }));
      assert.equal(voided.status, 'voided');
      assert.deepEqual(voided.allowed_actions, []);
      const event = voided.timeline.at(-1);
      assert.equal(event.type, 'void');
      assert.equal(event.payload.text, '测试工单');
      refused(await operator.act(id, 'add-note', { note: 'x' }), 409, 'illegal_transition');

      const afterVoid = await figures();
      assert.equal(afterVoid.total, before.total - 1);
      assert.equal(afterVoid.dispatched, before.dispatched - 1);
      assert.equal(afterVoid.withdrawn, before.withdrawn);
      const publicAfter = ok(await new Client(app).get('/api/v1/public/requests'));
      assert.ok(!publicAfter.items.some((r: any) => r.ticket_no === ticket), 'never public once voided');
      assert.equal((await new Client(app).get(`/open311/v2/requests/${ticket}.json`)).status, 404);
      const feed = ok(await new Client(app).get(`/open311/v2/servicerequestupdates.json`));
      assert.ok(!JSON.stringify(feed).includes(ticket), 'not in the update feed');
    });

    test('催办: the resident chases once an hour; the department sees the count and the event', async () => {
      const id = await filed('楼道灯坏了一个月没人修');
      refused(await other.act(id, 'chase', {}, 1), 404, 'not_found');
      const first = ok(await resident.act(id, 'chase', { note: '请尽快处理' }));
      assert.equal(first.chase_count, 1);
      assert.equal(first.timeline.at(-1).type, 'chase');
      const again = refused(await resident.act(id, 'chase'), 429, 'chase_too_soon');
      assert.ok(again.error.details.retry_after_s > 0 && again.error.details.retry_after_s <= 3600);
      // Somebody else (the desk, on the phone) may chase in the same hour.
      assert.equal(ok(await operator.act(id, 'chase')).chase_count, 2);
      clock = new Date(realNow.getTime() + HOUR + 60_000);
      assert.equal(ok(await resident.act(id, 'chase')).chase_count, 3);
      clock = realNow;
      const list = ok(await handler.get('/api/v1/requests?page_size=200'));
      assert.equal(list.items.find((r: any) => r.id === id).chase_count, 3);
      const seen = await get(handler, id);
      assert.equal(seen.timeline.filter((e: any) => e.type === 'chase').length, 3);
      refused(await handler.act(id, 'chase'), 403, 'forbidden');
      const events = await ctx.db
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'request.chased')
        .execute();
      assert.equal(events.filter((e) => (e.payload as any).request_id === id).length, 3);
    });

    test('撤单: the resident withdraws with a reason; it leaves every rate and is counted as withdrawn', async () => {
      clock = new Date(realNow.getTime() - 2 * DAY);
      const id = await filed('噪音问题已自行解决');
      ok(await handler.act(id, 'sign'));
      clock = realNow;
      const before = await figures();
      refused(await resident.act(id, 'withdraw', {}), 400, 'validation_failed');
      const done = ok(await resident.act(id, 'withdraw', { reason: '已自行解决' }));
      assert.equal(done.status, 'withdrawn');
      assert.deepEqual(done.allowed_actions, []);
      assert.equal(done.timeline.at(-1).type, 'withdraw');
      refused(await resident.act(id, 'chase'), 409, 'illegal_transition');
      const afterWithdraw = await figures();
      assert.equal(afterWithdraw.total, before.total);
      assert.equal(afterWithdraw.withdrawn, before.withdrawn + 1);
      assert.equal(afterWithdraw.dispatched, before.dispatched - 1);
      // The desk withdraws for a resident on the phone; a department cannot.
      const byPhone = await filed('来电要求撤回');
      refused(await handler.act(byPhone, 'withdraw', { reason: 'x' }), 403, 'forbidden');
      const withdrawn = ok(await operator.act(byPhone, 'withdraw', { reason: '来电人要求撤回' }));
      assert.equal(withdrawn.timeline.at(-1).payload.by, 'operator');
      // Withdrawn requests stay off the public list.
      const listed = ok(await new Client(app).get('/api/v1/public/requests'));
      assert.ok(!listed.items.some((r: any) => r.ticket_no === withdrawn.ticket_no));
    });

    test('补充信息: the resident adds text; the department sees a new-information mark until it acts', async () => {
      const id = await filed('小区门口积水');
      refused(await resident.act(id, 'add-info', { text: '  ' }), 400, 'validation_failed');
      const added = ok(await resident.act(id, 'add-info', { text: '积水处在3号门东侧，已拍照' }));
      assert.ok(added.new_info_at);
      const mine = await get(resident, id);
      assert.equal(mine.timeline.at(-1).type, 'add-info');
      const seen = await get(handler, id);
      assert.ok(seen.new_info_at);
      assert.equal(seen.timeline.at(-1).payload.text, '积水处在3号门东侧，已拍照');
      assert.equal(seen.timeline.at(-1).payload.by, 'reporter');
      const signed = ok(await handler.act(id, 'sign'));
      assert.equal(signed.new_info_at, null);
      refused(await handler.act(id, 'add-info', { text: 'x' }), 403, 'forbidden');
    });

    test('延期 on an overdue request: only a supervisor grants it, the event says so, it stays late', async () => {
      clock = new Date(realNow.getTime() - 60 * DAY);
      const id = await filed('两个月前的诉求');
      ok(await handler.act(id, 'sign'));
      const missed = (await get(handler, id)).deadlines.reply_by;
      clock = realNow;
      await sweepDeadlines(ctx, J);
      assert.equal((await get(handler, id)).overdue.reply, true);
      ok(await handler.act(id, 'request-extension', { working_days: 5, reason: '需协调多个部门' }));
      const asHead = await get(head, id);
      assert.ok(!asHead.allowed_actions.includes('approve-extension'));
      refused(await head.act(id, 'approve-extension'), 403, 'forbidden');
      assert.ok((await get(supervisor, id)).allowed_actions.includes('approve-extension'));
      const granted = ok(await supervisor.act(id, 'approve-extension'));
      const event = granted.timeline.at(-1);
      assert.equal(event.type, 'approve-extension');
      assert.equal(event.payload.granted_while_overdue, true);
      assert.equal(event.payload.missed_reply_by, missed);
      assert.ok(event.payload.overdue_days >= 50, String(event.payload.overdue_days));
      assert.ok(Date.parse(granted.deadlines.reply_by) > realNow.getTime(), 'a working deadline from now');
      assert.equal(granted.overdue.reply, true, 'the overdue mark stays');
      const before = await countsBy(ctx.db, {
        jurisdictionId: J,
        from: new Date(realNow.getTime() - 61 * DAY),
        to: new Date(realNow.getTime() - 59 * DAY),
        now: clock,
        groupBy: 'none',
      });
      assert.equal(before[0]!.counts.overdue_open, 1, 'still overdue in the figures');
      ok(await handler.act(id, 'reply', { text: '已处理' }));
      const afterReply = await countsBy(ctx.db, {
        jurisdictionId: J,
        from: new Date(realNow.getTime() - 61 * DAY),
        to: new Date(realNow.getTime() - 59 * DAY),
        now: clock,
        groupBy: 'none',
      });
      assert.equal(afterReply[0]!.counts.replies_due, 1);
      assert.equal(afterReply[0]!.counts.replied_on_time, 0, 'replied late, whatever the extension');
      // A second sweep writes no second overdue event.
      await sweepDeadlines(ctx, J);
      const overdue = (await get(supervisor, id)).timeline.filter(
        (e: any) => e.type === 'overdue' && e.payload.deadline === 'reply',
      );
      assert.equal(overdue.length, 1);
    });

    test('an extension on time is still the head’s, as before', async () => {
      const id = await filed('普通延期');
      ok(await handler.act(id, 'sign'));
      ok(await handler.act(id, 'request-extension', { working_days: 3, reason: '等待材料' }));
      refused(await supervisor.act(id, 'approve-extension'), 403, 'forbidden');
      const granted = ok(await head.act(id, 'approve-extension'));
      assert.equal(granted.timeline.at(-1).payload.granted_while_overdue, undefined);
    });
  });
}
