import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { inBackground } from './background-lane.js';

/**
 * Kysely over PGlite. PGlite is one session, so connections are handed out one at a time: a transaction
 * must never interleave with another caller's statements.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/**
 * PGlite runs each query synchronously on this thread, so a chain of awaited queries (a transaction, triage
 * looking up duplicates) runs from microtask to microtask and starves the event loop: no request is read and no
 * answer written until the chain ends. A query waits for the next turn of the event loop when the queries before
 * it have held the thread this long since its last turn.
 */
const MAX_BUSY_MS = 4;
let chainStart = 0;
let turnPending = false;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (turnPending && performance.now() - chainStart > MAX_BUSY_MS) await nextTurn();
    if (!turnPending) {
      // The first query since the event loop last turned: note when, and learn of the next turn.
      turnPending = true;
      chainStart = performance.now();
      setImmediate(() => (turnPending = false));
    }
    const res = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
    return res.affectedRows !== undefined && res.rows.length === 0
      ? { rows: res.rows, numAffectedRows: BigInt(res.affectedRows) }
      : { rows: res.rows };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

/** A background statement waits at most this long for the requests to leave the connection free. */
const MAX_DEFER_MS = 1_000;

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  /** Callers holding or waiting for the connection. */
  private users = 0;
  private readonly connection: PGliteConnection;
  private releaseCurrent: (() => void) | undefined;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }
  async init() {
    await this.pg.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (inBackground()) await this.quiet();
    this.users++;
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.releaseCurrent = release;
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    const release = this.releaseCurrent;
    this.releaseCurrent = undefined;
    this.users--;
    release?.();
  }

  /**
   * Until no one holds or waits for the connection through a whole turn of the event loop: a request's next
   * statement is issued from the continuation of its last one, so it is queued before a background statement
   * that waited the turn (or until MAX_DEFER_MS, so that the background is never starved).
   */
  private async quiet(): Promise<void> {
    const until = performance.now() + MAX_DEFER_MS;
    do {
      await this.queue;
      await nextTurn();
    } while (this.users > 0 && performance.now() < until);
  }
  async destroy() {
    await this.pg.close();
  }
}
