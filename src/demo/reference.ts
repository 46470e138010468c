import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { AreaLevel, DB, DepartmentKind, GeoJsonGeometry } from '../db/schema.js';
import { bbox } from '../routing/geo.js';
import { snapshotOf, type ReferenceSnapshot } from '../routing/reference-cache.js';
import { readCsvObjects } from '../text/csv.js';

/** Files the product ships (not ../shared): the demo city and the taxonomy. */
export const SHIPPED = {
  city: new URL('../../data/demo/city.json', import.meta.url),
  taxonomy: new URL('../../data/taxonomy.csv', import.meta.url),
  messages: new URL('../../data/demo/messages.jsonl', import.meta.url),
  replies: new URL('../../data/demo/replies.jsonl', import.meta.url),
  knowledge: new URL('../../data/demo/knowledge.json', import.meta.url),
  categoryKeywords: new URL('../../data/demo/category-keywords.json', import.meta.url),
};

/** The shipped demo city's reference snapshot (routing without a database). */
export function shippedSnapshot(): ReferenceSnapshot {
  const city = readCity();
  return snapshotOf({
    timezone: city.jurisdiction.timezone,
    localFirstCategories: LOCAL_FIRST_CATEGORIES,
    areas: city.areas,
    categories: shippedCategories(city),
    departments: city.departments.map((d) => ({ ...d, active: true })),
  });
}

/** The taxonomy as the demo city's categories: each with its default department and its keywords. */
export function shippedCategories(city: CityFile = readCity()) {
  const deptFor = (l1: string, l2: string | null) =>
    city.category_departments.find((m) => m.level1 === l1 && m.level2 === l2)?.department_code ??
    city.category_departments.find((m) => m.level1 === l1 && m.level2 === null)?.department_code ??
    null;
  const keywords = readCategoryKeywords();
  return readTaxonomy().map((c) => {
    const fine = c.level === 3 ? keywords.get(`${c.level1}/${c.level2}/${c.name}`) : undefined;
    return {
      ...c,
      default_department_code:
        fine?.department ?? (c.level === 1 ? deptFor(c.level1, null) : deptFor(c.level1, c.level2)),
      keywords: fine?.keywords ?? [],
    };
  });
}

/** The finest categories the demo city's dispatchers recognise by their words, by path 一级/二级/三级. */
export function readCategoryKeywords(): Map<string, { keywords: string[]; department?: string }> {
  const file = JSON.parse(fs.readFileSync(SHIPPED.categoryKeywords, 'utf8')) as {
    categories: { path: string; keywords: string[]; department?: string }[];
  };
  return new Map(file.categories.map(({ path, ...rest }) => [path, rest]));
}

export type CityFile = {
  jurisdiction: {
    id: string;
    name: string;
    name_en: string;
    timezone: string;
    center: [number, number];
    note?: string;
  };
  areas: {
    code: string;
    name: string;
    level: AreaLevel;
    parent_code: string | null;
    geometry: GeoJsonGeometry;
    approximate: boolean;
  }[];
  departments: { code: string; name: string; kind: DepartmentKind; area_code: string | null }[];
  category_departments: { level1: string; level2: string | null; department_code: string }[];
};

export function readCity(): CityFile {
  return JSON.parse(fs.readFileSync(SHIPPED.city, 'utf8')) as CityFile;
}

export const LOCAL_FIRST_CATEGORIES = ['农村农业', '民政'];

export const SLA_PROFILES = [
  {
    code: 'ordinary',
    name: '一般诉求',
    sign_working_days: 1,
    contact_working_days: 1,
    reply_working_days: 5,
    urgent_sign_hours: 2,
    urgent_contact_hours: 4,
    urgent_reply_hours: 24,
    max_extension_working_days: 10,
  },
  {
    code: 'complex',
    name: '复杂诉求',
    sign_working_days: 1,
    contact_working_days: 2,
    reply_working_days: 15,
    urgent_sign_hours: 2,
    urgent_contact_hours: 4,
    urgent_reply_hours: 48,
    max_extension_working_days: 10,
  },
  {
    code: 'consultation',
    name: '咨询类',
    sign_working_days: 1,
    contact_working_days: 1,
    reply_working_days: 3,
    urgent_sign_hours: 2,
    urgent_contact_hours: 4,
    urgent_reply_hours: 24,
    max_extension_working_days: 5,
  },
];

/** 二级 categories whose work usually takes longer than the ordinary five days. */
const COMPLEX_LEVEL2 = new Set(['城乡规划', '房地产管理', '征地拆迁', '土地资源管理', '劳动保障']);

export type TaxonomyRow = {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parent_code: string | null;
  level1: string;
  level2: string | null;
};

/**
 * The 3-level taxonomy with stable codes by position: 一级 "01", 二级 "0103", 三级 "010302", numbered in the
 * order the shipped CSV lists them (new categories are appended, never renumbered).
 */
export function readTaxonomy(): TaxonomyRow[] {
  const rows = readCsvObjects(fs.readFileSync(SHIPPED.taxonomy, 'utf8'));
  const out: TaxonomyRow[] = [];
  const l1 = new Map<string, string>();
  const l2 = new Map<string, string>();
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const r of rows) {
    const [a, b, c] = [r.level1!.trim(), r.level2!.trim(), r.level3!.trim()];
    if (!l1.has(a)) {
      l1.set(a, pad(l1.size + 1));
      out.push({ code: l1.get(a)!, name: a, level: 1, parent_code: null, level1: a, level2: null });
    }
    const k2 = `${a}/${b}`;
    if (!l2.has(k2)) {
      const siblings = [...l2.keys()].filter((k) => k.startsWith(`${a}/`)).length;
      l2.set(k2, l1.get(a)! + pad(siblings + 1));
      out.push({ code: l2.get(k2)!, name: b, level: 2, parent_code: l1.get(a)!, level1: a, level2: b });
    }
    const siblings3 = out.filter((x) => x.parent_code === l2.get(k2)).length;
    out.push({
      code: l2.get(k2)! + pad(siblings3 + 1),
      name: c,
      level: 3,
      parent_code: l2.get(k2)!,
      level1: a,
      level2: b,
    });
  }
  return out;
}

export async function loadReference(db: Kysely<DB>, city: CityFile): Promise<void> {
  const j = city.jurisdiction.id;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('jurisdictions')
      .values({
        jurisdiction_id: j,
        name: city.jurisdiction.name,
        name_en: city.jurisdiction.name_en,
        timezone: city.jurisdiction.timezone,
        center_lon: city.jurisdiction.center[0],
        center_lat: city.jurisdiction.center[1],
        // 属地管理: village and civil-affairs matters go to the street office of the place.
        settings: JSON.stringify({
          note: city.jurisdiction.note ?? null,
          local_first_categories: LOCAL_FIRST_CATEGORIES,
        }),
      })
      .execute();
    for (const a of city.areas) {
      await tx
        .insertInto('areas')
        .values({
          jurisdiction_id: j,
          code: a.code,
          name: a.name,
          level: a.level,
          parent_code: a.parent_code,
          geometry: JSON.stringify(a.geometry),
          approximate: a.approximate,
          ...bbox(a.geometry),
        })
        .execute();
    }
    await tx
      .insertInto('departments')
      .values(city.departments.map((d) => ({ jurisdiction_id: j, ...d })))
      .execute();
    await tx
      .insertInto('sla_profiles')
      .values(SLA_PROFILES.map((p) => ({ jurisdiction_id: j, ...p })))
      .execute();
    const categories = shippedCategories(city);
    for (let i = 0; i < categories.length; i += 200) {
      await tx
        .insertInto('categories')
        .values(
          categories.slice(i, i + 200).map((c) => ({
            jurisdiction_id: j,
            code: c.code,
            name: c.name,
            level: c.level,
            parent_code: c.parent_code,
            default_department_code: c.default_department_code,
            keywords: JSON.stringify(c.keywords),
            sla_profile_code:
              c.level2 && COMPLEX_LEVEL2.has(c.level2)
                ? 'complex'
                : c.level1 === '党务政务'
                  ? 'consultation'
                  : 'ordinary',
          })),
        )
        .execute();
    }
  });
}
