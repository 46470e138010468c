/**
 * 答复模板 and 回复审核 over HTTP, on both databases: templates managed by the centre and heads and offered filled
 * in; a reply that is only a template flagged; which replies are held for review (sample, reopened, low score,
 * resubmitted), reproducibly; a reviewer sends a reply back and approves it; the resident and the public never
 * see a reply under review; the assessment counts the sent-back replies; bad input refused with nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { monthInputs } from '../../src/assessment/inputs.js';
import type { AppContext } from '../../src/context.js';
import { sweepDeadlines } from '../../src/jobs/sweeps.js';
import { localDate } from '../../src/requests/deadlines.js';
import { sampleBucket } from '../../src/requests/review/sampling.js';
import { dbKinds, eventCount, openTestContext, outboxPayloads, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';
import { complaintToHousing } from '../support/requests.js';

const J = 'xiangcheng';
const DAY = 86_400_000;
const SETTINGS = '/api/v1/reply-review/settings';
const OFF = { enabled: false, sample_percent: 0, reopened_all: true, min_score: null, rules: [] };
const GOOD_REPLY =
  '您好，关于您反映的小区楼道灯损坏问题，我局已于12月5日安排物业更换楼道灯并检查线路，现已恢复照明。';

for (const kind of dbKinds()) {
  describe(`reply templates and reply review (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    /** The server's clock: the real one unless a test sets it. */
    let clock: Date | null = null;
    let operator: Client, dispatcher: Client, supervisor: Client, admin: Client;
    let handler: Client, head: Client, otherHead: Client, resident: Client;
    const otps = new Map<string, string>();
    const phone = '13822223333';

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock ?? new Date() };
      app = await testApp(ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [operator, dispatcher, supervisor, admin] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'admin',
      );
      [handler, head, otherHead] = await Client.loginAll(
        app,
        'handler.housing',
        'head.housing',
        'head.transport',
      );
      resident = await Client.resident(app, otps, phone);
    });
    after(() => closeTestApp(app, t));

    /** A request of the resident's, dispatched to 住建局 and signed. */
    async function signed(
      body = '小区3号楼楼道灯坏了一个月，晚上上下楼很黑，请尽快修理楼道灯。',
    ): Promise<any> {
      const r = await complaintToHousing(
        { operator, dispatcher },
        { body, reporter: { name: '李四', phone } },
      );
      return ok(await handler.act(r.id, 'sign'));
    }

    test('templates: the centre and a head write them; handlers and other heads may not; bad input refused', async () => {
      const template = {
        title: '楼道设施维修',
        body: '{name}您好：您于{registered_date}反映的问题（工单号{ticket_no}）已收悉，{department}已安排维修。',
        department_code: 'housing',
        category_code: '0102',
      };
      refused(await handler.post('/api/v1/reply-templates', template), 403, 'forbidden');
      refused(await otherHead.post('/api/v1/reply-templates', template), 403, 'forbidden');
      refused(await resident.post('/api/v1/reply-templates', template), 403, 'forbidden');
      const bad = refused(
        await head.post('/api/v1/reply-templates', { ...template, body: '{nmae}您好' }),
        400,
        'validation_failed',
      );
      assert.equal(bad.error.details.issues[0].path, 'body');
      assert.deepEqual(bad.error.details.issues[0].params.values, ['nmae']);
      refused(
        await head.post('/api/v1/reply-templates', { ...template, category_code: 'nope' }),
        422,
        'unknown_reference',
      );
      refused(
        await head.post('/api/v1/reply-templates', { ...template, title: '' }),
        400,
        'validation_failed',
      );
      const before = ok(await handler.get('/api/v1/reply-templates')).items.length;

      const own = ok(await head.post('/api/v1/reply-templates', template), 201);
      assert.equal(own.editable, true);
      const shared = ok(
        await supervisor.post('/api/v1/reply-templates', {
          title: '通用答复',
          body: '您好，您的诉求（{ticket_no}）已办理完毕，感谢您对我们工作的支持。',
          department_code: null,
          category_code: null,
        }),
        201,
      );
      refused(
        await head.request('PUT', `/api/v1/reply-templates/${shared.id}`, {
          ...template,
          department_code: 'housing',
        }),
        403,
        'forbidden',
      );
      const list = ok(await handler.get('/api/v1/reply-templates'));
      assert.equal(list.items.length, before + 2);
      assert.ok(list.placeholders.includes('ticket_no'));
      assert.equal(list.items.find((x: any) => x.id === own.id).editable, false, 'a handler does not edit');

      // offered for a request of 住建局 in 010201 (under 0102), filled in, the department's own first
      const r = await signed();
      const offered = ok(await handler.get(`/api/v1/requests/${r.id}/reply-templates`)).items;
      assert.deepEqual(
        offered.map((o: any) => o.id),
        [own.id, shared.id],
      );
      const registered = localDate(new Date(r.created_at), 'Asia/Shanghai').split('-').map(Number);
      assert.equal(
        offered[0].text,
        `李*您好：您于${registered[0]}年${registered[1]}月${registered[2]}日反映的问题（工单号${r.ticket_no}）已收悉，区住建局已安排维修。`.replace(
          '区住建局',
          offered[0].text.match(/，(.+)已安排维修/)[1],
        ),
      );
      assert.ok(!offered[0].text.includes('{'), offered[0].text);
      refused(await otherHead.get(`/api/v1/requests/${r.id}/reply-templates`), 404, 'not_found');
      refused(await resident.get(`/api/v1/requests/${r.id}/reply-templates`), 403, 'forbidden');

      // a template not offered for this request: refused, nothing written
      const transportOnly = ok(
        await otherHead.post('/api/v1/reply-templates', { ...template, department_code: 'transport' }),
        201,
      );
      const version = r.version;
      refused(
        await handler.act(r.id, 'reply', { text: GOOD_REPLY, template_id: transportOnly.id }, version),
        422,
        'unknown_reference',
      );
      assert.equal(ok(await handler.get(`/api/v1/requests/${r.id}`)).version, version);

      // only the template: flagged on the event, listed for the supervisors
      const replied = ok(await handler.act(r.id, 'reply', { text: offered[0].text, template_id: own.id }));
      assert.equal(replied.status, 'replied');
      const event = replied.timeline.at(-1);
      assert.equal(event.type, 'reply');
      assert.equal(event.payload.template_id, own.id);
      assert.equal(event.payload.template_only, true);
      assert.ok(event.payload.check.failed.includes('boilerplate'));
      const flagged = ok(await supervisor.get('/api/v1/reply-templates/template-only-replies'));
      assert.equal(flagged.items[0].ticket_no, r.ticket_no);
      refused(await handler.get('/api/v1/reply-templates/template-only-replies'), 403, 'forbidden');

      // the template and the handler's own words: not flagged
      const r2 = await signed();
      const withOwn = ok(
        await handler.act(r2.id, 'reply', {
          text: `${offered[0].text}经现场核查，3号楼楼道灯已于12月5日更换完毕。`,
          template_id: own.id,
        }),
      );
      assert.equal(withOwn.timeline.at(-1).payload.template_only, undefined);

      // deactivated: no longer offered
      ok(await head.request('PUT', `/api/v1/reply-templates/${own.id}`, { ...template, active: false }));
      const r3 = await signed();
      assert.deepEqual(
        ok(await handler.get(`/api/v1/requests/${r3.id}/reply-templates`)).items.map((o: any) => o.id),
        [shared.id],
      );
    });

    test('review settings: who may set them, bad input refused with nothing written', async () => {
      assert.deepEqual(ok(await supervisor.get(SETTINGS)), { ...OFF });
      refused(await operator.get(SETTINGS), 403, 'forbidden');
      refused(await head.request('PUT', SETTINGS, OFF), 403, 'forbidden');
      refused(
        await admin.request('PUT', SETTINGS, { ...OFF, sample_percent: 150 }),
        400,
        'validation_failed',
      );
      refused(
        await admin.request('PUT', SETTINGS, {
          ...OFF,
          rules: [
            { department_code: 'housing', category_code: null, sample_percent: 100 },
            { department_code: 'housing', category_code: null, sample_percent: 50 },
          ],
        }),
        400,
        'validation_failed',
      );
      refused(
        await admin.request('PUT', SETTINGS, {
          ...OFF,
          rules: [{ department_code: null, category_code: null, sample_percent: 5 }],
        }),
        400,
        'validation_failed',
      );
      refused(
        await admin.request('PUT', SETTINGS, {
          ...OFF,
          enabled: true,
          rules: [
            { department_code: 'housing', category_code: null, sample_percent: 100 },
            { department_code: null, category_code: 'nope', sample_percent: 5 },
          ],
        }),
        422,
        'unknown_reference',
      );
      assert.deepEqual(ok(await supervisor.get(SETTINGS)), { ...OFF }, 'nothing half-written');
      const saved = ok(
        await admin.request('PUT', SETTINGS, {
          ...OFF,
          sample_percent: 10,
          rules: [{ department_code: 'housing', category_code: null, sample_percent: 100, note: '新部门' }],
        }),
      );
      assert.equal(saved.rules.length, 1);
      assert.equal(saved.rules[0].note, '新部门');
      ok(await supervisor.request('PUT', SETTINGS, OFF));
    });

    test('a held reply: the resident and the public do not see it; sent back with reasons, replied again, approved', async () => {
      ok(await supervisor.request('PUT', SETTINGS, { ...OFF, enabled: true, sample_percent: 100 }));
      const r = await signed();
      const held = ok(await handler.act(r.id, 'reply', { text: GOOD_REPLY }));
      assert.equal(held.status, 'reviewing');
      assert.ok(held.replied_at, 'the deadline is judged by the handler’s reply');
      assert.equal(held.reply_review.state, 'pending');
      assert.equal(held.reply_review.reason, 'sampled');
      assert.equal(held.reply_review.score, 100);
      assert.equal(held.timeline.at(-1).type, 'reply-held');
      assert.equal(await eventCount(t.ctx.db, r.id, 'reply'), 0);
      assert.ok(!(await outboxPayloads(t.ctx.db, 'request.replied')).some((m) => m.request_id === r.id));

      const mine = ok(await resident.get(`/api/v1/requests/${r.id}`));
      assert.equal(mine.status, 'in_progress');
      assert.equal(mine.replied_at, null);
      assert.equal(mine.reply_review, null);
      assert.ok(!JSON.stringify(mine).includes('12月5日'), 'the held reply is not the resident’s to read');
      assert.ok(!mine.timeline.some((e: any) => e.to_status === 'reviewing' || e.type === 'reply-held'));
      const ticket = ok(await new Client(app).get(`/api/v1/public/requests/${r.ticket_no}`));
      assert.ok(!JSON.stringify(ticket).includes('12月5日'));
      const feed = ok(await new Client(app).get('/open311/v2/servicerequestupdates.json'));
      const ours = feed.filter((u: any) => u.service_request_id === r.ticket_no);
      assert.ok(ours.length > 0);
      assert.ok(!JSON.stringify(ours).includes('12月5日'));

      const queue = ok(await supervisor.get('/api/v1/reply-reviews'));
      assert.ok(queue.items.some((x: any) => x.id === r.id));
      assert.ok(queue.counts.pending >= 1);
      refused(await handler.get('/api/v1/reply-reviews'), 403, 'forbidden');
      refused(await handler.act(r.id, 'approve-reply', {}), 403, 'forbidden');
      refused(await head.act(r.id, 'send-back-reply', { reasons: ['other'], note: 'x' }), 403, 'forbidden');
      refused(await supervisor.act(r.id, 'send-back-reply', { note: '请补充' }), 400, 'validation_failed');
      refused(
        await supervisor.act(r.id, 'send-back-reply', { reasons: ['rude'], note: '请补充' }),
        400,
        'validation_failed',
      );
      refused(
        await supervisor.act(r.id, 'send-back-reply', { reasons: [], note: '请补充' }),
        400,
        'validation_failed',
      );
      refused(await handler.act(r.id, 'reply', { text: GOOD_REPLY }), 409, 'illegal_transition');

      const back = ok(
        await supervisor.act(r.id, 'send-back-reply', {
          reasons: ['promise_without_date', 'other'],
          note: '请写明后续巡查安排',
        }),
      );
      assert.equal(back.status, 'in_progress');
      assert.equal(back.replied_at, null);
      assert.equal(back.deadlines.reply_by, held.deadlines.reply_by, 'the deadline unchanged');
      assert.equal(back.reply_review.state, 'sent_back');
      assert.deepEqual(back.reply_review.sent_back_reasons, ['promise_without_date', 'other']);
      const sentBack = back.timeline.at(-1);
      assert.equal(sentBack.type, 'send-back-reply');
      assert.equal(sentBack.payload.reply_text, GOOD_REPLY);
      assert.equal(ok(await supervisor.get('/api/v1/reply-reviews?state=sent_back')).items[0].id, r.id);
      assert.ok(
        !ok(await resident.get(`/api/v1/requests/${r.id}`)).timeline.some(
          (e: any) => e.type === 'send-back-reply',
        ),
      );

      // replied again: held again whatever the sample (resubmitted)
      ok(await supervisor.request('PUT', SETTINGS, { ...OFF, enabled: true, sample_percent: 0 }));
      const second = `${GOOD_REPLY}物业将每周巡查一次，12月31日前完成全部楼道灯检修。`;
      const again = ok(await handler.act(r.id, 'reply', { text: second }));
      assert.equal(again.status, 'reviewing');
      assert.equal(again.reply_review.reason, 'resubmitted');
      const approved = ok(await supervisor.act(r.id, 'approve-reply', { note: '同意' }));
      assert.equal(approved.status, 'replied');
      assert.equal(approved.reply_review, null);
      assert.equal(approved.replied_at, again.replied_at, 'counted from the handler’s reply');
      assert.equal(approved.timeline.at(-1).payload.text, second);
      const replies = (await outboxPayloads(t.ctx.db, 'request.replied')).filter(
        (m) => m.request_id === r.id,
      );
      assert.deepEqual(
        replies.map((m) => m.text),
        [second],
      );

      const seen = ok(await resident.get(`/api/v1/requests/${r.id}`));
      assert.equal(seen.status, 'replied');
      const answer = seen.timeline.at(-1);
      assert.equal(answer.type, 'approve-reply');
      assert.equal(answer.payload.text, second);
      assert.equal(answer.payload.reviewer_note, undefined, 'the reviewer’s note stays inside');
      assert.ok(!JSON.stringify(seen).includes('请写明后续巡查安排'));
      const ticket2 = ok(await new Client(app).get(`/api/v1/public/requests/${r.ticket_no}`));
      assert.ok(JSON.stringify(ticket2).includes('12月31日'), 'public once approved');

      const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);
      const housing = (await monthInputs(t.ctx.db, J, month, new Date())).find(
        (u) => u.kind === 'department' && u.code === 'housing',
      );
      assert.equal(housing?.counts.sent_back, 1, 'the assessment deducts the sent-back reply');
      ok(await supervisor.request('PUT', SETTINGS, OFF));
    });

    test('the sample is reproducible: the hash of the request id decides; reopened and low-score replies are held', async () => {
      ok(
        await supervisor.request('PUT', SETTINGS, {
          ...OFF,
          enabled: true,
          sample_percent: 50,
          min_score: 50,
        }),
      );
      const outcomes: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const r = await signed();
        const done = ok(await handler.act(r.id, 'reply', { text: GOOD_REPLY }));
        outcomes.push([r.id, done.status]);
      }
      for (const [id, status] of outcomes)
        assert.equal(status, sampleBucket(id, 0) < 50 ? 'reviewing' : 'replied', `request ${id}`);

      ok(
        await supervisor.request('PUT', SETTINGS, {
          ...OFF,
          enabled: true,
          sample_percent: 0,
          min_score: 50,
        }),
      );
      const low = await signed();
      const short = ok(await handler.act(low.id, 'reply', { text: '已处理。' }));
      assert.equal(short.status, 'reviewing');
      assert.equal(short.reply_review.reason, 'low_score');
      assert.deepEqual(short.reply_review.failed, ['too_short']);
      ok(await supervisor.act(low.id, 'approve-reply', {}));

      const reopened = await signed();
      ok(await handler.act(reopened.id, 'reply', { text: GOOD_REPLY }));
      ok(await resident.act(reopened.id, 'follow-up', { resolved: false, satisfaction: 'unsatisfied' }));
      ok(await resident.act(reopened.id, 'reopen', { reason: '灯还是不亮' }));
      const again = ok(await handler.act(reopened.id, 'reply', { text: GOOD_REPLY }));
      assert.equal(again.status, 'reviewing');
      assert.equal(again.reply_review.reason, 'reopened');
      ok(await supervisor.request('PUT', SETTINGS, OFF));
    });
    test('a reply approved long after the handler wrote it is auto-closed counting from the approval', async () => {
      ok(await supervisor.request('PUT', SETTINGS, { ...OFF, enabled: true, sample_percent: 100 }));
      const start = Date.now();
      clock = new Date(start - 30 * DAY);
      try {
        const r = await signed();
        const held = ok(await handler.act(r.id, 'reply', { text: GOOD_REPLY }));
        assert.equal(held.status, 'reviewing');
        clock = new Date(start);
        const approved = ok(await supervisor.act(r.id, 'approve-reply', {}));
        assert.equal(approved.replied_at, held.replied_at, 'the deadline is judged by the handler’s reply');
        // (read from the database: the sessions do not outlive the moved clock)
        const status = async () =>
          (
            await ctx.db
              .selectFrom('requests')
              .select('status')
              .where('jurisdiction_id', '=', J)
              .where('id', '=', r.id)
              .executeTakeFirstOrThrow()
          ).status;
        await sweepDeadlines(ctx, J);
        assert.equal(await status(), 'replied', 'the resident may still rate it');
        clock = new Date(start + 30 * DAY);
        await sweepDeadlines(ctx, J);
        assert.equal(await status(), 'closed');
      } finally {
        clock = null;
        ok(await supervisor.request('PUT', SETTINGS, OFF));
      }
    });
  });
}
