/**
 * The request's `suggestions` (text classification, suggested department, duplicate candidates) are written by
 * the text pipeline; their exact shape may change. Read them defensively: find what looks like category,
 * department and duplicate candidates, and leave the rest alone.
 */
export type Candidate = { code: string; name?: string; score?: number };
export type Duplicate = { id?: number; ticket_no?: string; score?: number; title?: string; status?: string };
export type Suggestions = { categories: Candidate[]; departments: Candidate[]; duplicates: Duplicate[] };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown) => (typeof x === 'string' && x ? x : undefined);

function score(o: Obj): number | undefined {
  return num(o.score) ?? num(o.confidence) ?? num(o.probability) ?? num(o.p) ?? num(o.similarity);
}

function candidates(x: unknown, codeKeys: string[]): Candidate[] {
  const list = Array.isArray(x) ? x : x === undefined || x === null ? [] : [x];
  const out: Candidate[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push({ code: item });
    else if (isObj(item)) {
      const code = codeKeys.map((k) => str(item[k])).find(Boolean);
      const name = str(item.name) ?? str(item.label);
      // A category the taxonomy does not hold may come with a name and no code: still worth showing.
      if (code || name) out.push({ code: code ?? '', name, score: score(item) });
    }
  }
  return out;
}

export function readSuggestions(raw: unknown): Suggestions {
  const s: Suggestions = { categories: [], departments: [], duplicates: [] };
  if (!isObj(raw)) return s;
  const classification = isObj(raw.classification) ? raw.classification : raw;
  for (const k of ['categories', 'category_candidates', 'category', 'top', 'candidates']) {
    if (s.categories.length) break;
    s.categories = candidates(classification[k], ['code', 'category_code', 'category']);
  }
  if (!s.categories.length && str(raw.category_code))
    s.categories = [
      { code: str(raw.category_code)!, score: num(raw.confidence) ?? num(raw.category_confidence) },
    ];
  for (const k of ['departments', 'department_candidates', 'department']) {
    if (s.departments.length) break;
    s.departments = candidates(raw[k] ?? classification[k], ['code', 'department_code', 'department']);
  }
  if (!s.departments.length && str(raw.department_code))
    s.departments = [{ code: str(raw.department_code)!, score: num(raw.department_confidence) }];
  for (const k of ['duplicates', 'duplicate_candidates', 'similar', 'possible_duplicates']) {
    const list = raw[k];
    if (!Array.isArray(list) || s.duplicates.length) continue;
    for (const d of list) {
      if (!isObj(d)) continue;
      const id = num(d.id) ?? num(d.request_id) ?? (typeof d.id === 'string' ? Number(d.id) : undefined);
      s.duplicates.push({
        id: Number.isFinite(id) ? id : undefined,
        ticket_no: str(d.ticket_no),
        score: score(d),
        title: str(d.title) ?? str(d.body),
        status: str(d.status),
      });
    }
  }
  return s;
}

export const hasSuggestions = (s: Suggestions) =>
  s.categories.length + s.departments.length + s.duplicates.length > 0;
