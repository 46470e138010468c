/**
 * Staff notifications on both databases: a department's staff told of a dispatch to it and of its deadlines due
 * within hours, its head of 督办, the centre's supervisors of returns escalated; other departments and roles
 * told nothing of it (and other staff have none); marking read clears the badge until something new; residents and anonymous callers refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.js';
import { demoActors } from '../../src/demo/users.js';
import { DEADLINE_SOON_HOURS } from '../../src/notifications/kinds.js';
import { notificationsOf } from '../../src/notifications/queries.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

type Note = { kind: string; ticket_no: string; unread: boolean; deadline_at: string | null; at: string };

for (const kind of dbKinds()) {
  describe(`staff notifications (${kind})`, () => {
    let t: TestContext;
    let ctx: AppContext;
    let app: FastifyInstance;
    let operator: Client,
      dispatcher: Client,
      housing: Client,
      head: Client,
      urban: Client,
      supervisor: Client;
    const otps = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      ctx = t.ctx;
      app = await testApp(ctx, { deliverOtp: async (p, c) => void otps.set(p, c) });
      [operator, dispatcher, housing, head, urban, supervisor] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.housing',
        'head.housing',
        'handler.urban-mgmt',
        'supervisor',
      );
    });
    after(() => closeTestApp(app, t));

    const file = async () =>
      ok(
        await operator.post('/api/v1/requests', {
          body: '小区5号楼门口的路灯坏了两周，晚上出行不便，请尽快修理。',
          type: '投诉',
          area_code: 'xc-wangting-guoyuan',
          category_code: '010201',
          reporter: { name: '王五', phone: '13911118888' },
        }),
        201,
      ) as { id: number; ticket_no: string };
    const notes = async (c: Client) =>
      ok(await c.get('/api/v1/notifications')) as { unread: number; items: Note[] };
    const of = (n: { items: Note[] }, ticket: string) => n.items.filter((i) => i.ticket_no === ticket);

    test('a dispatch is news to the department, not to another; marking read clears it', async () => {
      const r = await file();
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
      for (const c of [housing, head]) {
        const n = await notes(c);
        assert.deepEqual(
          of(n, r.ticket_no).map((i) => [i.kind, i.unread]),
          [['dispatched', true]],
        );
        assert.ok(n.unread >= 1);
      }
      assert.deepEqual(of(await notes(urban), r.ticket_no), []);
      refused(await operator.get('/api/v1/notifications'), 403, 'forbidden');

      const read = ok(await housing.post('/api/v1/notifications/read'));
      assert.equal(read.unread, 0);
      assert.deepEqual(
        of(read, r.ticket_no).map((i: Note) => i.unread),
        [false],
      );
      assert.equal((await notes(head)).unread >= 1, true, 'each member of staff reads their own');

      const next = await file();
      ok(await dispatcher.act(next.id, 'dispatch', { department_code: 'housing' }));
      const after = await notes(housing);
      assert.equal(after.unread, 1);
      assert.equal(after.items[0]!.ticket_no, next.ticket_no, 'newest first');
    });

    test('督办 is news to the department’s head; returns escalated to the supervisors', async () => {
      const r = await file();
      ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
      ok(await supervisor.act(r.id, 'supervise', { note: '请加快办理' }));
      assert.deepEqual(
        of(await notes(head), r.ticket_no).map((i) => i.kind),
        ['supervised', 'dispatched'],
      );
      assert.deepEqual(
        of(await notes(housing), r.ticket_no).map((i) => i.kind),
        ['dispatched'],
      );

      const bounced = await file();
      ok(await dispatcher.act(bounced.id, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(bounced.id, 'return', { reason: '不属于本部门职责' }));
      ok(await dispatcher.act(bounced.id, 'dispatch', { department_code: 'urban-mgmt' }));
      ok(await urban.act(bounced.id, 'return', { reason: '应由住建部门处理' }));
      assert.deepEqual(
        of(await notes(supervisor), bounced.ticket_no).map((i) => [i.kind, i.unread]),
        [['escalated_returns', true]],
      );
    });

    test('a deadline due within hours is news to the department until it falls', async () => {
      const r = await file();
      const dispatched = ok(await dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
      const signBy = new Date(dispatched.deadlines.sign_by);
      const actors = await demoActors(ctx.db, ctx.config.defaultJurisdiction);
      // read at a time of its own (a session would have ended by then): the query is given its clock
      const due = async (username: string, hoursBefore: number) =>
        (
          await notificationsOf(ctx, actors(username), new Date(signBy.getTime() - hoursBefore * 3_600_000))
        ).items.filter((i) => i.ticket_no === r.ticket_no && i.kind === 'deadline_soon');
      assert.deepEqual(await due('handler.housing', DEADLINE_SOON_HOURS + 1), []);
      const [soon] = await due('handler.housing', 1);
      assert.ok(soon);
      assert.equal(soon.deadline_at!.getTime(), signBy.getTime());
      assert.equal(soon.at.getTime(), signBy.getTime() - DEADLINE_SOON_HOURS * 3_600_000);
      assert.equal((await due('head.housing', 1)).length, 1);
      assert.deepEqual(await due('handler.urban-mgmt', 1), []);
      assert.deepEqual(await due('handler.housing', -0.01), [], 'once it fell, the overdue sweep takes over');
      ok(await housing.act(r.id, 'sign'));
      assert.deepEqual(await due('handler.housing', 1), [], 'signed: the reply deadline is days away');
    });

    test('residents and anonymous callers are refused', async () => {
      const resident = await Client.resident(app, otps, '13911119999');
      refused(await resident.get('/api/v1/notifications'), 403, 'forbidden');
      refused(await new Client(app).get('/api/v1/notifications'), 401, 'unauthenticated');
      refused(await new Client(app).post('/api/v1/notifications/read'), 401, 'unauthenticated');
    });
  });
}
