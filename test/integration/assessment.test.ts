/**
 * The month's assessment agrees with a reference computed request by request (the metric definitions over the
 * rows, the deductions over the events), a closed month's scores never change after later events, and scheme
 * versions apply from their month.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthInputs } from '../../src/assessment/inputs.js';
import { addMonths, boundsOf, monthOf } from '../../src/assessment/month.js';
import { DEFAULT_SCHEME } from '../../src/assessment/scheme.js';
import { saveScheme, schemeFor } from '../../src/assessment/schemes.js';
import { scoreMonth, type UnitCounts } from '../../src/assessment/score.js';
import { monthScores } from '../../src/assessment/scores.js';
import type { AppContext } from '../../src/context.js';
import type { Actor, UserActor } from '../../src/http/actor.js';
import { AppError } from '../../src/http/errors.js';
import { count } from '../../src/metrics/definitions.js';
import { performAction } from '../../src/requests/commands/perform-action.js';
import { registerRequest } from '../../src/requests/commands/register.js';
import { localDate } from '../../src/requests/deadlines.js';
import type { Action } from '../../src/requests/workflow.js';
import { actorFor } from '../support/actors.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';

const DAY = 86_400_000;
const J = 'xiangcheng';
const TZ = 'Asia/Shanghai';

for (const kind of dbKinds()) {
  describe(`assessment (${kind})`, () => {
    let t: TestContext;
    let clock = new Date();
    let ctx: AppContext;
    let operator: Actor, dispatcher: Actor;
    let handlers: UserActor[];
    const realNow = new Date();
    // two months back: closed (and frozen at its first reading) whatever today's date
    const month = addMonths(monthOf(localDate(realNow, TZ)), -2);
    const { from, to } = boundsOf(month, TZ);

    before(async () => {
      t = await openTestContext(kind);
      ctx = { ...t.ctx, now: () => clock };
      [operator, dispatcher] = [await actorFor(ctx, 'operator'), await actorFor(ctx, 'dispatcher')];
      handlers = [
        (await actorFor(ctx, 'handler.transport')) as UserActor,
        (await actorFor(ctx, 'handler.housing')) as UserActor,
        (await actorFor(ctx, 'handler.urban-mgmt')) as UserActor,
      ];
    });
    after(() => t.close());

    const act = (actor: Actor, id: number, action: Action, input: object = {}) =>
      performAction(ctx, { actor, requestId: id, action, input });

    test('a month’s scores agree with the reference, request by request', async () => {
      let seed = 11;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let i = 0; i < 60; i++) {
        clock = new Date(from.getTime() + rnd() * 20 * DAY);
        const id = (
          await registerRequest(ctx, {
            actor: operator,
            channel: 'hotline',
            input: {
              body: `考核测试诉求 ${i}`,
              reporter: { phone: '13700000000' },
              area_code: 'xc-wangting',
            },
          })
        ).request.id;
        if (rnd() < 0.1) continue;
        let handler = handlers[Math.floor(rnd() * handlers.length)]!;
        await act(dispatcher, id, 'dispatch', { department_code: handler.departmentCode });
        clock = new Date(clock.getTime() + rnd() * 2 * DAY);
        if (rnd() < 0.2) {
          await act(handler, id, 'return', { reason: '不属于本单位职责' });
          handler = handlers[(handlers.indexOf(handler) + 1) % handlers.length]!;
          await act(dispatcher, id, 'dispatch', { department_code: handler.departmentCode });
        }
        if (rnd() < 0.15) continue;
        await act(handler, id, 'sign');
        if (rnd() < 0.6) await act(handler, id, 'contact', { note: '已联系' });
        clock = new Date(clock.getTime() + rnd() * 12 * DAY);
        if (rnd() < 0.2) continue;
        await act(handler, id, 'reply', { text: '已处理完毕' });
        if (rnd() < 0.2) continue;
        const s = (['satisfied', 'basically_satisfied', 'unsatisfied'] as const)[Math.floor(rnd() * 3)]!;
        await act(operator, id, 'follow-up', { resolved: s !== 'unsatisfied', satisfaction: s });
        if (s === 'unsatisfied' && rnd() < 0.6) await act(operator, id, 'reopen', { reason: '群众不满意' });
      }
      clock = realNow;

      // The reference: the definitions over each department's rows, the deductions over the month's events.
      const rows = await ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('jurisdiction_id', '=', J)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .where('status', '!=', 'merged')
        .execute();
      const events = await ctx.db
        .selectFrom('request_events as e')
        .innerJoin('requests as r', (j) => j.onRef('r.id', '=', 'e.request_id'))
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .select(['e.type', 'u.department_code as actor_department', 'r.department_code'])
        .where('e.type', 'in', ['return', 'reopen'])
        .where('e.at', '>=', from)
        .where('e.at', '<', to)
        .execute();
      const reference = new Map<string, UnitCounts>();
      for (const h of handlers) {
        const code = h.departmentCode!;
        const c = count(
          rows.filter((r) => r.department_code === code),
          realNow,
        );
        reference.set(code, {
          dispatched: c.dispatched,
          responded: c.responded,
          followed_up: c.followed_up,
          resolved: c.resolved,
          satisfied: c.satisfied,
          replies_due: c.replies_due,
          replied_on_time: c.replied_on_time,
          returned: events.filter((e) => e.type === 'return' && e.actor_department === code).length,
          reopened: events.filter((e) => e.type === 'reopen' && e.department_code === code).length,
          overdue: c.replies_due - c.replied_on_time,
          sent_back: 0,
        });
      }
      const total = [...reference.values()];
      assert.ok(total.reduce((n, c) => n + c.returned, 0) > 0, 'returns exercised');
      assert.ok(total.reduce((n, c) => n + c.reopened, 0) > 0, 'reopens exercised');
      assert.ok(total.reduce((n, c) => n + c.followed_up, 0) > 5, 'follow-ups exercised');

      const inputs = await monthInputs(ctx.db, J, month, realNow);
      for (const [code, counts] of reference)
        assert.deepEqual(
          inputs.find((u) => u.kind === 'department' && u.code === code)!.counts,
          counts,
          code,
        );

      const scheme = { ...DEFAULT_SCHEME, minSample: 3 };
      const expected = scoreMonth(
        scheme,
        handlers.map((h) => ({
          kind: 'department' as const,
          code: h.departmentCode!,
          name: '',
          counts: reference.get(h.departmentCode!)!,
        })),
      );
      const preview = await monthScores(ctx, J, month, scheme);
      assert.equal(preview.status, 'preview');
      for (const e of expected) {
        const got = preview.units.find((u) => u.kind === 'department' && u.code === e.code)!;
        assert.equal(got.score, e.score, e.code);
      }
      const ranked = preview.units.filter((u) => u.kind === 'department' && u.ranked).map((u) => u.rank);
      assert.deepEqual(
        ranked,
        [...ranked].sort((a, b) => a! - b!),
      );
    });

    test('a closed month is frozen at its first reading and unchanged by later events', async () => {
      clock = realNow;
      const first = await monthScores(ctx, J, month);
      assert.equal(first.status, 'frozen');
      assert.equal(first.scheme.version, 0);
      const open = await ctx.db
        .selectFrom('requests')
        .select('id')
        .where('jurisdiction_id', '=', J)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .where('status', '=', 'replied')
        .executeTakeFirstOrThrow();
      // a late follow-up of one of the month's requests changes its counts, not its frozen scores
      await act(operator, open.id, 'follow-up', { resolved: false, satisfaction: 'unsatisfied' });
      const again = await monthScores(ctx, J, month);
      assert.deepEqual(again.units, first.units);
      assert.equal(again.inputs_hash, first.inputs_hash);
      const recount = await monthInputs(ctx.db, J, month, realNow);
      const before = first.units.filter((u) => u.kind === 'department').map((u) => u.counts.followed_up);
      const after = recount.filter((u) => u.kind === 'department').map((u) => u.counts.followed_up);
      assert.notDeepEqual(after.sort(), before.sort(), 'the live counts did move');
    });

    test('the current month is provisional; a scheme takes effect from its month, never a closed one', async () => {
      clock = realNow;
      const current = monthOf(localDate(realNow, TZ));
      assert.equal((await monthScores(ctx, J, current)).status, 'provisional');
      const admin = { jurisdictionId: J, userId: null, note: '', today: localDate(realNow, TZ) };
      await assert.rejects(
        saveScheme(ctx.db, {
          ...admin,
          effectiveMonth: current,
          scheme: { ...DEFAULT_SCHEME, weights: { ...DEFAULT_SCHEME.weights, on_time: 0.5 } },
        }),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_scheme',
      );
      await assert.rejects(
        saveScheme(ctx.db, { ...admin, effectiveMonth: month, scheme: DEFAULT_SCHEME }),
        (e: unknown) => e instanceof AppError && e.code === 'month_closed',
      );
      const weights = { response: 0.25, resolution: 0.25, satisfaction: 0.25, on_time: 0.25 };
      const saved = await saveScheme(ctx.db, {
        ...admin,
        effectiveMonth: current,
        scheme: { ...DEFAULT_SCHEME, weights },
      });
      assert.equal(saved.version, 1);
      assert.deepEqual((await schemeFor(ctx.db, J, current)).scheme.weights, weights);
      assert.equal((await schemeFor(ctx.db, J, month)).version, 0);
      assert.equal((await monthScores(ctx, J, current)).scheme.version, 1);
      assert.equal(
        (await monthScores(ctx, J, month)).scheme.version,
        0,
        'the frozen month keeps its version',
      );
    });
  });
}
