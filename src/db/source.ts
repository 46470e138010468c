import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * Where a query reads: a database handle, or the application's context that holds one. Route modules pass
 * their context and never touch the handle themselves; scripts and tests pass the handle they have.
 */
export type DbSource = Kysely<DB> | { readonly db: Kysely<DB> };

export const dbOf = (source: DbSource): Kysely<DB> => ('db' in source ? source.db : source);

/** A database handle or an open transaction: what a query or a write inside a command runs on. */
export type Db = Kysely<DB> | Transaction<DB>;
