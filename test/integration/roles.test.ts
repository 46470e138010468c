/**
 * `banshi serve --role web|worker|all` and `--processes N`: PGlite refuses any role but `all`; on PostgreSQL two
 * web processes (one `--processes 2`) and two workers take a load of registrations while one web process and one
 * worker are killed with SIGKILL. Every acknowledged registration is in the database, each triaged once, each
 * message to its reporter sent (under its key, twice only when the killed worker had sent it before its lease
 * ran out).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DEMO_PASSWORD, openTestContext } from '../support/db.js';
import {
  cleanUp,
  exited,
  fetchJson,
  kill9,
  removeLater,
  runCli,
  show,
  startServer,
  type Server,
} from '../support/process.js';

after(cleanUp);

describe('serve roles (pglite)', () => {
  test('the embedded database refuses a web or worker role and several processes', async () => {
    const dir = removeLater(fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-roles-')));
    for (const args of [
      ['--role', 'web'],
      ['--role', 'worker'],
      ['--processes', '2'],
    ]) {
      const r = await runCli(['serve', ...args], { BANSHI_DATA_DIR: dir }, { timeoutMs: 120_000 });
      assert.notEqual(r.code, 0, show(r));
      assert.match(r.stderr, /PGlite\) is held by one process: it serves only with --role all/, show(r));
      assert.doesNotMatch(r.stdout, /listening|ready/, show(r));
      // Refused before the database was opened.
      assert.deepEqual(fs.readdirSync(dir), [], show(r));
    }
  });
});

const TEXTS = [
  '小区门口道路积水，下雨天无法通行',
  '楼下餐馆油烟扰民，晚上气味很大',
  '路灯不亮，晚上走路很危险',
  '公司拖欠工资三个月，请劳动监察部门帮助追讨',
  '垃圾桶满了没人清运，气味难闻',
  '工地夜间施工噪音扰民',
  '共享单车乱停放堵塞人行道',
  '自来水水压很低，高层用不了水',
];
const AREAS = ['xc-caohu-caohu', 'xc-taiping-taiping', 'xc-gaotie-chenghe', 'xc-wangting-guoyuan'];

/** GET /healthz on a new connection: each goes to the next of a cluster's processes. */
function healthOnce(base: string): Promise<{ pid: number; role: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/healthz`, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      })
      .on('error', reject);
  });
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

// On a PostgreSQL server only (TEST_DATABASE_URL), as the suite runs it.
if (process.env.TEST_DATABASE_URL)
  describe('web and worker processes on PostgreSQL', () => {
    test('2 web + 2 workers under load, one of each killed: nothing lost, nothing done twice', async (t) => {
      const db = await openTestContext('postgres', {});
      t.after(() => db.close());
      const env = {
        DATABASE_URL: db.config.databaseUrl!,
        BANSHI_DATA_DIR: removeLater(fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-roles-pg-'))),
        BANSHI_AUTO_DISPATCH_THRESHOLD: '0.5',
        BANSHI_SWEEP_INTERVAL_MS: '300',
        BANSHI_DELIVERY_INTERVAL_MS: '200',
        BANSHI_DELIVERY_LEASE_MS: '2000',
        BANSHI_TRIAGE_LEASE_MS: '2000',
        BANSHI_TRIAGE_POLL_MS: '100',
        BANSHI_LOG_LEVEL: 'warn',
      };
      const worker = { ...env, BANSHI_HEALTH_PORT: '0' };
      const t0 = Date.now();
      const [web, workerA, workerB] = await Promise.all([
        startServer(env, 120_000, ['--role', 'web', '--processes', '2']),
        startServer(worker, 120_000, ['--role', 'worker']),
        startServer(worker, 120_000, ['--role', 'worker']),
      ]);
      const phase = (what: string) => t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      phase('started');
      assert.match(web.output(), /role web, 2 processes/);
      const webPids = new Set<number>();
      for (let i = 0; i < 6 && webPids.size < 2; i++) {
        const h = await healthOnce(web.url);
        assert.equal(h.role, 'web');
        webPids.add(h.pid);
      }
      assert.equal(webPids.size, 2, 'two web processes answer on one port');
      const health = await fetchJson(workerA.url, 'GET', '/healthz');
      assert.equal(health.body.role, 'worker');
      assert.equal(
        (await fetchJson(workerA.url, 'GET', '/api/v1/requests')).status,
        404,
        'a worker serves no API',
      );

      const login = await fetchJson(web.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'operator', password: DEMO_PASSWORD },
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const token = login.body.token as string;

      // The load: clients register until told to stop, each retrying a call that failed with its Idempotency-Key.
      const marker = `ROLES${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
      const acked = new Map<string, { id: number; ticket_no: string }>();
      const unexpected: string[] = [];
      let n = 0;
      let retried = 0;
      let stop = false;
      const client = async () => {
        while (!stop) {
          const i = n++;
          const key = `${marker}-${i}`;
          const body = {
            body: `${TEXTS[i % TEXTS.length]}（${marker} 第${i}件）`,
            area_code: AREAS[i % AREAS.length],
            urgent: true,
            reporter: { phone: `139${String(10_000_000 + i).slice(-8)}` },
          };
          for (let attempt = 0; ; attempt++) {
            try {
              const res = await fetchJson(web.url, 'POST', '/api/v1/requests', {
                token,
                body,
                headers: { 'idempotency-key': key },
              });
              if (res.status === 201 || res.status === 200) acked.set(key, res.body);
              else unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
              break;
            } catch (err) {
              // The process that had the connection was killed: the same call again reaches the other.
              if (attempt === 20) throw err;
              retried++;
              await new Promise((r) => setTimeout(r, 50));
            }
          }
        }
      };
      const clients = Promise.all(Array.from({ length: 6 }, client));
      const started = Date.now();
      await until('registrations', async () => acked.size >= 100, 30_000);
      // One web process and one worker die mid-load, the worker once it has triaged and delivered.
      await until('worker A at work', async () => /triage: \d+/.test(workerA.output()), 20_000);
      await until('worker A delivering', async () => /delivery \(log\)/.test(workerA.output()), 20_000);
      phase('killing');
      const victim = [...webPids][0]!;
      process.kill(victim, 'SIGKILL');
      await kill9(workerA);
      const ackedAtKill = acked.size;
      await until('more registrations after the kills', async () => acked.size >= ackedAtKill + 150, 30_000);
      stop = true;
      await clients;
      t.diagnostic(
        `${acked.size} registrations in ${Date.now() - started} ms, ${retried} calls retried, ${ackedAtKill} before the kills`,
      );
      assert.deepEqual(unexpected, []);
      assert.equal(acked.size, n);

      phase('load done');
      // The surviving worker drains the backlog, the killed worker's claims once their leases run out.
      await until(
        'the backlog drained',
        async () => {
          const h = await fetchJson(workerB.url, 'GET', '/healthz');
          return h.body.backlog.untriaged === 0 && h.body.backlog.outbox_pending === 0;
        },
        30_000,
      );
      assert.match(web.output(), new RegExp(`web process ${victim} exited \\(SIGKILL\\); starting another`));

      phase('backlog drained');
      // Every acknowledged registration is there, once.
      const rows = await db.ctx.db
        .selectFrom('requests')
        .select(['id', 'ticket_no', 'triaged_at', 'triage_lease_until', 'status'])
        .where('body', 'like', `%${marker}%`)
        .execute();
      assert.equal(rows.length, acked.size, 'one request for each acknowledged key');
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [key, a] of acked)
        assert.equal(byId.get(a.id)?.ticket_no, a.ticket_no, `${key}: #${a.id} ${a.ticket_no} is missing`);

      // Each triaged, once: its lease let go, at most one auto-dispatch (and some were).
      const ids = rows.map((r) => r.id);
      assert.deepEqual(
        rows.filter((r) => !r.triaged_at || r.triage_lease_until).map((r) => r.id),
        [],
        'untriaged',
      );
      const events = await db.ctx.db
        .selectFrom('request_events')
        .select(['request_id', 'type'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('request_id', 'in', ids)
        .where('type', 'in', ['register', 'auto-dispatch'])
        .groupBy(['request_id', 'type'])
        .execute();
      assert.deepEqual(
        events.filter((e) => Number(e.n) > 1),
        [],
        'an event written twice',
      );
      const dispatched = events.filter((e) => e.type === 'auto-dispatch').length;
      assert.equal(events.filter((e) => e.type === 'register').length, ids.length);
      assert.ok(dispatched > 0, 'some were auto-dispatched');
      assert.equal(rows.filter((r) => r.status === 'dispatched').length, dispatched);

      // Each reporter told once: every message sent, under its key; a key logged twice only when the killed
      // worker had logged it (and its lease ran out before it could record the send).
      const messages = await db.ctx.db
        .selectFrom('outbox')
        .select(['id', 'status', 'jurisdiction_id'])
        .where('request_id', 'in', ids)
        .where('topic', '=', 'request.registered')
        .execute();
      assert.equal(messages.length, ids.length);
      assert.deepEqual(
        messages.filter((m) => m.status !== 'sent'),
        [],
        'messages not sent',
      );
      const keysIn = (out: string) =>
        [...out.matchAll(/delivery \(log\) sms to \S+ \[(banshi-[^\]]+)\]/g)].map((m) => m[1]!);
      const survivor = keysIn(workerB.output());
      const killed = new Set(keysIn(workerA.output()));
      const seen = new Map<string, number>();
      for (const k of [...survivor, ...killed]) seen.set(k, (seen.get(k) ?? 0) + 1);
      assert.equal(new Set(survivor).size, survivor.length, 'the surviving worker sent a key twice');
      for (const m of messages) {
        const key = `banshi-${m.jurisdiction_id}-${m.id}`;
        assert.ok(seen.has(key), `${key} never sent`);
      }
      const twice = [...seen].filter(([, c]) => c > 1).map(([k]) => k);
      t.diagnostic(
        `${dispatched} auto-dispatched; ${twice.length} messages sent again after the killed worker's lease`,
      );
      for (const output of [web.output(), workerB.output()])
        assert.doesNotMatch(
          output,
          /sweep failed|triage failed|triage of \d+ requests failed|delivery failed|unhandled error/,
        );

      phase('checked');
      // SIGTERM under a last burst: each process stops once its work under way is done and exits cleanly; an
      // acknowledged registration is kept, others are refused (503) or never reach a process; no claim is left.
      const burst = `LAST${marker}`;
      const from = workerB.output().length;
      const last = Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          try {
            const res = await fetchJson(web.url, 'POST', '/api/v1/requests', {
              token,
              body: {
                body: `${TEXTS[i % TEXTS.length]}（${burst} 第${i}件）`,
                area_code: AREAS[0],
                reporter: { phone: `137${String(10_000_000 + i).slice(-8)}` },
              },
            });
            return res.status === 201 ? { id: res.body.id as number } : { status: res.status };
          } catch {
            return { status: 0 };
          }
        }),
      );
      await until(
        'the last burst triaged',
        async () => /triage: \d+/.test(workerB.output().slice(from)),
        20_000,
      );
      const exits = await Promise.all(
        [web, workerB].map((s: Server) => {
          s.child.kill('SIGTERM');
          return exited(s.child);
        }),
      );
      for (const exit of exits) assert.equal(exit.code, 0, JSON.stringify(exit));
      const answers = await last;
      assert.deepEqual(
        answers.filter((a) => a.id === undefined && a.status !== 503 && a.status !== 0),
        [],
        'only refusals while stopping',
      );
      const kept = answers.flatMap((a) => (a.id === undefined ? [] : [a.id]));
      assert.ok(kept.length > 0);
      const stored = await db.ctx.db.selectFrom('requests').select('id').where('id', 'in', kept).execute();
      assert.equal(stored.length, kept.length, 'an acknowledged registration was lost at SIGTERM');
      const claims = await db.ctx.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('triaged_at', 'is', null)
        .where('triage_lease_until', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.equal(Number(claims.n), 0, 'a stopped worker left requests claimed');
    });
  });
