/**
 * The filters of a request list as a person sets them (periods as dates, lists as arrays) and as the API reads
 * them (GET /api/v1/requests: strings, lists comma-separated). One place, so that every list (console queues,
 * department lists, 综合查询) filters alike and a saved filter is the query itself.
 */
import { computed, reactive } from 'vue';
import type { RequestFilters } from '../api/models';
import { areas, categories, lineage } from '../stores/reference';

export type FilterForm = {
  text: string;
  /** Registered from/to: local dates 'YYYY-MM-DD' (the day `to` included). */
  period: [string, string] | null;
  status: string[];
  channel: string[];
  type: string[];
  department: string;
  area: string[];
  category: string[];
  overdue: boolean;
  longOverdue: boolean;
  escalated: boolean;
  supervised: boolean;
};

const blank = (): FilterForm => ({
  text: '',
  period: null,
  status: [],
  channel: [],
  type: [],
  department: '',
  area: [],
  category: [],
  overdue: false,
  longOverdue: false,
  escalated: false,
  supervised: false,
});

/** A local date's first instant, and the first instant of the day after (the period's end is the day included). */
const startOf = (date: string) => new Date(`${date}T00:00:00`);
function dayAfter(date: string): Date {
  const d = startOf(date);
  d.setDate(d.getDate() + 1);
  return d;
}
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const flag = (on: boolean) => (on ? 'true' : undefined);
const list = (values: string[]) => (values.length ? values.join(',') : undefined);
const last = (path: string[]) => path[path.length - 1];

/** The query the API reads for a form (empty values left out). */
export function queryOf(f: FilterForm): RequestFilters {
  const to = f.period ? dayAfter(f.period[1]) : null;
  const out: Record<string, string | undefined> = {
    text: f.text.trim() || undefined,
    registered_from: f.period ? startOf(f.period[0]).toISOString() : undefined,
    registered_to: to ? to.toISOString() : undefined,
    status: list(f.status),
    channel: list(f.channel),
    type: list(f.type),
    department: f.department || undefined,
    area: last(f.area),
    category: last(f.category),
    overdue: flag(f.overdue),
    long_overdue: flag(f.longOverdue),
    escalated: flag(f.escalated),
    supervised: flag(f.supervised),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as RequestFilters;
}

const codesTo = (items: Parameters<typeof lineage>[0], code: string) =>
  lineage(items, code).map((x) => x.code);

/** A form from a query (a saved filter), the area and category as the paths their fields hold. */
export function formOf(q: Record<string, string>): FilterForm {
  const split = (v: string | undefined) => (v ? v.split(',') : []);
  const to = q.registered_to ? new Date(new Date(q.registered_to).getTime() - 1).toISOString() : undefined;
  return {
    ...blank(),
    text: q.text ?? '',
    period: q.registered_from && to ? [localDay(q.registered_from), localDay(to)] : null,
    status: split(q.status),
    channel: split(q.channel),
    type: split(q.type),
    department: q.department ?? '',
    area: q.area ? codesTo(areas.value, q.area) : [],
    category: q.category ? codesTo(categories.value, q.category) : [],
    overdue: q.overdue === 'true',
    longOverdue: q.long_overdue === 'true',
    escalated: q.escalated === 'true',
    supervised: q.supervised === 'true',
  };
}

/** A form, the query last applied, and the means to apply, reset or load one. */
export function useRequestFilters() {
  const form = reactive(blank());
  const applied = reactive<{ query: RequestFilters }>({ query: {} });
  return {
    form,
    query: computed(() => applied.query),
    apply: () => void (applied.query = queryOf(form)),
    reset: () => {
      Object.assign(form, blank());
      applied.query = {};
    },
    load: (next: FilterForm) => {
      Object.assign(form, next);
      applied.query = queryOf(form);
    },
  };
}
