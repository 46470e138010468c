/** 吹哨报到: a request's co-handling departments (协办) as stored, in the order they were added. */
import type { CoHandlerRow } from '../db/schema.js';
import { ofRequest } from '../db/source.js';
import type { Db } from './write/apply-change.js';

export function loadCoHandlers(db: Db, jurisdictionId: string, requestId: number): Promise<CoHandlerRow[]> {
  return ofRequest(db, 'request_co_handlers', jurisdictionId, requestId)
    .selectAll()
    .orderBy('added_at')
    .orderBy('department_code')
    .execute();
}
