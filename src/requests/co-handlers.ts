/** 吹哨报到: a request's co-handling departments (协办) as stored, in the order they were added. */
import type { CoHandlerRow } from '../db/schema.js';
import type { Db } from './write/apply-change.js';

export function loadCoHandlers(db: Db, jurisdictionId: string, requestId: number): Promise<CoHandlerRow[]> {
  return db
    .selectFrom('request_co_handlers')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('request_id', '=', requestId)
    .orderBy('added_at')
    .orderBy('department_code')
    .execute();
}
