import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/http/actor.js';
import { performAction } from '../../src/requests/commands/perform-action.js';
import {
  prepareRegistration,
  registerRequest,
  writeRegistrations,
} from '../../src/requests/commands/register.js';
import { claimForTriage } from '../../src/requests/write/mark-triaged.js';
import { triageNext, triageRequests, untriagedCount } from '../../src/triage/triage.js';
import { triageQueue } from '../../src/triage/queue.js';
import { actorFor } from '../support/actors.js';
import { dbKinds, eventCount, openTestContext, type TestContext } from '../support/db.js';

const WAGES = {
  title: '公司拖欠农民工工资半年',
  body: '我们在某建筑工地干活，包工头拖欠我们二十多名农民工半年工资，多次讨要无果，请劳动监察部门帮助追讨。',
  reporter: { phone: '13800001111' },
};

for (const kind of dbKinds()) {
  describe(`triage after registration (${kind})`, () => {
    let t: TestContext;
    let operator: Actor, dispatcher: Actor;

    /**
     * What a process killed between its commit and its triage leaves: a committed, untriaged registration. Each
     * test files from another community, so that none is a repeat of another test's request.
     */
    const committedUntriaged = async (area_code: string) => {
      const item = await prepareRegistration(t.ctx, {
        actor: operator,
        input: { ...WAGES, area_code },
        channel: 'hotline',
      });
      const [row] = await t.ctx.db.transaction().execute((tx) => writeRegistrations(tx, [item]));
      return row!;
    };
    const state = (id: number) =>
      t.ctx.db
        .selectFrom('requests')
        .select(['status', 'triaged_at', 'department_code', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const bands = async (id: number) =>
      (
        await t.ctx.db
          .selectFrom('request_text_bands')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('request_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n;
    const events = (id: number, type: string) => eventCount(t.ctx.db, id, type);

    before(async () => {
      t = await openTestContext(kind, { BANSHI_AUTO_DISPATCH_THRESHOLD: '0.8' });
      operator = await actorFor(t.ctx, 'operator');
      dispatcher = await actorFor(t.ctx, 'dispatcher');
    });
    after(() => t.close());

    test('a registration is answered before triage; triage indexes it and dispatches it', async () => {
      const { request } = await registerRequest(t.ctx, {
        actor: operator,
        input: { ...WAGES, area_code: 'xc-wangting-guoyuan' },
        channel: 'hotline',
      });
      assert.equal(request.status, 'registered');
      assert.equal(request.triaged_at, null);
      await triageQueue(t.ctx.db).idle();
      const after = await state(request.id);
      assert.ok(after.triaged_at instanceof Date);
      assert.equal(after.status, 'dispatched');
      assert.equal(after.department_code, 'hrss');
      assert.ok(Number(await bands(request.id)) > 0, 'indexed for the duplicate lookup');
    });

    test('recovery triages what a killed process committed but never triaged', async () => {
      const row = await committedUntriaged('xc-huangdai-chunshen');
      assert.equal(Number(await bands(row.id)), 0);
      const recovered = await triageQueue(t.ctx.db).recover(t.ctx, { cap: 100 });
      assert.ok(recovered >= 1);
      const after = await state(row.id);
      assert.ok(after.triaged_at instanceof Date);
      assert.equal(after.status, 'dispatched');
      assert.ok(Number(await bands(row.id)) > 0);
      assert.equal(await triageQueue(t.ctx.db).recover(t.ctx, { cap: 100 }), 0, 'nothing left');
    });

    test('the sweep leaves a fresh registration to the process that made it', async () => {
      const row = await committedUntriaged('xc-weitang-fengyang');
      const n = await triageQueue(t.ctx.db).recover(t.ctx, {
        cap: 100,
        olderThan: new Date(row.created_at.getTime() - 1000),
      });
      assert.equal(n, 0);
      assert.equal((await state(row.id)).triaged_at, null);
      await triageQueue(t.ctx.db).recover(t.ctx, { cap: 100 });
    });

    test('two triages of the same request: one claims it, one dispatch', async () => {
      const row = await committedUntriaged('xc-beiqiao-beiqiao');
      const [a, b] = await Promise.all([
        triageRequests(t.ctx, row.jurisdiction_id, [row]),
        triageRequests(t.ctx, row.jurisdiction_id, [row]),
      ]);
      assert.equal(a.claimed + b.claimed, 1);
      assert.equal(a.autoDispatched + b.autoDispatched, 1);
      assert.equal(await events(row.id, 'auto-dispatch'), 1);
    });

    test('workers claim under a lease: never the same request, a killed worker’s once its lease ends', async () => {
      const areas = ['xc-caohu-caohu', 'xc-caohu-dongqiao', 'xc-taiping-taiping', 'xc-gaotie-chenghe'];
      const ids = (await Promise.all(areas.map(committedUntriaged))).map((r) => r.id).sort((a, b) => a - b);
      assert.equal(await untriagedCount(t.ctx), ids.length);
      // Two workers claim at once (on a server, side by side): each takes what the other did not.
      const now = new Date();
      const lease = { now, leaseUntil: new Date(now.getTime() + 60_000) };
      const [a, b] = await Promise.all([
        claimForTriage(t.ctx.db, { limit: 3, ...lease }),
        claimForTriage(t.ctx.db, { limit: 3, ...lease }),
      ]);
      const claimed = [...a, ...b].map((r) => r.id).sort((x, y) => x - y);
      assert.deepEqual(claimed, ids, `${a.map((r) => r.id)} and ${b.map((r) => r.id)}`);
      // Both are killed before triaging: nobody takes the requests while the leases hold ...
      assert.deepEqual(await triageNext(t.ctx, 10), { claimed: 0, autoDispatched: 0, heldAsRepeat: 0 });
      assert.equal(await triageQueue(t.ctx.db).recover(t.ctx, { cap: 100 }), 0);
      // ... and a worker takes them all once they have run out, each once.
      const later = { ...t.ctx, now: () => new Date(lease.leaseUntil.getTime() + 1000) };
      const outcome = await triageNext(later, 10);
      assert.equal(outcome.claimed, ids.length);
      for (const id of ids) {
        const row = await t.ctx.db
          .selectFrom('requests')
          .select(['triaged_at', 'triage_lease_until', 'suggestions'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.ok(row.triaged_at instanceof Date && row.suggestions, `#${id} triaged`);
        assert.equal(row.triage_lease_until, null);
        assert.ok((await events(id, 'auto-dispatch')) <= 1);
        assert.ok(Number(await bands(id)) > 0);
      }
      assert.equal(await untriagedCount(t.ctx), 0);
      assert.equal((await triageNext(later, 10)).claimed, 0);
    });

    test('a dispatcher who acts first decides; triage then only indexes', async () => {
      const row = await committedUntriaged('xc-wangting-yinghu');
      await performAction(t.ctx, {
        actor: dispatcher,
        requestId: row.id,
        action: 'dispatch',
        input: { department_code: 'wangting-town' },
      });
      const outcome = await triageRequests(t.ctx, row.jurisdiction_id, [row]);
      assert.deepEqual(outcome, { claimed: 1, autoDispatched: 0, heldAsRepeat: 0 });
      const after = await state(row.id);
      assert.equal(after.department_code, 'wangting-town');
      assert.equal(await events(row.id, 'auto-dispatch'), 0);
      assert.ok(Number(await bands(row.id)) > 0);
    });
  });
}
