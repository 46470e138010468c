/**
 * Projects whose progress another module counts, so that the bulletin is true by construction: "新增错时共享泊位
 * 500个" progresses as the parking module's share windows open spaces (opened / target, at most 100 %).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, ProgressSource } from '../db/schema.js';
import { sharedSpacesOpened } from '../parking/queries.js';
import { round2 } from './status.js';

export const PROGRESS_SOURCE_LABELS: Record<ProgressSource['kind'], string> = {
  parking_shared_spaces: '错时共享泊位（停车模块统计）',
};

/** The counted progress of the projects that have a source, by id. */
export async function sourcedProgress(
  db: Kysely<DB> | Transaction<DB>,
  j: string,
  projects: readonly { id: number; year: number; progress_source?: ProgressSource | null }[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const p of projects) {
    if (!p.progress_source) continue;
    const opened = await sharedSpacesOpened(db, j, p.year);
    out.set(p.id, Math.min(100, round2((opened / p.progress_source.target) * 100)));
  }
  return out;
}
