import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB, RequestRow } from './db/schema.js';
import type { Vault } from './privacy/crypto.js';

/** What every command needs, built once at start and passed explicitly (no globals). */
export type AppContext = {
  db: Kysely<DB>;
  /** A streaming replica, when configured: only for reads that may lag a little (src/db/replica.ts). */
  replica?: Kysely<DB> | undefined;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  vault: Vault;
  now: () => Date;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /**
   * Where registrations go once committed (classification, duplicates, auto-dispatch: src/triage). Passed in,
   * so that the commands that register know nothing of triage, which acts on requests through their commands.
   */
  triage: Triage;
};

export type Triage = { enqueue(ctx: AppContext, rows: readonly RequestRow[]): void };
