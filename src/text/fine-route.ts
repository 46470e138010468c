/**
 * Routing by the finest category (pure). The classifier knows seven 一级 labels, and a 一级 category cannot choose a
 * department: 城乡建设 holds 住建局's housing, 城管's street vending and the water company's supply. A dispatcher
 * recognises the finer category by its words (占道经营, 摆摊 → 城管执法), so each category with keywords whose
 * words a message holds competes with the 一级 defaults: its weight is its 一级 category's confidence (plus a
 * floor, for the 一级 categories the classifier never predicts, e.g. 政法) times e^(HIT_WEIGHT × hits). The
 * department's confidence is the share of the weight routed to it; auto-dispatch asks that figure, not the
 * confidence in a 一级 label.
 */

export type KeywordCategory = {
  code: string;
  /** The name of its 一级 category. */
  level1: string;
  keywords: readonly string[];
  /** Where its requests go (its own default department, or the nearest ancestor's). */
  department: string | null;
};

export type Level1Route = { department_code: string | null; department_rule: DepartmentRule | null };
export type DepartmentRule = 'category_keywords' | 'category_default' | 'area_street_office';

export type FineRoute = Level1Route & {
  /** The finest category recognised (a category with keywords), or the top 一级 category's code. */
  category_code: string | null;
  department_confidence: number;
};

/** Chosen on bench/data/routing-labels.jsonl (see bench/routing.ts), which prints the alternatives. */
export const HIT_WEIGHT = 2.5;
export const LEVEL1_FLOOR = 0.05;
/**
 * The share of a 一级 category's requests its default department handles, for want of a finer sign: the rest of its
 * weight goes to no department, so a 一级 label alone does not make a department sure.
 */
export const DEFAULT_SHARE = 0.6;
const MAX_HITS = 3;

/** Distinct keywords found, those in the title counting twice, at most MAX_HITS. */
export function keywordHits(title: string, body: string, keywords: readonly string[]): number {
  let hits = 0;
  for (const k of keywords) {
    if (!k) continue;
    if (title.includes(k)) hits += 2;
    else if (body.includes(k)) hits += 1;
  }
  return Math.min(MAX_HITS, hits);
}

export function fineRoute(input: {
  title: string;
  body: string;
  /** The classifier's confidence in each 一级 label it knows. */
  level1: readonly { name: string; code: string | null; confidence: number }[];
  categories: readonly KeywordCategory[];
  /** Where a 一级 category's requests go by default (its department, or the street office of the place). */
  level1Route: (name: string) => Level1Route;
  /** The street office of the request's place when its 一级 category is handled locally (属地管理). */
  localOffice: (level1: string) => string | null;
  hitWeight?: number;
  floor?: number;
  defaultShare?: number;
}): FineRoute {
  const hitWeight = input.hitWeight ?? HIT_WEIGHT;
  const floor = input.floor ?? LEVEL1_FLOOR;
  const share = input.defaultShare ?? DEFAULT_SHARE;
  const confidence = new Map(input.level1.map((l) => [l.name, l.confidence]));
  type Candidate = Level1Route & { category_code: string | null; weight: number };
  const candidates: Candidate[] = input.level1.flatMap((l) => [
    { ...input.level1Route(l.name), category_code: l.code, weight: l.confidence * share },
    {
      department_code: null,
      department_rule: null,
      category_code: l.code,
      weight: l.confidence * (1 - share),
    },
  ]);
  for (const c of input.categories) {
    const hits = keywordHits(input.title, input.body, c.keywords);
    if (!hits) continue;
    const office = input.localOffice(c.level1);
    candidates.push({
      category_code: c.code,
      department_code: office ?? c.department,
      department_rule: office ? 'area_street_office' : 'category_keywords',
      weight: ((confidence.get(c.level1) ?? 0) + floor) * Math.exp(hitWeight * hits),
    });
  }
  const total = candidates.reduce((sum, c) => sum + c.weight, 0);
  const routed = candidates.filter((c) => c.department_code && c.weight > 0);
  if (!routed.length)
    return { category_code: null, department_code: null, department_rule: null, department_confidence: 0 };
  const byDepartment = new Map<string, number>();
  for (const c of routed)
    byDepartment.set(c.department_code!, (byDepartment.get(c.department_code!) ?? 0) + c.weight);
  const [department, weight] = [...byDepartment].reduce((a, b) => (b[1] > a[1] ? b : a));
  const best = routed
    .filter((c) => c.department_code === department)
    .reduce((a, b) => (b.weight > a.weight ? b : a));
  return {
    category_code: best.category_code,
    department_code: department,
    department_rule: best.department_rule,
    department_confidence: Math.round((weight / total) * 10_000) / 10_000,
  };
}
