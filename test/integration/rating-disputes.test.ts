/**
 * 差评复核 over HTTP, on both databases: the handling department disputes an unsatisfied or unresolved follow-up
 * within the jurisdiction's working days, with a reason and evidence files; a supervisor decides 合理 or 不合理;
 * the reviewed 满意率 and 解决率 leave out a rating judged 不合理 (live and in the daily roll-up) while the raw ones
 * keep it, and the assessment uses the reviewed ones; the resident never sees the dispute; refusals write nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { monthInputs } from '../../src/assessment/inputs.js';
import type { AppContext } from '../../src/context.js';
import { addWorkingDays, localDate, startOfLocalDay, nextDate } from '../../src/requests/deadlines.js';
import { referenceCache } from '../../src/routing/reference-cache.js';
import { dbKinds, eventCount, openTestContext, type TestContext } from '../support/db.js';
import { PNG } from '../support/files.js';
import { Client, closeTestApp, ok, refused, testApp, tokenFor } from '../support/http.js';
import { complaintToHousing } from '../support/requests.js';

const J = 'xiangcheng';
const TZ = 'Asia/Shanghai';
/** Before any request of this file. */
const SINCE = new Date(Date.now() - 60_000).toISOString();
const startOfMonth = (month: string) => startOfLocalDay(`${month}-01`, TZ).toISOString();

for (const kind of dbKinds()) {
  describe(`disputed ratings (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    /** The server's clock: the real one unless a test sets it. */
    let clock: Date | null = null;
    let operator: Client, dispatcher: Client, supervisor: Client, admin: Client;
    let handler: Client, head: Client, otherHead: Client, resident: Client;
    let handlerToken = '';
    const otps = new Map<string, string>();
    const phone = '13822224444';

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock ?? new Date() };
      app = await testApp(ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [operator, dispatcher, supervisor, admin, handler, head, otherHead] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'supervisor',
        'admin',
        'handler.housing',
        'head.housing',
        'head.transport',
      );
      handlerToken = await tokenFor(app, 'handler.housing');
      resident = await Client.resident(app, otps, phone);
    });
    after(() => closeTestApp(app, t));

    /** A resident's request handled by 住建局, replied and followed up with the answer given. */
    async function followedUp(answer: { resolved: boolean; satisfaction: string }): Promise<any> {
      const r = await complaintToHousing(
        { operator, dispatcher },
        {
          body: '小区5号楼门口的路灯坏了两周，晚上出行不便，请尽快修理。',
          reporter: { name: '王五', phone },
        },
      );
      ok(await handler.act(r.id, 'sign'));
      ok(await handler.act(r.id, 'contact', { note: '已电话联系市民' }));
      ok(await handler.act(r.id, 'reply', { text: '经核查，路灯已于今日更换，恢复照明。' }));
      return ok(await resident.act(r.id, 'follow-up', answer));
    }

    const uploadEvidence = (id: number, token = handlerToken) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/requests/${id}/evidence`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        payload: PNG,
      });

    /** The housing department's figures over the requests created from `from` on. */
    async function housing(from: string) {
      const m = ok(await supervisor.get(`/api/v1/metrics?by=department&from=${from}`));
      return m.groups.find((g: any) => g.key === 'housing');
    }

    test('the department disputes with evidence; others may not; a reviewer decides 不合理; the rates follow', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      const good = await followedUp({ resolved: true, satisfaction: 'satisfied' });
      const r = await followedUp({ resolved: false, satisfaction: 'unsatisfied' });
      assert.equal(r.status, 'followed_up');
      assert.ok(r.allowed_actions.includes('dispute-rating') === false, 'the resident may not dispute');
      const seen = ok(await handler.get(`/api/v1/requests/${r.id}`));
      assert.ok(seen.allowed_actions.includes('dispute-rating'));
      const reference = await referenceCache(ctx.db).get(J);
      assert.equal(
        seen.rating_dispute_by,
        addWorkingDays(new Date(seen.followup.at), 5, TZ, reference.calendar).toISOString(),
        'five working days by default',
      );
      // a good rating has no window and cannot be disputed
      const goodSeen = ok(await handler.get(`/api/v1/requests/${good.id}`));
      assert.equal(goodSeen.rating_dispute_by, null);
      refused(await handler.act(good.id, 'dispute-rating', { reason: '不合理' }), 409, 'illegal_transition');

      // evidence: the handling department only, staff-only, on a request in any state
      const evidence = await uploadEvidence(r.id);
      assert.equal(evidence.statusCode, 201, evidence.body);
      const file = JSON.parse(evidence.body);
      assert.equal(file.purpose, 'evidence');
      assert.equal((await uploadEvidence(r.id, await tokenFor(app, 'handler.transport'))).statusCode, 404);
      const residentList = ok(await resident.get(`/api/v1/requests/${r.id}/attachments`)).items;
      assert.ok(!residentList.some((a: any) => a.id === file.id), 'the resident does not see evidence');
      refused(await resident.get(`/api/v1/attachments/${file.id}`), 404, 'not_found');
      assert.ok(
        ok(await supervisor.get(`/api/v1/requests/${r.id}/attachments`)).items.some(
          (a: any) => a.id === file.id,
        ),
      );

      // who may dispute: the handling department's handler and head only
      const reason = '市民诉求为要求物业免除全部物业费，超出政策范围，已依法依规答复。';
      const before = await eventCount(ctx.db, r.id);
      refused(await operator.act(r.id, 'dispute-rating', { reason }), 403, 'forbidden');
      refused(await supervisor.act(r.id, 'dispute-rating', { reason }), 403, 'forbidden');
      refused(await resident.act(r.id, 'dispute-rating', { reason }), 403, 'forbidden');
      refused(await otherHead.act(r.id, 'dispute-rating', { reason }), 404, 'not_found');
      // bad input: nothing written
      refused(await handler.act(r.id, 'dispute-rating', { reason: ' ' }), 400, 'validation_failed');
      refused(
        await handler.act(r.id, 'dispute-rating', { reason, evidence_ids: [good.id * 1000] }),
        422,
        'unknown_reference',
      );
      const elsewhere = JSON.parse((await uploadEvidence(good.id)).body).id;
      refused(
        await handler.act(r.id, 'dispute-rating', { reason, evidence_ids: [elsewhere] }),
        422,
        'unknown_reference',
      );
      assert.equal(await eventCount(ctx.db, r.id), before, 'refusals write nothing');
      assert.equal(ok(await handler.get(`/api/v1/requests/${r.id}`)).version, seen.version);

      const disputed = ok(await head.act(r.id, 'dispute-rating', { reason, evidence_ids: [file.id] }));
      assert.equal(disputed.status, 'followed_up');
      assert.equal(disputed.rating_dispute.state, 'pending');
      assert.deepEqual(disputed.rating_dispute.evidence_ids, [file.id]);
      assert.equal(disputed.timeline.at(-1).type, 'dispute-rating');
      refused(await handler.act(r.id, 'dispute-rating', { reason }), 409, 'illegal_transition');

      // the queue of the reviewers
      const queue = ok(await supervisor.get('/api/v1/rating-disputes'));
      assert.ok(queue.items.some((i: any) => i.id === r.id));
      assert.ok(queue.counts.pending >= 1);
      refused(await handler.get('/api/v1/rating-disputes'), 403, 'forbidden');
      ok(await admin.get('/api/v1/rating-disputes'));

      // pending: the centre closes as it would; the department cannot decide its own dispute
      ok(await operator.act(r.id, 'close'));
      refused(
        await head.act(r.id, 'decide-dispute', { decision: 'unreasonable', reason: '同意' }),
        403,
        'forbidden',
      );
      refused(
        await supervisor.act(r.id, 'decide-dispute', { decision: 'maybe', reason: '同意' }),
        400,
        'validation_failed',
      );
      const rawBefore = await housing(from);
      assert.equal(rawBefore.satisfaction_rate, 1 / 2);
      assert.equal(rawBefore.rating_excluded, 0);

      const decided = ok(
        await supervisor.act(r.id, 'decide-dispute', {
          decision: 'unreasonable',
          reason: '诉求超出政策范围，部门已依法答复，差评不合理。',
        }),
      );
      assert.equal(decided.status, 'closed');
      assert.equal(decided.rating_dispute.state, 'unreasonable');
      assert.equal(decided.rating_dispute.decided_by, '督办员 陈静');
      const last = decided.timeline.at(-1);
      assert.equal(last.type, 'decide-dispute');
      assert.equal(last.actor, '督办员 陈静');
      assert.equal(last.payload.decision, 'unreasonable');
      assert.equal(last.payload.dispute_reason, reason);
      refused(
        await supervisor.act(r.id, 'decide-dispute', { decision: 'reasonable', reason: '改判' }),
        409,
        'illegal_transition',
      );
      refused(await handler.act(r.id, 'dispute-rating', { reason }), 409, 'illegal_transition');

      // reviewed: the excluded rating is out; raw: as the resident answered
      const after = await housing(from);
      assert.equal(after.rating_excluded, 1);
      assert.equal(after.followed_up, 2);
      assert.equal(after.satisfaction_rate_raw, 1 / 2);
      assert.equal(after.resolution_rate_raw, 1 / 2);
      assert.equal(after.satisfaction_rate, 1);
      assert.equal(after.resolution_rate, 1);
      const decidedQueue = ok(await supervisor.get('/api/v1/rating-disputes?state=decided'));
      assert.equal(decidedQueue.items[0].id, r.id);

      // the daily roll-up agrees (today as a whole local day, read from metrics_daily)
      const today = localDate(new Date(), TZ);
      const whole = ok(
        await supervisor.get(
          `/api/v1/metrics/dashboard?from=${startOfLocalDay(today, TZ).toISOString()}&to=${startOfLocalDay(nextDate(today), TZ).toISOString()}`,
        ),
      );
      const live = ok(
        await supervisor.get(`/api/v1/metrics/dashboard?from=${startOfLocalDay(today, TZ).toISOString()}`),
      );
      for (const k of [
        'rating_excluded',
        'excluded_resolved',
        'excluded_satisfied',
        'satisfaction_rate',
        'resolution_rate',
      ])
        assert.equal(whole.overall[k], live.overall[k], k);
      assert.ok(whole.overall.rating_excluded >= 1);

      // the assessment counts the reviewed figures
      const month = today.slice(0, 7);
      const units = await monthInputs(ctx.db, J, month, new Date());
      const unit = units.find((u) => u.kind === 'department' && u.code === 'housing')!;
      const monthly = ok(await supervisor.get(`/api/v1/metrics?by=department&from=${startOfMonth(month)}`));
      const figures = monthly.groups.find((g: any) => g.key === 'housing');
      assert.ok(figures.rating_excluded >= 1);
      assert.equal(unit.counts.followed_up, figures.followed_up - figures.rating_excluded);
      assert.equal(unit.counts.satisfied, figures.satisfied - figures.excluded_satisfied);
      assert.equal(unit.counts.resolved, figures.resolved - figures.excluded_resolved);

      // the resident sees their rating, never the dispute
      const mine = ok(await resident.get(`/api/v1/requests/${r.id}`));
      assert.equal(mine.rating_dispute, null);
      assert.equal(mine.rating_dispute_by, null);
      assert.equal(mine.followup.satisfaction, 'unsatisfied');
      assert.ok(!mine.timeline.some((e: any) => e.type === 'dispute-rating' || e.type === 'decide-dispute'));
    });

    test('合理: the rating stands in both figures', async () => {
      const before = await housing(SINCE);
      const r = await followedUp({ resolved: true, satisfaction: 'unsatisfied' });
      ok(await handler.act(r.id, 'dispute-rating', { reason: '已按要求处理完毕' }));
      const decided = ok(
        await supervisor.act(r.id, 'decide-dispute', {
          decision: 'reasonable',
          reason: '市民反映属实，评价合理。',
        }),
      );
      assert.equal(decided.rating_dispute.state, 'reasonable');
      const after = await housing(SINCE);
      assert.equal(after.followed_up, before.followed_up + 1);
      assert.equal(after.rating_excluded, before.rating_excluded);
      assert.equal(after.satisfied, before.satisfied);
      assert.equal(after.resolved, before.resolved + 1);
    });

    test('reopened while pending: a new follow-up replaces the rating, the dispute is superseded', async () => {
      const r = await followedUp({ resolved: false, satisfaction: 'unsatisfied' });
      ok(await handler.act(r.id, 'dispute-rating', { reason: '已处理' }));
      ok(await operator.act(r.id, 'reopen', { reason: '市民不满意，重新办理' }));
      ok(await handler.act(r.id, 'reply', { text: '已再次核查并修复路灯线路，恢复照明。' }));
      const again = ok(await resident.act(r.id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }));
      assert.equal(again.rating_dispute, null);
      const followUps = ok(await handler.get(`/api/v1/requests/${r.id}`)).timeline.filter(
        (e: any) => e.type === 'follow-up',
      );
      assert.equal(followUps.at(-1).payload.superseded_dispute, true);
      refused(
        await supervisor.act(r.id, 'decide-dispute', { decision: 'unreasonable', reason: '过期' }),
        409,
        'illegal_transition',
      );
    });
    test('the window: N working days after the follow-up (the jurisdiction’s setting), then refused', async () => {
      await ctx.db
        .updateTable('jurisdictions')
        .set({ settings: JSON.stringify({ rating_dispute_working_days: 2 }) })
        .where('jurisdiction_id', '=', J)
        .execute();
      try {
        // followed up ten days ago (sessions last 12 hours: the clock goes back, never forward)
        clock = new Date(Date.now() - 10 * 86_400_000);
        const r = await followedUp({ resolved: false, satisfaction: 'basically_satisfied' });
        const reference = await referenceCache(ctx.db).get(J);
        const by = addWorkingDays(new Date(r.followup.at), 2, TZ, reference.calendar);
        assert.equal(ok(await handler.get(`/api/v1/requests/${r.id}`)).rating_dispute_by, by.toISOString());
        const before = await eventCount(ctx.db, r.id);
        clock = null;
        const late = refused(
          await handler.act(r.id, 'dispute-rating', { reason: '超期' }),
          409,
          'dispute_window_closed',
        );
        assert.equal(late.error.details.dispute_by, by.toISOString());
        assert.equal(await eventCount(ctx.db, r.id), before);
        clock = by;
        ok(await handler.act(r.id, 'dispute-rating', { reason: '最后一刻' }));
      } finally {
        clock = null;
        await ctx.db
          .updateTable('jurisdictions')
          .set({ settings: JSON.stringify({}) })
          .where('jurisdiction_id', '=', J)
          .execute();
      }
    });
  });
}
