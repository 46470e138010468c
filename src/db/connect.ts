import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

/** Runs a multi-statement SQL script on one session and returns the rows of its last statement. */
export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

export type Database = {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** The streaming replica named by replicaUrl, when one is (PostgreSQL only). */
  replica?: Kysely<DB>;
  /** A dedicated session for scripts (migrations) that need session state such as advisory locks. */
  withSession<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /**
   * PGlite only: the data folder as a gzipped tar, taken between two statements (no query runs meanwhile), so
   * that it holds every committed transaction; a restore recovers it as after a crash. (On PostgreSQL: pg_dump.)
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
};

// int8 (ids, counts) as JS numbers: all our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * A pool of connections to a PostgreSQL server. An idle connection the server ends (a restart, a replica
 * cancelling sessions that conflict with its recovery) is dropped from the pool, which opens another when
 * next needed: the error would otherwise be thrown where nothing catches it.
 */
function serverPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 16 });
  pool.on('error', () => undefined);
  return pool;
}

export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  replicaUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = serverPool(opts.databaseUrl);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const replica = opts.replicaUrl
      ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: serverPool(opts.replicaUrl) }) })
      : undefined;
    return {
      db,
      ...(replica ? { replica } : {}),
      kind: 'postgres',
      withSession: async (fn) => {
        const client = await pool.connect();
        try {
          return await fn(async (script) => {
            const res = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
            const last = Array.isArray(res) ? res[res.length - 1] : res;
            return (last?.rows ?? []) as Record<string, unknown>[];
          });
        } finally {
          client.release();
        }
      },
      close: async () => {
        await replica?.destroy();
        await db.destroy();
      },
    };
  }
  const release = lockDataDir(opts.dataDir);
  try {
    const pglite = await PGlite.create({
      dataDir: path.join(opts.dataDir, 'pglite'),
      // PGlite's default 128 MB of shared buffers would be most of the server's memory; an embedded
      // deployment's working set fits in far less.
      postgresqlconf: ['shared_buffers = 32MB'],
      // Exclusion constraints over a key and a time range (parking bookings) need btree_gist.
      extensions: { btree_gist },
      parsers: {
        [types.INT8]: (v: string) => Number.parseInt(v, 10),
        [types.NUMERIC]: (v: string) => Number.parseFloat(v),
      },
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      withSession: (fn) =>
        fn(async (script) => {
          const results = await pglite.exec(script);
          return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
        }),
      dumpDataDir: async () => {
        // A checkpoint first, so that a restore has little write-ahead log to replay.
        await pglite.exec('checkpoint');
        return pglite.dumpDataDir('gzip');
      },
      close: async () => {
        await db.destroy();
        // Kysely only closes PGlite if it ever used it; a migrate-only run goes through withSession.
        if (!pglite.closed) await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
