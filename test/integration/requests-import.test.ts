/**
 * 历史工单导入 on both databases: past requests with their lifecycles imported from JSON lines and CSV, bad rows
 * reported and not imported, a re-run importing nothing twice, and the metrics roll-up exact afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/http/actor.js';
import { count } from '../../src/metrics/definitions.js';
import { countsBy } from '../../src/metrics/query.js';
import { importHistory } from '../../src/requests/commands/import-history.js';
import { requestsCli } from '../../src/requests/import/cli.js';
import { actorFor } from '../support/actors.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';

const J = 'xiangcheng';

const at = (day: number, hour: number) =>
  `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const story = (d: number, satisfaction: string, department = 'housing') => [
  { type: 'dispatch', at: at(d, 10), department_code: department },
  { type: 'sign', at: at(d, 11) },
  { type: 'contact', at: at(d, 15), text: '已联系' },
  { type: 'reply', at: at(d + 2, 10), text: '已处理' },
  { type: 'follow-up', at: at(d + 3, 10), resolved: satisfaction !== 'unsatisfied', satisfaction },
  { type: 'close', at: at(d + 3, 11) },
];
const base = (n: number, more: Record<string, unknown> = {}) => ({
  source_ticket_no: `OLD-${n}`,
  title: `历史诉求${n}`,
  body: `小区路灯不亮，第${n}件`,
  created_at: at(3 + (n % 10), 9),
  status: 'closed',
  ...more,
});

const good = [
  ...Array.from({ length: 20 }, (_, n) =>
    base(n, {
      events: story(3 + (n % 10), ['satisfied', 'basically_satisfied', 'unsatisfied'][n % 3]!),
      reporter: { name: '王小明', phone: `1390000${String(n).padStart(4, '0')}` },
    }),
  ),
  base(20, { status: 'registered' }),
  base(21, { status: 'signed', events: story(4, 'satisfied').slice(0, 2) }),
  base(22, { status: 'withdrawn', events: [{ type: 'withdraw', at: at(20, 10), text: '已自行解决' }] }),
];
const bad = [
  base(30, { status: 'replied' }),
  base(31, { created_at: '2025-03-03 09:00' }),
  base(32, { department_code: 'no-such-department' }),
  base(33, { events: story(6, 'satisfied').slice(0, 3) }),
  base(5),
];
const jsonl = (rows: unknown[]) =>
  Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');

for (const kind of dbKinds()) {
  describe(`historical import (${kind})`, () => {
    let t: TestContext;
    before(async () => {
      t = await openTestContext(kind);
    });
    after(() => t.close());

    test('good rows are imported whole, bad ones reported with their line; a re-run imports nothing twice', async () => {
      const actor = systemActor(J, '历史工单导入');
      const file = jsonl([...good, ...bad]);
      const dry = await importHistory(t.ctx, { actor, file, dryRun: true });
      assert.equal(dry.imported, 0);
      assert.equal(dry.rejected, 6, JSON.stringify(dry.errors));
      const report = await importHistory(t.ctx, { actor, file });
      assert.deepEqual(
        { rows: report.rows, imported: report.imported, skipped: report.skipped, rejected: report.rejected },
        { rows: good.length + bad.length + 1, imported: good.length, skipped: 0, rejected: 6 },
      );
      const byLine = new Map(report.errors.map((e) => [e.line, e.reasons.join('；')]));
      assert.match(byLine.get(good.length + 1)!, /须附其经过/);
      assert.match(byLine.get(good.length + 2)!, /created_at/);
      assert.match(byLine.get(good.length + 3)!, /department_code no-such-department 不存在/);
      assert.match(byLine.get(good.length + 4)!, /止于 in_progress，与状态 closed 不符/);
      assert.match(byLine.get(good.length + 5)!, /工单号 OLD-5 在文件中重复/);
      assert.match(byLine.get(good.length + 6)!, /不是有效的 JSON/);

      const again = await importHistory(t.ctx, { actor, file });
      assert.equal(again.imported, 0);
      assert.equal(again.skipped, good.length);
      const stored = await t.ctx.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_ticket_no', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), good.length);
    });

    test('an imported request: its lifecycle, its timeline, its reporter encrypted, no message sent', async () => {
      const r = await t.ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('source_ticket_no', '=', 'OLD-1')
        .executeTakeFirstOrThrow();
      assert.equal(r.status, 'closed');
      assert.equal(r.department_code, 'housing');
      assert.match(r.ticket_no, /^20250304\d{6,}$/);
      assert.ok(r.sign_by && r.reply_by && r.signed_at && r.replied_at && r.closed_at);
      assert.equal(r.followup_satisfaction, 'basically_satisfied');
      assert.notEqual(r.reporter_phone_enc, null);
      assert.doesNotMatch(r.reporter_phone_enc!, /1390000/);
      assert.equal(t.ctx.vault.decrypt(r.reporter_phone_enc!), '13900000001');
      assert.equal(r.reporter_phone_mask, '139****0001');
      assert.notEqual(r.triaged_at, null);
      const events = await t.ctx.db
        .selectFrom('request_events')
        .select(['seq', 'type', 'to_status'])
        .where('request_id', '=', r.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        events.map((e) => `${e.seq}:${e.type}:${e.to_status}`),
        [
          '1:register:registered',
          '2:dispatch:dispatched',
          '3:sign:signed',
          '4:contact:in_progress',
          '5:reply:replied',
          '6:follow-up:followed_up',
          '7:close:closed',
        ],
      );
      const open = await t.ctx.db
        .selectFrom('requests')
        .select(['status', 'triaged_at'])
        .where('source_ticket_no', 'in', ['OLD-20', 'OLD-21'])
        .execute();
      assert.deepEqual(
        open.map((o) => o.triaged_at),
        [null, null],
        'open ones are left for the worker to triage',
      );
      const outbox = await t.ctx.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(outbox.n), 0);
    });

    test('the metrics roll-up is exact afterwards: the SQL counts equal the pure definitions over the rows', async () => {
      const rows = await t.ctx.db
        .selectFrom('requests')
        .selectAll()
        .where('status', '!=', 'merged')
        .execute();
      const now = new Date();
      const [sql] = await countsBy(t.ctx.db, {
        jurisdictionId: J,
        from: new Date('2025-01-01T00:00:00Z'),
        to: now,
        now,
        groupBy: 'none',
      });
      const pure = count(rows, now);
      assert.deepEqual(sql!.counts, pure);
      assert.equal(pure.followed_up, 20);
      assert.ok(pure.responded > 0 && pure.satisfied > 0 && pure.resolved > 0, JSON.stringify(pure));
    });

    test('a CSV with the same column names, through the command line; staff other than admins are refused', async () => {
      const lines: string[] = [];
      const errors: string[] = [];
      const csv =
        'source_ticket_no,title,body,created_at,status,reporter_phone,urgent,events\n' +
        `CSV-1,路面坑洼,"人民路有坑,需修补",2025-04-01T09:00:00+08:00,registered,13911112222,否,\n` +
        `CSV-2,噪音,夜间施工噪音,2025-04-02T09:00:00+08:00,dispatched,,是,"${JSON.stringify([{ type: 'dispatch', at: '2025-04-02T10:00:00+08:00', department_code: 'housing' }]).replaceAll('"', '""')}"\n` +
        'CSV-3,缺正文,,2025-04-02T09:00:00+08:00,registered,,,\n';
      const fs = await import('node:fs');
      const path = `${process.env.TMPDIR ?? '/tmp'}/banshi-import-${process.pid}-${kind}.csv`;
      fs.writeFileSync(path, csv);
      try {
        await requestsCli(['import', path], t.ctx, { out: (s) => lines.push(s), err: (s) => errors.push(s) });
      } finally {
        fs.rmSync(path);
      }
      assert.equal(lines.at(-1), '3 行：导入 2，已存在跳过 0，有误未导入 1');
      assert.match(errors.join('\n'), /第 4 行（CSV-3）：body/);
      const urgent = await t.ctx.db
        .selectFrom('requests')
        .select(['urgent', 'status', 'dispatched_at'])
        .where('source_ticket_no', '=', 'CSV-2')
        .executeTakeFirstOrThrow();
      assert.equal(urgent.urgent, true);
      assert.equal(urgent.status, 'dispatched');
      await assert.rejects(
        importHistory(t.ctx, { actor: await actorFor(t.ctx, 'supervisor'), file: Buffer.from(csv) }),
        (e: { code?: string }) => e.code === 'forbidden',
      );
    });
  });
}
