/**
 * bench/projects-import: the time `banshi projects import` takes for an xlsx ledger of 1,000 projects (every
 * level, milestones on half of them), on PGlite and — when TEST_DATABASE_URL or BENCH_DATABASE_URL names a
 * PostgreSQL server — on a throwaway database there. Target: < 5 s end to end (read, check every row, write).
 * Prints the cold run (first in the process: module JIT included, as the CLI sees it) and a warm one.
 */
import { triageQueue } from '../src/triage/queue.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { loadReference, readCity } from '../src/demo/reference.js';
import { systemActor } from '../src/http/actor.js';
import { createVault } from '../src/privacy/crypto.js';
import { importProjects } from '../src/projects/commands/import.js';
import { referenceNames } from '../src/projects/queries.js';
import { storedProgress } from '../src/projects/store.js';
import { largeLedger } from '../test/support/project-ledgers.js';
import { writeLedger, type ProgressSink } from '../src/projects/xlsx.js';
import { fmt, tempDir } from './lib.js';

const ROWS = Number(process.env.BENCH_PROJECT_ROWS ?? 1000);
const TARGET_MS = 5000;
const J = 'xiangcheng';

async function ledger(ctx: AppContext, year: number): Promise<Buffer> {
  const rows = largeLedger(ROWS, year).map((p, i) => ({
    ...p,
    jurisdiction_id: J,
    id: i + 1,
    code: p.code!,
    version: 1,
    created_at: new Date(),
    updated_at: new Date(),
    progress: storedProgress(p),
    milestones: p.milestones.map((m, k) => ({ ...m, seq: k + 1 })),
  }));
  return writeLedger(rows, await referenceNames(ctx.db, J), `${year}-07-15`);
}

async function run(label: string, database: Database) {
  await migrate(database);
  await loadReference(database.db, readCity());
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config: loadConfig({ BANSHI_DATA_DIR: tempDir('banshi-bench-projects-') }),
    vault: createVault(crypto.randomBytes(32)),
    now: () => new Date(),
    log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
    triage: triageQueue(database.db),
  };
  const files = [await ledger(ctx, 2024), await ledger(ctx, 2025)];
  for (const [i, file] of files.entries()) {
    let checkedAt = 0;
    let updates = 0;
    const sink: ProgressSink = {
      start: (_total, _v, payload) => {
        if ((payload as { stage?: string } | undefined)?.stage === '写入') checkedAt = performance.now();
      },
      update: () => void updates++,
      stop: () => undefined,
    };
    const t0 = performance.now();
    const report = await importProjects(ctx, { actor: systemActor(J, 'bench'), file, progress: sink });
    const ms = performance.now() - t0;
    if (!report.imported || report.created !== ROWS)
      throw new Error(`import failed: ${JSON.stringify(report.errors[0])}`);
    console.log(
      `${label.padEnd(9)} ${i === 0 ? 'cold' : 'warm'}: ${fmt(ROWS)} projects (${fmt(file.length / 1024)} KB) in ${fmt(ms)} ms ` +
        `(read + check ${fmt(checkedAt - t0)} ms, write ${fmt(t0 + ms - checkedAt)} ms; ${updates} progress updates) ` +
        `${ms < TARGET_MS ? 'OK' : 'SLOW'} (target < ${fmt(TARGET_MS)} ms)`,
    );
  }
}

const dir = tempDir('banshi-bench-projects-pglite-');
const lite = await openDatabase({ dataDir: dir });
try {
  await run('PGlite', lite);
} finally {
  await lite.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const name = `banshi_bench_projects_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: tempDir('banshi-bench-projects-'),
  });
  try {
    await run('Postgres', server);
  } finally {
    await server.close();
    await dropWhenClosed(admin, name);
    await admin.end();
  }
} else console.log('(set TEST_DATABASE_URL to measure on a PostgreSQL server too)');

/** The pool's sockets close a moment after it ends: the database is dropped once they have, not by force. */
async function dropWhenClosed(admin: pg.Client, name: string) {
  for (let i = 0; i < 50; i++) {
    try {
      await admin.query(`drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.query(`drop database if exists ${name}`);
}
