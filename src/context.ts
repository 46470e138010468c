import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import type { Vault } from './privacy/crypto.js';

/** What every command needs, built once at start and passed explicitly (no globals). */
export type AppContext = {
  db: Kysely<DB>;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  vault: Vault;
  now: () => Date;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
};
