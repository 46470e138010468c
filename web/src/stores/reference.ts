/**
 * Reference data (departments, areas, categories), fetched once per page load and shared: these endpoints are
 * public and rate-limited per address, and a hotline desk behind one address must not spend its quota on them.
 */
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import type { Area, Category, Department } from '../api/models';
import type { Option } from '../lib/options';

export const departments = shallowRef<Department[]>([]);
export const areas = shallowRef<Area[]>([]);
export const categories = shallowRef<Category[]>([]);

const loaded = new Map<string, Promise<void>>();

function once(key: string, load: () => Promise<void>): Promise<void> {
  let p = loaded.get(key);
  if (!p) {
    p = load();
    loaded.set(key, p);
    p.catch(() => loaded.delete(key));
  }
  return p;
}

export const loadDepartments = (force = false) => {
  if (force) loaded.delete('departments');
  return once('departments', async () => {
    departments.value = (await api.GET('/api/v1/departments')).items;
  });
};

/** Areas with their polygons (one call serves both the lists and the maps). */
export const loadAreas = (force = false) => {
  if (force) loaded.delete('areas');
  return once('areas', async () => {
    areas.value = (await api.GET('/api/v1/areas', { params: { query: { geometry: 'true' } } })).items;
  });
};

export const loadCategories = (force = false) => {
  if (force) loaded.delete('categories');
  return once('categories', async () => {
    categories.value = (await api.GET('/api/v1/categories')).items;
  });
};

/** All three, for the pages that show requests. */
export const loadReference = () => Promise.all([loadDepartments(), loadAreas(), loadCategories()]);

export const departmentOptions = computed<Option[]>(() =>
  departments.value.map((d) => ({ value: d.code, label: d.name })),
);

export const departmentName = (code: string | null | undefined) =>
  code ? (departments.value.find((d) => d.code === code)?.name ?? code) : '';

export const areaName = (code: string | null | undefined) =>
  code ? (areas.value.find((a) => a.code === code)?.name ?? code) : '';

type Tree = { code: string; parent_code: string | null };

/** An item and its parents, the topmost first (nothing for an unknown code). */
export function lineage<T extends Tree>(items: T[], code: string | null | undefined): T[] {
  const out: T[] = [];
  for (let x = items.find((i) => i.code === code); x;) {
    out.unshift(x);
    const parent: string | null = x.parent_code;
    x = parent ? items.find((i) => i.code === parent) : undefined;
  }
  return out;
}

/** The area with its parents, e.g. 望亭镇 / 宅基村. */
export function areaPath(code: string | null | undefined): string {
  if (!code) return '';
  const names = lineage(areas.value, code)
    .filter((a) => a.level !== 'district')
    .map((a) => a.name);
  return names.join(' / ') || code;
}

export function categoryPath(code: string | null | undefined): string {
  if (!code) return '';
  return (
    lineage(categories.value, code)
      .map((c) => c.name)
      .join(' / ') || code
  );
}

/** Every area, named with its parents. */
export const areaPathOptions = computed<Option[]>(() =>
  areas.value.map((a) => ({ value: a.code, label: areaPath(a.code) })),
);

/** The categories of the first two levels, named with their parents (what a rule or a template applies to). */
export const upperCategoryOptions = computed<Option[]>(() =>
  categories.value.filter((c) => c.level <= 2).map((c) => ({ value: c.code, label: categoryPath(c.code) })),
);

export type CascaderOption = { value: string; label: string; children?: CascaderOption[] };

/** Items with parents as a tree of cascader options, children under their parent. */
function treeOptions<T extends Tree & { name: string }>(items: T[]): CascaderOption[] {
  const byParent = new Map<string | null, T[]>();
  for (const x of items) {
    const list = byParent.get(x.parent_code) ?? [];
    list.push(x);
    byParent.set(x.parent_code, list);
  }
  const build = (parent: string | null): CascaderOption[] =>
    (byParent.get(parent) ?? []).map((x) => {
      const children = build(x.code);
      return children.length ? { value: x.code, label: x.name, children } : { value: x.code, label: x.name };
    });
  return build(null);
}

/** The 3-level taxonomy (active categories) as cascader options. */
export const categoryOptions = () => treeOptions(categories.value.filter((c) => c.active));

/** District → street → community → grid, as cascader options. */
export const areaOptions = () => treeOptions(areas.value);

export const streets = () => areas.value.filter((a) => a.level === 'street');
export const topCategories = () => categories.value.filter((c) => c.level === 1);
