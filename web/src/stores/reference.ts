/**
 * Reference data (departments, areas, categories), fetched once per page load and shared: these endpoints are
 * public and rate-limited per address, and a hotline desk behind one address must not spend its quota on them.
 */
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import type { Area, Category, Department } from '../api/types';
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
    departments.value = (await api.get<{ items: Department[] }>('/api/v1/departments')).items;
  });
};

/** Areas with their polygons (one call serves both the lists and the maps). */
export const loadAreas = (force = false) => {
  if (force) loaded.delete('areas');
  return once('areas', async () => {
    areas.value = (await api.get<{ items: Area[] }>('/api/v1/areas', { geometry: 'true' })).items;
  });
};

export const loadCategories = (force = false) => {
  if (force) loaded.delete('categories');
  return once('categories', async () => {
    categories.value = (await api.get<{ items: Category[] }>('/api/v1/categories')).items;
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

/** The area with its parents, e.g. 望亭镇 / 宅基村. */
export function areaPath(code: string | null | undefined): string {
  if (!code) return '';
  const out: string[] = [];
  for (let a = areas.value.find((x) => x.code === code); a;) {
    if (a.level !== 'district') out.unshift(a.name);
    const parent: string | null = a.parent_code;
    a = parent ? areas.value.find((x) => x.code === parent) : undefined;
  }
  return out.join(' / ') || code;
}

export function categoryPath(code: string | null | undefined): string {
  if (!code) return '';
  const out: string[] = [];
  for (let c = categories.value.find((x) => x.code === code); c;) {
    out.unshift(c.name);
    const parent: string | null = c.parent_code;
    c = parent ? categories.value.find((x) => x.code === parent) : undefined;
  }
  return out.join(' / ') || code;
}

export type CascaderOption = { value: string; label: string; children?: CascaderOption[] };

/** The 3-level taxonomy as cascader options. */
export function categoryOptions(): CascaderOption[] {
  const byParent = new Map<string | null, Category[]>();
  for (const c of categories.value) {
    if (!c.active) continue;
    const list = byParent.get(c.parent_code) ?? [];
    list.push(c);
    byParent.set(c.parent_code, list);
  }
  const build = (parent: string | null): CascaderOption[] =>
    (byParent.get(parent) ?? []).map((c) => {
      const children = build(c.code);
      return children.length ? { value: c.code, label: c.name, children } : { value: c.code, label: c.name };
    });
  return build(null);
}

/** District → street → community → grid, as cascader options. */
export function areaOptions(): CascaderOption[] {
  const byParent = new Map<string | null, Area[]>();
  for (const a of areas.value) {
    const list = byParent.get(a.parent_code) ?? [];
    list.push(a);
    byParent.set(a.parent_code, list);
  }
  const build = (parent: string | null): CascaderOption[] =>
    (byParent.get(parent) ?? []).map((a) => {
      const children = build(a.code);
      return children.length ? { value: a.code, label: a.name, children } : { value: a.code, label: a.name };
    });
  return build(null);
}

export const streets = () => areas.value.filter((a) => a.level === 'street');
export const topCategories = () => categories.value.filter((c) => c.level === 1);
