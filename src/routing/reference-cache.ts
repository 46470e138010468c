import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type ReferenceSnapshot = {
  timezone: string;
  areas: Set<string>;
  categories: Set<string>;
  departments: Set<string>;
};

const TTL_MS = 5_000;

/**
 * Reference data that every registration checks (does this area exist? which timezone?), held in memory for
 * a few seconds instead of read per request. Admin edits in this process invalidate it at once; other
 * processes see them within the TTL.
 */
export class ReferenceCache {
  private entries = new Map<string, { at: number; value: Promise<ReferenceSnapshot> }>();
  constructor(private readonly db: Kysely<DB>) {}

  get(jurisdictionId: string, now = Date.now()): Promise<ReferenceSnapshot> {
    const hit = this.entries.get(jurisdictionId);
    if (hit && now - hit.at < TTL_MS) return hit.value;
    const value = this.load(jurisdictionId);
    this.entries.set(jurisdictionId, { at: now, value });
    value.catch(() => this.entries.delete(jurisdictionId));
    return value;
  }

  invalidate(jurisdictionId: string) {
    this.entries.delete(jurisdictionId);
  }

  private async load(j: string): Promise<ReferenceSnapshot> {
    const [jur, areas, categories, departments] = await Promise.all([
      this.db
        .selectFrom('jurisdictions')
        .select('timezone')
        .where('jurisdiction_id', '=', j)
        .executeTakeFirst(),
      this.db.selectFrom('areas').select('code').where('jurisdiction_id', '=', j).execute(),
      this.db.selectFrom('categories').select('code').where('jurisdiction_id', '=', j).execute(),
      this.db.selectFrom('departments').select('code').where('jurisdiction_id', '=', j).execute(),
    ]);
    return {
      timezone: jur?.timezone ?? 'Asia/Shanghai',
      areas: new Set(areas.map((a) => a.code)),
      categories: new Set(categories.map((c) => c.code)),
      departments: new Set(departments.map((d) => d.code)),
    };
  }
}

const caches = new WeakMap<Kysely<DB>, ReferenceCache>();

/** One cache per database handle (per process). */
export function referenceCache(db: Kysely<DB>): ReferenceCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new ReferenceCache(db)));
  return c;
}
