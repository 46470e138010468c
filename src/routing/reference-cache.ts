import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type ReferenceSnapshot = {
  timezone: string;
  /** 一级 categories whose requests go to the street office of their place (属地管理), from the jurisdiction's settings. */
  localFirstCategories: Set<string>;
  areas: Set<string>;
  categories: Set<string>;
  departments: Set<string>;
  /** 一级 category name → its code and default department. */
  level1ByName: Map<string, { code: string; default_department_code: string | null }>;
  /** Area code → the code of its street/town (itself for a street). */
  streetOf: Map<string, string>;
  /** Street code → its street office (a department of kind street_office for that area). */
  streetOffice: Map<string, string>;
};

const TTL_MS = 5_000;

/**
 * Reference data that every registration reads (does this area exist? which timezone? where does this category
 * go?), held in memory for a few seconds instead of read per request. Admin edits in this process invalidate it
 * at once; other processes see them within the TTL.
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
        .select(['timezone', 'settings'])
        .where('jurisdiction_id', '=', j)
        .executeTakeFirst(),
      this.db
        .selectFrom('areas')
        .select(['code', 'level', 'parent_code'])
        .where('jurisdiction_id', '=', j)
        .execute(),
      this.db
        .selectFrom('categories')
        .select(['code', 'name', 'level', 'default_department_code'])
        .where('jurisdiction_id', '=', j)
        .execute(),
      this.db
        .selectFrom('departments')
        .select(['code', 'kind', 'area_code', 'active'])
        .where('jurisdiction_id', '=', j)
        .execute(),
    ]);
    const byCode = new Map(areas.map((a) => [a.code, a]));
    const streetOf = new Map<string, string>();
    for (const a of areas) {
      let x: (typeof areas)[number] | undefined = a;
      for (let hops = 0; x && x.level !== 'street' && hops < 8; hops++)
        x = x.parent_code ? byCode.get(x.parent_code) : undefined;
      if (x?.level === 'street') streetOf.set(a.code, x.code);
    }
    const settings = (jur?.settings ?? {}) as { local_first_categories?: string[] };
    return {
      timezone: jur?.timezone ?? 'Asia/Shanghai',
      localFirstCategories: new Set(settings.local_first_categories ?? []),
      areas: new Set(areas.map((a) => a.code)),
      categories: new Set(categories.map((c) => c.code)),
      departments: new Set(departments.map((d) => d.code)),
      level1ByName: new Map(
        categories
          .filter((c) => c.level === 1)
          .map((c) => [c.name, { code: c.code, default_department_code: c.default_department_code }]),
      ),
      streetOf,
      streetOffice: new Map(
        departments
          .filter((d) => d.kind === 'street_office' && d.active && d.area_code)
          .map((d) => [d.area_code!, d.code]),
      ),
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
