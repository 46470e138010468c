import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Kysely types of the tables of migration 0002_open311.sql. They live here rather than in src/db/schema.ts;
 * queries reach them through `db.withTables<Open311Tables>()`.
 */
export type AttributeDatatype =
  'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
export const ATTRIBUTE_DATATYPES: readonly AttributeDatatype[] = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
];

export type AttributeValueOption = { key: string; name: string };

export type CategoryAttributesTable = {
  jurisdiction_id: string;
  category_code: string;
  code: string;
  variable: ColumnType<boolean, boolean | undefined, boolean>;
  datatype: AttributeDatatype;
  required: ColumnType<boolean, boolean | undefined, boolean>;
  datatype_description: string | null;
  sort_order: number | null;
  description: string | null;
  list_values: ColumnType<AttributeValueOption[], string | undefined, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

/** Attribute values as stored: one string, or a list of keys for a multivaluelist. */
export type StoredAttributes = Record<string, string | string[]>;

export type Open311RequestsTable = {
  jurisdiction_id: string;
  request_id: number;
  token: string;
  api_key_id: number;
  service_code: string;
  attributes: ColumnType<StoredAttributes, string | undefined, string>;
  media_url: string | null;
  account_id: string | null;
  device_id: string | null;
  email_enc: string | null;
  name_enc: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
};

export type Open311UpdatesTable = {
  jurisdiction_id: string;
  api_key_id: number;
  external_update_id: string;
  request_id: number;
  event_id: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
};

export type Open311Tables = {
  category_attributes: CategoryAttributesTable;
  open311_requests: Open311RequestsTable;
  open311_updates: Open311UpdatesTable;
};

export type Open311DB = DB & Open311Tables;
export type CategoryAttributeRow = Selectable<CategoryAttributesTable>;

/** The database (or a transaction) with the Open311 tables known to the type checker. */
export function o311(db: Kysely<DB>): Kysely<Open311DB>;
export function o311(db: Transaction<DB>): Transaction<Open311DB>;
export function o311(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<Open311Tables>();
}
