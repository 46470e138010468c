/**
 * Every statement banshi runs against a jurisdiction's tables names its jurisdiction: on a distributed engine
 * (Citus, distributed by jurisdiction_id) each one then goes to one shard. The statements are captured as
 * compiled by Kysely while the demo city loads through the commands, the sweeps, triage and the delivery worker
 * run, and every GET of the API (and Open311, the feeds) is called by each kind of user. The few statements that
 * must read across jurisdictions are named below with the reason.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PostgresQueryCompiler, sql, type KyselyPlugin } from 'kysely';
import type { AppContext } from '../../src/context.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_JURISDICTION, loadDemo } from '../../src/demo/load.js';
import { Channels } from '../../src/delivery/channels/registry.js';
import { deliverOutbox } from '../../src/delivery/worker.js';
import { raiseWarningsOncePerDay } from '../../src/focus/commands/raise-warnings.js';
import { alertMissingYearsEverywhere } from '../../src/holidays/alerts.js';
import { sweepDeadlines } from '../../src/jobs/sweeps.js';
import { flagStaleArticles } from '../../src/knowledge/commands/sweep-stale.js';
import { sweepParking } from '../../src/parking/commands/sweep.js';
import { queueDigests } from '../../src/subscriptions/commands/queue-digests.js';
import { createVault } from '../../src/privacy/crypto.js';
import { pruneTextBands } from '../../src/requests/duplicate-index.js';
import { triageQueue } from '../../src/triage/queue.js';
import { triageNext } from '../../src/triage/triage.js';
import { dbKinds, DEMO_PASSWORD, TEST_SECRET, type DbKind } from '../support/db.js';
import { Client, testApp } from '../support/http.js';

/**
 * Statements allowed to read across jurisdictions, by a fragment of their text, with the reason. On Citus these
 * run on every shard; each is a background job's scan, never a request's.
 */
const ACROSS_JURISDICTIONS: readonly { fragment: RegExp; why: string }[] = [
  {
    fragment: /^select \* from "requests" where "triaged_at" is null/,
    why: 'the triage recovery finds what any process left untriaged, in every jurisdiction',
  },
  {
    fragment: /^update requests r\s+set triage_lease_until = /,
    why: 'a worker claims the oldest untriaged requests of every jurisdiction (then triages each within its own)',
  },
  {
    fragment: /^delete from "request_text_bands" where "created_at" </,
    why: 'the duplicate index is pruned of old text bands everywhere at once',
  },
  {
    fragment: /^update outbox o\s+set\s/,
    why: 'the delivery worker claims due messages of every jurisdiction, and settles them by their keys',
  },
  {
    fragment: /from "sessions" as "s" inner join "users" as "u"/,
    why: 'a login token is looked up before its jurisdiction is known (one row by a unique hash)',
  },
];

/** Small tables every shard holds whole on a distributed engine (reference tables): read without a filter. */
const REFERENCE_TABLES = new Set(['jurisdictions']);

/** The tables that hold a jurisdiction's rows: those with a jurisdiction_id column. */
async function jurisdictionTables(database: Database): Promise<Set<string>> {
  const r = await sql<{ table_name: string }>`
    select distinct table_name from information_schema.columns
    where column_name = 'jurisdiction_id' and table_schema = current_schema()`.execute(database.db);
  return new Set(r.rows.map((x) => x.table_name).filter((t) => !REFERENCE_TABLES.has(t)));
}

const FILTER = /jurisdiction_id"?\s*(=|in\b)\s*(\$\d+|'[^']*'|any\b|\()/i;

/** Why a statement would cross shards, or null when it names its jurisdiction wherever it touches one's rows. */
export function crossesJurisdictions(statement: string, tables: ReadonlySet<string>): string | null {
  const read = [...statement.matchAll(/\b(?:from|join|update)\s+"?([a-z_]+)"?/gi)]
    .map((m) => m[1]!)
    .filter((t) => tables.has(t));
  if (read.length && !FILTER.test(statement)) return `reads ${read.join(', ')} without a jurisdiction filter`;
  for (const m of statement.matchAll(/\binto\s+"?([a-z_]+)"?\s*\(([^)]*)\)/gi)) {
    if (tables.has(m[1]!) && !/jurisdiction_id/.test(m[2]!))
      return `inserts into ${m[1]} without jurisdiction_id`;
  }
  return null;
}

describe('a statement on a jurisdiction’s tables names the jurisdiction', () => {
  test('the check itself', () => {
    const tables = new Set(['requests', 'request_events']);
    assert.equal(
      crossesJurisdictions('select * from "requests" where "id" = $1', tables),
      'reads requests without a jurisdiction filter',
    );
    assert.equal(
      crossesJurisdictions('select * from "requests" where "jurisdiction_id" = $1 and "id" = $2', tables),
      null,
    );
    assert.equal(
      crossesJurisdictions('update "requests" set "x" = 1 where "r"."jurisdiction_id" in ($1)', tables),
      null,
    );
    assert.equal(
      crossesJurisdictions('insert into "request_events" ("request_id") values ($1)', tables),
      'inserts into request_events without jurisdiction_id',
    );
    assert.equal(
      crossesJurisdictions(
        'insert into "request_events" ("jurisdiction_id", "request_id") values ($1, $2)',
        tables,
      ),
      null,
    );
    assert.equal(crossesJurisdictions('select 1 from "users" where "id" = $1', tables), null);
  });

  for (const kind of dbKinds()) {
    describe(kind, () => {
      const seen = new Map<string, string>();
      let phase = 'demo';
      let database: Database;
      let ctx: AppContext;
      let cleanup: () => Promise<void>;

      before(async () => {
        ({ database, cleanup } = await freshDatabase(kind));
        const compiler = new PostgresQueryCompiler();
        const capture: KyselyPlugin = {
          transformQuery(args) {
            const text = compiler.compileQuery(args.node, args.queryId).sql.trim();
            if (!seen.has(text)) seen.set(text, phase);
            return args.node;
          },
          transformResult: async (args) => args.result,
        };
        const db = database.db.withPlugin(capture);
        const config = loadConfig({
          BANSHI_DATA_DIR: os.tmpdir(),
          BANSHI_SECRET_KEY: TEST_SECRET,
          BANSHI_SWEEP_INTERVAL_MS: '0',
          BANSHI_DEMO_PASSWORD: DEMO_PASSWORD,
        });
        ctx = {
          db,
          dbKind: database.kind,
          config,
          vault: createVault(Buffer.from(TEST_SECRET, 'hex')),
          now: () => new Date(),
          log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
          triage: triageQueue(db),
        };
      });
      after(async () => {
        await triageQueue(ctx.db).idle();
        await database.close();
        await cleanup();
      });

      test('the demo city loads, the jobs run, every GET is called', { timeout: 600_000 }, async () => {
        await loadDemo(ctx);
        phase = 'jobs';
        const j = DEMO_JURISDICTION;
        await sweepDeadlines(ctx, j);
        await sweepParking(ctx, j);
        await flagStaleArticles(ctx, j);
        await raiseWarningsOncePerDay(ctx, j);
        await queueDigests(ctx, j);
        await alertMissingYearsEverywhere(ctx);
        await triageQueue(ctx.db).recover(ctx, { cap: 100, wait: true });
        await triageNext(ctx, 100);
        await pruneTextBands(ctx.db, new Date(Date.now() - 86_400_000));
        const channels = new Channels(ctx.config.delivery, ctx.log);
        await deliverOutbox(ctx, channels);
        await channels.close();
        phase = 'api';
        await callEveryGet(ctx);
        assert.ok(seen.size > 200, `${seen.size} statements captured`);
      });

      test('every unique key of a jurisdiction’s table holds its jurisdiction, but the tokens’ hashes', async () => {
        const tables = await jurisdictionTables(database);
        const keys = await sql<{ tablename: string; indexdef: string }>`
          select tablename, indexdef from pg_indexes
          where schemaname = current_schema() and indexdef ilike 'create unique index%'`.execute(database.db);
        const without = keys.rows
          .filter((k) => tables.has(k.tablename) && !/jurisdiction_id/.test(k.indexdef))
          .map((k) => k.indexdef.replace(/^.* ON (public\.)?/, ''));
        assert.deepEqual(without.sort(), [
          'api_keys USING btree (key_hash)',
          'sessions USING btree (token_hash)',
        ]);
      });

      test('none crosses jurisdictions but the background scans named', async () => {
        const tables = await jurisdictionTables(database);
        const crossing = [...seen]
          .map(([statement, where]) => ({ statement, where, why: crossesJurisdictions(statement, tables) }))
          .filter((s) => s.why && !ACROSS_JURISDICTIONS.some((a) => a.fragment.test(s.statement)));
        assert.deepEqual(
          crossing.map((s) => `${s.where}: ${s.why}\n${s.statement.replace(/\s+/g, ' ').slice(0, 400)}`),
          [],
        );
      });
    });
  }
});

async function freshDatabase(kind: DbKind): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-statements-'));
    const database = await openDatabase({ dataDir });
    await migrate(database);
    return { database, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `banshi_statements_${process.pid}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  await migrate(database);
  return {
    database,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Each GET the API describes, by each kind of user, its path's parameters taken from the demo city's rows. */
async function callEveryGet(ctx: AppContext): Promise<void> {
  const app = await testApp(ctx);
  try {
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/api/docs/json' })).body) as {
      paths: Record<string, { get?: unknown }>;
    };
    const j = DEMO_JURISDICTION;
    const request = await ctx.db
      .selectFrom('requests')
      .select(['id', 'ticket_no'])
      .where('jurisdiction_id', '=', j)
      .where('public_consent', '=', true)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const values: Record<string, string> = {
      id: String(request.id),
      ticket_no: request.ticket_no,
      year: String(new Date().getFullYear()),
      month: new Date().toISOString().slice(0, 7),
      kind: 'requests',
      code: 'housing',
      token: 'x',
      seq: '1',
      fileId: '1',
    };
    const paths = Object.keys(doc.paths)
      .filter((p) => doc.paths[p]!.get)
      .map((p) => p.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? '1')));
    paths.push(
      '/open311/v2/services.json',
      '/open311/v2/requests.json?lat=31.4&long=120.6&radius=500',
      `/open311/v2/requests/${request.ticket_no}.json`,
      '/feeds/requests.atom',
    );
    const users = [
      null,
      'admin',
      'supervisor',
      'dispatcher',
      'operator',
      'handler.housing',
      'head.housing',
      'fieldworker',
    ];
    for (const username of users) {
      const client = username ? await Client.login(app, username) : new Client(app);
      for (const p of paths) await client.get(p);
    }
  } finally {
    await app.close();
  }
}
