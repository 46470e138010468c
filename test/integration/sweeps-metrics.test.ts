import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../src/context.js';
import type { Actor } from '../../src/http/actor.js';
import { sweepDeadlines } from '../../src/jobs/sweeps.js';
import { count } from '../../src/metrics/definitions.js';
import { countsBy, type GroupBy } from '../../src/metrics/query.js';
import { performAction } from '../../src/requests/commands/perform-action.js';
import { registerRequest } from '../../src/requests/commands/register.js';
import type { Action } from '../../src/requests/workflow.js';
import { actorFor } from '../support/actors.js';
import { dbKinds, eventCount, openTestContext, outboxPayloads, type TestContext } from '../support/db.js';

const DAY = 86_400_000;
const J = 'xiangcheng';

for (const kind of dbKinds()) {
  describe(`deadline sweeps and metrics (${kind})`, () => {
    let t: TestContext;
    let clock = new Date();
    let ctx: AppContext;
    let operator: Actor, dispatcher: Actor, handler: Actor;

    before(async () => {
      t = await openTestContext(kind, { BANSHI_AUTO_CLOSE_DAYS: '3' });
      ctx = { ...t.ctx, now: () => clock };
      [operator, dispatcher, handler] = [
        await actorFor(ctx, 'operator'),
        await actorFor(ctx, 'dispatcher'),
        await actorFor(ctx, 'handler.transport'),
      ];
    });
    after(() => t.close());

    const register = async (body: string) =>
      (
        await registerRequest(ctx, {
          actor: operator,
          channel: 'hotline',
          input: { body, reporter: { phone: '13700000000' } },
        })
      ).request.id;
    const act = (actor: Actor, id: number, action: Action, input: object = {}) =>
      performAction(ctx, { actor, requestId: id, action, input });
    const events = (id: number, type: string) => eventCount(ctx.db, id, type);

    test('overdue requests are marked and escalated once, and each run is capped', async () => {
      const realNow = new Date();
      clock = new Date(realNow.getTime() - 20 * DAY);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const id = await register(`公交站台损坏 ${i}`);
        await act(dispatcher, id, 'dispatch', { department_code: 'transport' });
        ids.push(id);
      }
      await act(handler, ids[2]!, 'sign');
      clock = realNow;
      const first = await sweepDeadlines(ctx, J, 2);
      assert.equal(first.marked, 4, 'capped at 2 per kind: 2 of 2 sign-overdue, 2 of 3 reply-overdue');
      const second = await sweepDeadlines(ctx, J, 100);
      assert.equal(second.marked, 1, 'the third reply-overdue');
      const third = await sweepDeadlines(ctx, J, 100);
      assert.equal(third.marked, 0, 'idempotent');
      for (const id of ids.slice(0, 2)) {
        const r = await ctx.db
          .selectFrom('requests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(r.sign_overdue, true);
        assert.equal(r.reply_overdue, true);
        assert.equal(r.escalated, true);
        assert.equal(await events(id, 'overdue'), 2);
      }
      const signed = await ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', ids[2]!)
        .executeTakeFirstOrThrow();
      assert.equal(signed.sign_overdue, false, 'signed in time');
      assert.equal(signed.reply_overdue, true);
      assert.ok((await outboxPayloads(ctx.db, 'request.escalated')).length >= 5);
    });

    test('a reply without follow-up closes itself after the configured working days', async () => {
      const realNow = new Date();
      clock = new Date(realNow.getTime() - 12 * DAY);
      const stale = await register('路灯不亮');
      await act(dispatcher, stale, 'dispatch', { department_code: 'transport' });
      await act(handler, stale, 'sign');
      await act(handler, stale, 'reply', { text: '已修复' });
      clock = new Date(realNow.getTime() - 1 * DAY);
      const fresh = await register('路灯又不亮');
      await act(dispatcher, fresh, 'dispatch', { department_code: 'transport' });
      await act(handler, fresh, 'sign');
      await act(handler, fresh, 'reply', { text: '已修复' });
      clock = realNow;
      const result = await sweepDeadlines(ctx, J);
      assert.ok(result.closed >= 1);
      const status = async (id: number) =>
        (await ctx.db.selectFrom('requests').select('status').where('id', '=', id).executeTakeFirstOrThrow())
          .status;
      assert.equal(await status(stale), 'closed');
      assert.equal(await status(fresh), 'replied');
      assert.equal(await events(stale, 'auto-close'), 1);
    });

    test('the SQL metrics agree with the pure definitions on a varied set', async () => {
      const realNow = new Date();
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let i = 0; i < 40; i++) {
        clock = new Date(realNow.getTime() - (2 + rnd() * 25) * DAY);
        const id = await register(`测试诉求 ${i}`);
        if (rnd() < 0.15) continue;
        await act(dispatcher, id, 'dispatch', { department_code: 'transport' });
        clock = new Date(clock.getTime() + rnd() * 3 * DAY);
        if (rnd() < 0.2) continue;
        await act(handler, id, 'sign');
        if (rnd() < 0.5) await act(handler, id, 'contact', { note: '已联系' });
        clock = new Date(clock.getTime() + rnd() * 10 * DAY);
        if (rnd() < 0.25) continue;
        await act(handler, id, 'reply', { text: '已处理' });
        if (rnd() < 0.3) continue;
        const s = (['satisfied', 'basically_satisfied', 'unsatisfied'] as const)[Math.floor(rnd() * 3)]!;
        await act(operator, id, 'follow-up', { resolved: s !== 'unsatisfied', satisfaction: s });
        if (rnd() < 0.7) await act(operator, id, 'close');
      }
      clock = realNow;
      const from = new Date(realNow.getTime() - 60 * DAY);
      const rows = await ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('jurisdiction_id', '=', J)
        .where('created_at', '>=', from)
        .where('status', '!=', 'merged')
        .execute();
      const pure = count(rows, realNow);
      /** The counts since `since`, grouped. */
      const counts = (groupBy: GroupBy, since = from) =>
        countsBy(ctx.db, { jurisdictionId: J, from: since, to: realNow, now: realNow, groupBy });
      const total = (groups: { counts: { total: number } }[]) =>
        groups.reduce((n, g) => n + g.counts.total, 0);
      const [sqlOverall] = await counts('none');
      assert.deepEqual(sqlOverall!.counts, pure);
      assert.ok(pure.dispatched > 10 && pure.followed_up > 3 && pure.responded > 0, JSON.stringify(pure));
      const closed = rows.filter((r) => r.status === 'closed').length;
      assert.ok(closed >= 3, `closed requests exercise the roll-up: ${closed}`);
      // A period starting mid-day: whole days from the roll-up, the partial first day counted live.
      const midFrom = new Date(from.getTime() + 5.5 * 3_600_000);
      const [mid] = await counts('none', midFrom);
      assert.deepEqual(
        mid!.counts,
        count(
          rows.filter((r) => r.created_at >= midFrom),
          realNow,
        ),
      );
      assert.equal(total(await counts('day')), pure.total);
      const byDept = await counts('department');
      assert.deepEqual(
        byDept.find((g) => g.key === 'transport')!.counts,
        count(
          rows.filter((r) => r.department_code === 'transport'),
          realNow,
        ),
      );
      assert.equal(total(await counts('category_level1')), pure.total);
    });

    test('a reply due today is due and overdue from its deadline on; a merged duplicate stops counting', async () => {
      const realNow = new Date();
      const from = new Date(realNow.getTime() - 3 * DAY);
      const to = new Date(realNow.getTime() + 60_000);
      const figures = async (now: Date) => {
        const rows = await ctx.db
          .selectFrom('requests')
          .selectAll()
          .where('jurisdiction_id', '=', J)
          .where('created_at', '>=', from)
          .where('created_at', '<', to)
          .where('status', '!=', 'merged')
          .execute();
        const [sqlOverall] = await countsBy(ctx.db, { jurisdictionId: J, from, to, now, groupBy: 'none' });
        return { sql: sqlOverall!.counts, pure: count(rows, now) };
      };
      // Urgent: the reply is due 24 hours after dispatch, an hour before now.
      clock = new Date(realNow.getTime() - 25 * 3_600_000);
      const urgent = (
        await registerRequest(ctx, {
          actor: operator,
          channel: 'hotline',
          input: { body: '路口红绿灯不亮，车辆拥堵', urgent: true, reporter: { phone: '13700000001' } },
        })
      ).request.id;
      await act(dispatcher, urgent, 'dispatch', { department_code: 'transport' });
      const replyBy = (
        await ctx.db
          .selectFrom('requests')
          .select('reply_by')
          .where('id', '=', urgent)
          .executeTakeFirstOrThrow()
      ).reply_by!;
      assert.ok(replyBy < realNow && replyBy > new Date(realNow.getTime() - 2 * 3_600_000), String(replyBy));
      clock = realNow;
      const before = await figures(new Date(replyBy.getTime() - 60_000));
      const after = await figures(realNow);
      assert.deepEqual(before.sql, before.pure);
      assert.deepEqual(after.sql, after.pure);
      assert.equal(
        after.sql.overdue_open,
        before.sql.overdue_open + 1,
        'overdue once its deadline has passed',
      );
      assert.equal(after.sql.replies_due, before.sql.replies_due + 1);

      const duplicate = await register('路口红绿灯不亮');
      const withDuplicate = await figures(realNow);
      await act(dispatcher, duplicate, 'merge', { into_id: urgent });
      const merged = await figures(realNow);
      assert.deepEqual(merged.sql, merged.pure);
      assert.equal(merged.sql.total, withDuplicate.sql.total - 1);
    });
  });
}
