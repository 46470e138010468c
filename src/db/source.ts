import type { Kysely, SelectQueryBuilder, Transaction, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { DB } from './schema.js';

/**
 * Where a query reads: a database handle, or the application's context that holds one. Route modules pass
 * their context and never touch the handle themselves; scripts and tests pass the handle they have.
 */
export type DbSource = Kysely<DB> | { readonly db: Kysely<DB> };

export const dbOf = (source: DbSource): Kysely<DB> => ('db' in source ? source.db : source);

/** A database handle or an open transaction: what a query or a write inside a command runs on. */
export type Db = Kysely<DB> | Transaction<DB>;

/** The tables whose rows belong to a jurisdiction: every one whose key leads with jurisdiction_id. */
type JurisdictionTable = { [T in keyof DB]: DB[T] extends { jurisdiction_id: string } ? T : never }[keyof DB];

/**
 * A jurisdiction's rows of a table, where a query of its data starts:
 * `inJurisdiction(db, 'categories', j).select('name').where('code', '=', code)`.
 */
export function inJurisdiction<T extends JurisdictionTable>(
  source: DbSource,
  table: T,
  jurisdictionId: string,
) {
  // Kysely cannot name a column of a table still generic: the narrowing is typed over all of them, once.
  const rows = dbOf(source)
    .selectFrom(table as JurisdictionTable)
    .where('jurisdiction_id', '=', jurisdictionId);
  return rows as unknown as SelectQueryBuilder<DB, T, object>;
}

/** The tables whose rows belong to a request: those with the request's jurisdiction_id and request_id. */
type RequestTable = {
  [T in JurisdictionTable]: DB[T] extends { request_id: number } ? T : never;
}[JurisdictionTable];

/**
 * A request's rows of a table (its events, attachments, co-handlers …), where a query of them starts:
 * `ofRequest(tx, 'attachments', j, requestId).select('id').where('purpose', '=', 'evidence')`.
 */
export function ofRequest<T extends RequestTable>(
  source: DbSource,
  table: T,
  jurisdictionId: string,
  requestId: number,
) {
  // As in inJurisdiction: narrowed over all the tables once, then given the table's own type.
  const rows = inJurisdiction(source, table as RequestTable, jurisdictionId).where(
    'request_id',
    '=',
    requestId,
  );
  return rows as unknown as SelectQueryBuilder<DB, T, object>;
}

/** A jurisdiction's rows of a table to change: `updateInJurisdiction(tx, 'api_keys', j).set(…).where('id', '=', id)`. */
export function updateInJurisdiction<T extends JurisdictionTable>(db: Db, table: T, jurisdictionId: string) {
  // As above: narrowed over all the tables once, then given the table's own type.
  const rows = db.updateTable(table as JurisdictionTable).where('jurisdiction_id', '=', jurisdictionId);
  return rows as unknown as UpdateQueryBuilder<DB, T, T, UpdateResult>;
}
