/**
 * Test databases: every test file gets its own, on PGlite and (when TEST_DATABASE_URL names a server) on a
 * real PostgreSQL server. Both start from a template holding the migrated schema and the demo city's
 * reference data and users (no requests), built once per run: a fresh PGlite takes seconds to create.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { loadReference, readCity } from '../../src/demo/reference.js';
import { loadDemoUsers } from '../../src/demo/users.js';
import { createVault } from '../../src/privacy/crypto.js';
import { triageQueue } from '../../src/triage/queue.js';

export type DbKind = 'pglite' | 'postgres';
export const TEST_SECRET = 'a'.repeat(64);
export const DEMO_PASSWORD = 'banshi-demo';

export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

const fingerprint = crypto
  .createHash('sha256')
  .update(
    listMigrations()
      .map((m) => m.sql)
      .join('\n'),
  )
  .update(fs.readFileSync(new URL('../../data/demo/city.json', import.meta.url)))
  .update(fs.readFileSync(new URL('../../src/demo/reference.ts', import.meta.url)))
  .digest('hex')
  .slice(0, 12);

async function seed(database: Database) {
  await migrate(database);
  const city = readCity();
  await loadReference(database.db, city);
  await loadDemoUsers(database.db, city, DEMO_PASSWORD);
}

async function withFileLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function pgliteFromTemplate(): Promise<{ dataDir: string }> {
  const template = path.join(os.tmpdir(), `banshi-test-template-${fingerprint}`);
  await withFileLock(`${template}.lock`, async () => {
    if (fs.existsSync(path.join(template, 'ready'))) return;
    fs.rmSync(template, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: template });
    await seed(database);
    await database.close();
    fs.writeFileSync(path.join(template, 'ready'), '');
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-test-'));
  fs.cpSync(path.join(template, 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  return { dataDir };
}

async function postgresFromTemplate(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const templateName = `banshi_template_${fingerprint}`;
  const name = `banshi_test_${crypto.randomBytes(6).toString('hex')}`;
  const urlFor = (db: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${db}`;
    return u.toString();
  };
  try {
    await admin.query('select pg_advisory_lock(4242002)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [templateName]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${templateName}`);
      const database = await openDatabase({ databaseUrl: urlFor(templateName), dataDir: os.tmpdir() });
      await seed(database);
      await database.close();
    }
    await admin.query(`create database ${name} template ${templateName}`);
  } finally {
    await admin.query('select pg_advisory_unlock(4242002)').catch(() => undefined);
    await admin.end();
  }
  return {
    url: urlFor(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // A closed pool's sessions may still be ending on the server. Forcing them off then sends their clients a
      // FATAL error, which a client that has already been released has no listener for: wait for them first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
          name,
        ]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type TestContext = { ctx: AppContext; config: Config; kind: DbKind; close: () => Promise<void> };

/** A context on a fresh database of the given kind, with the demo city's reference data and users. */
export async function openTestContext(kind: DbKind, env: Record<string, string> = {}): Promise<TestContext> {
  // Lifecycle tests drive requests by hand; those about the classifier lower the threshold themselves.
  env = { BANSHI_AUTO_DISPATCH_THRESHOLD: '1', BANSHI_VALIDATE_RESPONSES: '1', ...env };
  let config: Config;
  let cleanup: () => Promise<void>;
  if (kind === 'pglite') {
    const { dataDir } = await pgliteFromTemplate();
    config = loadConfig({
      ...env,
      BANSHI_DATA_DIR: dataDir,
      BANSHI_SECRET_KEY: TEST_SECRET,
      BANSHI_SWEEP_INTERVAL_MS: '0',
    });
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  } else {
    const { url, drop } = await postgresFromTemplate(process.env.TEST_DATABASE_URL!);
    config = loadConfig({
      ...env,
      DATABASE_URL: url,
      BANSHI_SECRET_KEY: TEST_SECRET,
      BANSHI_SWEEP_INTERVAL_MS: '0',
      BANSHI_DATA_DIR: os.tmpdir(),
    });
    cleanup = drop;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database);
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    vault: createVault(Buffer.from(TEST_SECRET, 'hex')),
    now: () => new Date(),
    log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
    triage: triageQueue(database.db),
  };
  return {
    ctx,
    config,
    kind,
    close: async () => {
      await triageQueue(ctx.db).idle();
      await database.close();
      await cleanup();
    },
  };
}

/** The payloads of the outbox's messages on a topic, in the order written. */
export async function outboxPayloads(db: AppContext['db'], topic: string): Promise<Record<string, any>[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', topic)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.payload as Record<string, any>);
}

/** How many events a request has in its timeline (of one type, when given). */
export async function eventCount(db: AppContext['db'], requestId: number, type?: string): Promise<number> {
  let q = db
    .selectFrom('request_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('request_id', '=', requestId);
  if (type !== undefined) q = q.where('type', '=', type);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
