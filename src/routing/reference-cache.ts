import type { Kysely } from 'kysely';
import { calendarOf, type CalendarRows } from '../calendar/layers.js';
import { loadCalendarRows } from '../calendar/store.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { DB } from '../db/schema.js';
import type { KeywordCategory } from '../text/fine-route.js';
import { perDatabase } from '../db/per-database.js';

export type ReferenceSnapshot = {
  timezone: string;
  /** Working days: the jurisdiction's and the national overrides, then chinese-days, then Monday–Friday. */
  calendar: WorkingCalendar;
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
  /** Category code → the code of its 一级 category (itself for a 一级 category). */
  level1Of: Map<string, string>;
  /** The categories dispatchers recognise by keywords, with the department each routes to (text/fine-route.ts). */
  keywordCategories: KeywordCategory[];
  /** Display names by code. */
  names: { departments: Map<string, string>; areas: Map<string, string>; categories: Map<string, string> };
};

const TTL_MS = 5_000;

/**
 * Reference data that every registration reads (does this area exist? which timezone? where does this category
 * go?), held in memory for a few seconds instead of read per request. Admin edits in this process invalidate it
 * at once; other processes see them within the TTL.
 */
export class ReferenceCache {
  private entries = new Map<string, { at: number; value: Promise<ReferenceSnapshot> }>();
  /** Years a deadline asked about that no calendar layer knows, per jurisdiction, until the sweep takes them. */
  private unknownYears = new Map<string, Set<number>>();
  constructor(private readonly db: Kysely<DB>) {}

  /** The unknown years asked about since the last call (the sweep raises an alert for each). */
  takeUnknownYears(jurisdictionId: string): number[] {
    const years = [...(this.unknownYears.get(jurisdictionId) ?? [])];
    this.unknownYears.delete(jurisdictionId);
    return years;
  }

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
    const [jur, areas, categories, departments, calendarRows] = await Promise.all([
      this.db
        .selectFrom('jurisdictions')
        .select(['timezone', 'settings'])
        .where('jurisdiction_id', '=', j)
        .executeTakeFirst(),
      this.db
        .selectFrom('areas')
        .select(['code', 'name', 'level', 'parent_code'])
        .where('jurisdiction_id', '=', j)
        .execute(),
      this.db
        .selectFrom('categories')
        .select(['code', 'name', 'level', 'parent_code', 'default_department_code', 'keywords'])
        .where('jurisdiction_id', '=', j)
        .execute(),
      this.db
        .selectFrom('departments')
        .select(['code', 'name', 'kind', 'area_code', 'active'])
        .where('jurisdiction_id', '=', j)
        .execute(),
      loadCalendarRows(this.db, j),
    ]);
    const settings = (jur?.settings ?? {}) as { local_first_categories?: string[] };
    return snapshotOf({
      timezone: jur?.timezone ?? 'Asia/Shanghai',
      localFirstCategories: settings.local_first_categories ?? [],
      areas,
      categories,
      departments,
      calendarRows,
      onUnknownYear: (year) => {
        let years = this.unknownYears.get(j);
        if (!years) this.unknownYears.set(j, (years = new Set()));
        years.add(year);
      },
    });
  }
}

type Node = { code: string; name: string; level: string | number; parent_code: string | null };

/** The snapshot of a jurisdiction's reference rows (pure: the shipped demo city is read into one too). */
export function snapshotOf(input: {
  timezone: string;
  localFirstCategories: readonly string[];
  areas: readonly Node[];
  categories: readonly (Node & { default_department_code: string | null; keywords?: readonly string[] })[];
  departments: readonly {
    code: string;
    name: string;
    kind: string;
    area_code: string | null;
    active: boolean;
  }[];
  /** The calendar's override rows (none: the package and Monday–Friday only). */
  calendarRows?: CalendarRows;
  onUnknownYear?: (year: number) => void;
}): ReferenceSnapshot {
  const { areas, categories, departments } = input;
  const rows = input.calendarRows ?? { jurisdictionId: '', days: [], schedules: [] };
  return {
    timezone: input.timezone,
    calendar: calendarOf(rows, input.onUnknownYear),
    localFirstCategories: new Set(input.localFirstCategories),
    areas: new Set(areas.map((a) => a.code)),
    categories: new Set(categories.map((c) => c.code)),
    departments: new Set(departments.map((d) => d.code)),
    level1ByName: new Map(
      categories
        .filter((c) => c.level === 1)
        .map((c) => [c.name, { code: c.code, default_department_code: c.default_department_code }]),
    ),
    streetOf: ancestorsAt(areas, 'street'),
    streetOffice: new Map(
      departments
        .filter((d) => d.kind === 'street_office' && d.active && d.area_code)
        .map((d) => [d.area_code!, d.code]),
    ),
    level1Of: ancestorsAt(categories, 1),
    keywordCategories: keywordCategories(categories),
    names: {
      departments: new Map(departments.map((d) => [d.code, d.name])),
      areas: new Map(areas.map((a) => [a.code, a.name])),
      categories: new Map(categories.map((c) => [c.code, c.name])),
    },
  };
}

/** The categories with keywords, each with its 一级 name and its department (its own default, or the nearest ancestor's). */
function keywordCategories(
  categories: readonly (Node & { default_department_code: string | null; keywords?: readonly string[] })[],
): KeywordCategory[] {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const level1 = ancestorsAt(categories, 1);
  return categories
    .filter((c) => c.keywords?.length && level1.has(c.code))
    .map((c) => {
      let department = c.default_department_code;
      let x = c.parent_code ? byCode.get(c.parent_code) : undefined;
      for (let hops = 0; !department && x && hops < 8; hops++) {
        department = x.default_department_code;
        x = x.parent_code ? byCode.get(x.parent_code) : undefined;
      }
      return {
        code: c.code,
        level1: byCode.get(level1.get(c.code)!)!.name,
        keywords: c.keywords!,
        department,
      };
    });
}

/** Code → the code of its ancestor (or itself) at `level`, for the nodes that have one. */
function ancestorsAt(nodes: readonly Node[], level: string | number): Map<string, string> {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const out = new Map<string, string>();
  for (const n of nodes) {
    let x: Node | undefined = n;
    // A bounded walk: a cycle in the data (an admin's mistake) must not hang the server.
    for (let hops = 0; x && x.level !== level && hops < 8; hops++)
      x = x.parent_code ? byCode.get(x.parent_code) : undefined;
    if (x?.level === level) out.set(n.code, x.code);
  }
  return out;
}

/** One cache per database handle (per process). */
export const referenceCache = perDatabase((db) => new ReferenceCache(db));
