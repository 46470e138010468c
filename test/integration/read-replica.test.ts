/**
 * With a streaming replica (started here from the suite's PostgreSQL server by `pg_basebackup -R`), Open311 GETs,
 * the public pages and the dashboard read the replica; a caller who has just written reads the primary for the
 * read-your-writes window. The replica's replay is paused to make its lag visible.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { closeTestApp, ok, testApp, tokenFor } from '../support/http.js';
import { BASE, encodeForm, INSIDE } from './open311-support.js';

const WINDOW_MS = 1_500;
const WRITER = '10.0.0.2';
const READER = '10.0.0.3';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a replica needs a PostgreSQL primary: the embedded database refuses one, saying why', () => {
  assert.throws(
    () => loadConfig({ DATABASE_REPLICA_URL: 'postgres://replica.example:5432/banshi' }),
    /DATABASE_REPLICA_URL: 只读副本需要 DATABASE_URL/,
  );
  assert.equal(
    loadConfig({ DATABASE_URL: 'postgres://a/b', DATABASE_REPLICA_URL: 'postgres://c/b' }).replicaUrl,
    'postgres://c/b',
  );
});

for (const kind of dbKinds().filter((k) => k === 'postgres')) {
  describe('reads on a streaming replica, read-your-writes on the primary', () => {
    let t: TestContext;
    let app: FastifyInstance;
    let replica: Database;
    let replicaDir: string;
    let key: string;

    const replay = (on: boolean) =>
      sql`select ${sql.raw(on ? 'pg_wal_replay_resume()' : 'pg_wal_replay_pause()')}`.execute(replica.db);
    const ticketFrom = async (from: string, ticket: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `${BASE}/requests/${ticket}.json`,
          remoteAddress: from,
        })
      ).statusCode;

    before(async () => {
      t = await openTestContext(kind, { BANSHI_READ_YOUR_WRITES_MS: String(WINDOW_MS) });
      const primary = new URL(t.config.databaseUrl!);
      const [url, dir] = execFileSync(
        'bash',
        ['scripts/pg-temp.sh', 'replica', process.env.TEST_DATABASE_URL!, String(await freePort())],
        { encoding: 'utf8' },
      )
        .trim()
        .split(' ');
      replicaDir = dir!;
      const replicaUrl = new URL(url!);
      replicaUrl.pathname = primary.pathname;
      replica = await openDatabase({ databaseUrl: replicaUrl.toString(), dataDir: t.config.dataDir });
      t.ctx.replica = replica.db;
      key = (await createApiKey(t.ctx.db, 'xiangcheng', 'FixMyStreet')).key;
      app = await testApp(t.ctx);
    });
    after(async () => {
      await replay(true).catch(() => undefined);
      await closeTestApp(app, t);
      await replica.close();
      execFileSync('bash', ['scripts/pg-temp.sh', 'stop', replicaDir]);
    });

    test('the replica is a standby of the test database', async () => {
      const r = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(replica.db);
      assert.equal(r.rows[0]!.standby, true);
    });

    test('while the replica lags, only the writer sees its request, and only for the window', async () => {
      await replay(false);
      const res = await app.inject({
        method: 'POST',
        url: `${BASE}/requests.json`,
        remoteAddress: WRITER,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: encodeForm({
          api_key: key,
          service_code: '010201',
          lat: INSIDE.lat,
          long: INSIDE.long,
          description: '小区门口的路灯坏了一个星期，晚上回家很不方便。',
        }),
      });
      assert.equal(res.statusCode, 200, res.body);
      const ticket = JSON.parse(res.body)[0].service_request_id as string;
      assert.ok(res.headers['set-cookie']?.toString().includes('banshi_wrote='));

      assert.equal(await ticketFrom(WRITER, ticket), 200, 'the writer reads its own write at once');
      assert.equal(await ticketFrom(READER, ticket), 404, 'another caller reads the lagging replica');
      await sleep(WINDOW_MS + 200);
      assert.equal(
        await ticketFrom(WRITER, ticket),
        404,
        'after the window the writer reads the replica too',
      );

      await replay(true);
      for (let i = 0; i < 100 && (await ticketFrom(READER, ticket)) !== 200; i++) await sleep(100);
      assert.equal(await ticketFrom(READER, ticket), 200, 'once replayed, everyone sees it');
    });

    test('a browser that wrote keeps reading the primary through its cookie, on any process', async () => {
      const token = await tokenFor(app, 'supervisor');
      const dashboard = async (cookie?: string) =>
        ok(
          await app
            .inject({
              method: 'GET',
              url: '/api/v1/metrics/dashboard',
              headers: { authorization: `Bearer ${token}`, ...(cookie ? { cookie } : {}) },
            })
            .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) })),
        ).overall.total as number;
      await replay(false);
      try {
        const before = await dashboard();
        const res = await app.inject({
          method: 'POST',
          url: `${BASE}/requests.json`,
          remoteAddress: WRITER,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: encodeForm({
            api_key: key,
            service_code: '010201',
            lat: INSIDE.lat,
            long: INSIDE.long,
            description: '公园里的健身器材坏了，孩子玩的时候有危险。',
          }),
        });
        assert.equal(res.statusCode, 200, res.body);
        const wrote = String(res.headers['set-cookie']).split(';')[0]!;
        assert.equal(await dashboard(wrote), before + 1, 'the cookie sends the read to the primary');
        assert.equal(await dashboard(), before, 'without it, the dashboard reads the lagging replica');
      } finally {
        await replay(true);
      }
    });
  });
}
