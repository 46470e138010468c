/**
 * The tables of 每月一题 and 未诉先办 (0023_focus.sql), known to the type checker through `focusDb(db)` so that the
 * shared table list in src/db/schema.ts does not grow with every feature.
 */
import { sql, type ColumnType, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ProblemDefinition } from './definition.js';
import type { WarningKind } from './warnings.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface MonthlyProblemsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  month: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  definition: Json<ProblemDefinition>;
  lead_department_code: string;
  co_department_codes: ColumnType<string[], string[] | undefined, string[]>;
  target: ColumnType<string, string | undefined, string>;
  target_reduction: ColumnType<string | null, number | null | undefined, number | null>;
  source: 'hot_topic' | 'manual' | 'warning';
  created_by: number | null;
  created_at: Timestamp;
}

export interface MonthlyProblemTasksTable {
  jurisdiction_id: string;
  problem_id: number;
  project_id: number;
}

export interface MonthlyProblemVolumesTable {
  jurisdiction_id: string;
  problem_id: number;
  month: string;
  volume: number;
}

export type WarningStatus = 'open' | 'acknowledged' | 'dismissed';

export interface EarlyWarningsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  kind: WarningKind;
  category_code: string;
  area_code: string;
  department_code: string | null;
  /** Read it as `day::text` (warningColumns): drivers turn a bare date into a Date at some midnight. */
  day: ColumnType<string, string, string>;
  observed: number;
  expected: ColumnType<string, number, number>;
  p_value: ColumnType<string | null, number | null, number | null>;
  sample_ids: ColumnType<string[], number[], number[]>;
  status: ColumnType<WarningStatus, WarningStatus | undefined, WarningStatus>;
  note: ColumnType<string, string | undefined, string>;
  handled_by: number | null;
  handled_at: Timestamp | null;
  project_id: number | null;
  created_at: Timestamp;
}

export type FocusTables = {
  monthly_problems: MonthlyProblemsTable;
  monthly_problem_tasks: MonthlyProblemTasksTable;
  monthly_problem_volumes: MonthlyProblemVolumesTable;
  early_warnings: EarlyWarningsTable;
};

export type FocusDB = DB & FocusTables;
export type MonthlyProblemRow = Selectable<MonthlyProblemsTable>;
export type EarlyWarningRow = Selectable<EarlyWarningsTable>;

export function focusDb(db: Kysely<DB>): Kysely<FocusDB>;
export function focusDb(db: Transaction<DB>): Transaction<FocusDB>;
export function focusDb(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<FocusTables>();
}

/** Every column of early_warnings, the day as its 'YYYY-MM-DD' text. */
export const warningColumns = () =>
  [
    'jurisdiction_id',
    'id',
    'kind',
    'category_code',
    'area_code',
    'department_code',
    sql<string>`day::text`.as('day'),
    'observed',
    'expected',
    'p_value',
    'sample_ids',
    'status',
    'note',
    'handled_by',
    'handled_at',
    'project_id',
    'created_at',
  ] as const;
