/**
 * The real `banshi` process: the PGlite data-folder lock between processes, and durability of acknowledged
 * registrations across `kill -9` (PGlite, and a PostgreSQL server when TEST_DATABASE_URL is set).
 * Each test works on a copy of a demo data folder prepared once by `banshi demo` (cached under os.tmpdir(),
 * keyed by a fingerprint of src/ and data/demo/).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { DEMO_PASSWORD } from '../support/db.js';
import { copyDemo, demoTemplate } from '../support/demo-folder.js';
import {
  cleanUp,
  exited,
  fetchJson as http,
  kill9,
  removeLater,
  runCli,
  show,
  startServer,
} from '../support/process.js';

async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await http(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  assert.equal(res.status, 200, `login ${username}: ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

async function countText(base: string, token: string, text: string): Promise<number> {
  const res = await http(base, 'GET', `/api/v1/requests?text=${encodeURIComponent(text)}&page_size=1`, {
    token,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.total as number;
}

/** Every request whose text matches, all pages. */
async function listText(base: string, token: string, text: string): Promise<any[]> {
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const res = await http(
      base,
      'GET',
      `/api/v1/requests?text=${encodeURIComponent(text)}&page_size=200&page=${page}`,
      { token },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...res.body.items);
    if (res.body.items.length < 200) return items;
  }
}

/** Runs fn over items with at most `limit` at a time. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A test that starts servers and loads data: minutes on a loaded machine. */
const LONG = { timeout: 600_000 };

let template: string;

before(async () => {
  template = await demoTemplate();
});

after(cleanUp);

// ---------------------------------------------------------------------------------------------------------
// kill -9 durability
// ---------------------------------------------------------------------------------------------------------

type Acked = { key: string; body: string; id: number; ticket_no: string };

/**
 * Four workers register requests in a loop; the server is killed with SIGKILL while they are still sending.
 * After a restart every acknowledged registration (201) must be there with its first event, and a retry with
 * the same Idempotency-Key must return it without writing anything.
 */
async function killNineFlow(env: Record<string, string>) {
  const marker = `KILL${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const server = await startServer(env);
  const token = await login(server.url, 'operator');

  const acked: Acked[] = [];
  const unexpected: string[] = [];
  let attempted = 0;
  let inFlight = 0;
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const key = `${marker}-w${w}-${i}`;
      const body = `断电测试 ${marker} 第${w}组第${i}件 小区路灯不亮`;
      attempted++;
      inFlight++;
      try {
        const res = await http(server.url, 'POST', '/api/v1/requests', {
          token,
          body: { body, reporter: { phone: '13800000000' } },
          headers: { 'idempotency-key': key },
        });
        if (res.status === 201) acked.push({ key, body, id: res.body.id, ticket_no: res.body.ticket_no });
        else if (!stop) unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
      } catch (err) {
        if (!stop) unexpected.push(`request failed before the kill: ${(err as Error).message}`);
      } finally {
        inFlight--;
      }
    }
  };
  const started = Date.now();
  const workers = Promise.all([0, 1, 2, 3].map(worker));
  while ((Date.now() - started < 2_000 || acked.length < 8) && Date.now() - started < 30_000)
    await new Promise((r) => setTimeout(r, 25));
  // Stop sending new requests, and kill the server while the last ones are in flight.
  stop = true;
  const inFlightAtKill = inFlight;
  const ackedBeforeKill = acked.length;
  const exit = await kill9(server);
  await workers;

  assert.deepEqual(unexpected, []);
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(inFlightAtKill > 0, 'requests were in flight at the kill');
  assert.ok(ackedBeforeKill >= 8, `only ${ackedBeforeKill} registrations acknowledged before the kill`);

  const restarted = await startServer(env);
  const token2 = await login(restarted.url, 'operator');
  const missing: string[] = [];
  await mapLimit(acked, 8, async (a) => {
    const res = await http(restarted.url, 'GET', `/api/v1/requests/${a.id}`, { token: token2 });
    if (res.status !== 200) return void missing.push(`${a.key} #${a.id}: ${res.status}`);
    const r = res.body;
    if (r.ticket_no !== a.ticket_no || r.body !== a.body) missing.push(`${a.key} #${a.id}: differs`);
    else if (!r.timeline?.some((e: any) => e.type === 'register' && e.to_status === 'registered'))
      missing.push(`${a.key} #${a.id}: no register event`);
  });
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged registrations lost`);

  // Nothing written twice, nothing beyond what was sent.
  const found = await listText(restarted.url, token2, marker);
  const bodies = found.map((r) => r.body as string);
  assert.equal(new Set(bodies).size, bodies.length, 'a registration was written twice');
  assert.ok(found.length >= acked.length && found.length <= attempted, `${found.length} of ${attempted}`);
  const total = await countText(restarted.url, token2, marker);
  assert.equal(total, found.length);

  // A retry of an acknowledged registration with its key replays it and creates nothing.
  const first = acked[0]!;
  const retry = await http(restarted.url, 'POST', '/api/v1/requests', {
    token: token2,
    body: { body: first.body, reporter: { phone: '13800000000' } },
    headers: { 'idempotency-key': first.key },
  });
  assert.equal(retry.status, 200, JSON.stringify(retry.body));
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  assert.equal(retry.body.id, first.id);
  assert.equal(retry.body.ticket_no, first.ticket_no);
  assert.equal(await countText(restarted.url, token2, marker), total);

  await kill9(restarted);
  return { acked: acked.length, attempted, inFlightAtKill, found: found.length };
}

// ---------------------------------------------------------------------------------------------------------
// Tests: the lock, and kill -9 on each kind of database; independent, so run side by side
// ---------------------------------------------------------------------------------------------------------

describe('banshi processes', { concurrency: true }, () => {
  describe('the PGlite data-folder lock between processes', { concurrency: 1 }, () => {
    test(
      'a second serve or migrate on a folder in use fails at once, naming the folder and the owner',
      LONG,
      async (t) => {
        const dir = copyDemo(template, 'banshi-proc-');
        const server = await startServer({ BANSHI_DATA_DIR: dir });
        const lockFile = path.join(dir, 'banshi.lock');
        assert.equal(fs.readFileSync(lockFile, 'utf8'), String(server.pid));

        const token = await login(server.url, 'operator');
        const created = await http(server.url, 'POST', '/api/v1/requests', {
          token,
          body: { body: '锁测试 LOCKPROBE 小区路灯不亮', reporter: { phone: '13800000000' } },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const countBefore = await countText(server.url, token, '锁测试');

        const [serve, migrate] = await Promise.all([
          runCli(
            ['serve'],
            { BANSHI_DATA_DIR: dir },
            { settle: { on: 'stderr', match: /in use/, ms: 10_000 } },
          ),
          runCli(
            ['migrate'],
            { BANSHI_DATA_DIR: dir },
            { settle: { on: 'stderr', match: /in use/, ms: 10_000 } },
          ),
        ]);
        for (const [name, r] of [
          ['serve', serve],
          ['migrate', migrate],
        ] as const) {
          const what = `${name}: exit ${r.code ?? r.signal} in ${r.ms} ms\n${r.stdout}\n${r.stderr}`;
          t.diagnostic(`${name} on a folder in use: exit ${r.code ?? r.signal} after ${r.ms} ms`);
          // It fails rather than waiting for the lock, and exits once it has said so (the time to get
          // there is mostly loading the code, so no absolute bound: a loaded machine takes tens of seconds).
          assert.equal(r.timedOut, false, what);
          assert.equal(r.hung, false, `printed the error but did not exit: ${what}`);
          assert.notEqual(r.code, 0, what);
          assert.match(r.stderr, /in use/, what);
          assert.ok(r.stderr.includes(dir), what);
          assert.ok(r.stderr.includes(`pid ${server.pid}`), what);
          assert.doesNotMatch(r.stdout, /banshi listening/, what);
        }

        // The first server is unharmed: still the lock's owner, healthy, with its data.
        assert.equal(fs.readFileSync(lockFile, 'utf8'), String(server.pid));
        assert.equal((await http(server.url, 'GET', '/healthz')).status, 200);
        const again = await http(server.url, 'GET', `/api/v1/requests/${created.body.id}`, { token });
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(again.body.ticket_no, created.body.ticket_no);
        assert.equal(again.body.body, '锁测试 LOCKPROBE 小区路灯不亮');
        assert.equal(await countText(server.url, token, '锁测试'), countBefore);
        const another = await http(server.url, 'POST', '/api/v1/requests', {
          token,
          body: { body: '锁测试 LOCKPROBE 第二件', reporter: { phone: '13800000000' } },
        });
        assert.equal(another.status, 201, JSON.stringify(another.body));

        // A clean stop releases the lock.
        server.child.kill('SIGTERM');
        const stopped = await exited(server.child);
        assert.equal(stopped.code, 0, server.output());
        assert.equal(fs.existsSync(lockFile), false);

        // A stale lock, left by a process that is gone, is taken over.
        let stalePid = 999_999;
        while (isRunning(stalePid)) stalePid++;
        fs.writeFileSync(lockFile, String(stalePid));
        const next = await startServer({ BANSHI_DATA_DIR: dir });
        assert.equal(fs.readFileSync(lockFile, 'utf8'), String(next.pid));
        const token2 = await login(next.url, 'operator');
        assert.equal(await countText(next.url, token2, '锁测试'), countBefore + 1);
        await kill9(next);
      },
    );
  });

  describe('kill -9 durability (pglite)', { concurrency: 1 }, () => {
    test(
      'every acknowledged registration survives kill -9; a retry with its key creates nothing',
      LONG,
      async (t) => {
        const dir = copyDemo(template, 'banshi-proc-');
        const stats = await killNineFlow({ BANSHI_DATA_DIR: dir });
        t.diagnostic(JSON.stringify(stats));
      },
    );
  });

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    describe('kill -9 durability (postgres)', { concurrency: 1 }, () => {
      const name = `banshi_kill_${crypto.randomBytes(6).toString('hex')}`;
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      const url = u.toString();
      const admin = async (q: string) => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(q);
        } finally {
          await c.end();
        }
      };
      let dataDir: string;

      before(async () => {
        dataDir = removeLater(fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-proc-pg-')));
        await admin(`create database ${name}`);
        const r = await runCli(
          ['demo'],
          { DATABASE_URL: url, BANSHI_DATA_DIR: dataDir },
          { timeoutMs: 240_000 },
        );
        assert.equal(r.code, 0, `banshi demo failed:\n${show(r)}`);
      });
      after(async () => {
        await admin(`drop database if exists ${name} with (force)`);
      });

      test(
        'every acknowledged registration survives kill -9; a retry with its key creates nothing',
        {
          timeout: 600_000,
        },
        async (t) => {
          const stats = await killNineFlow({ DATABASE_URL: url, BANSHI_DATA_DIR: dataDir });
          t.diagnostic(JSON.stringify(stats));
        },
      );
    });
  }
});
