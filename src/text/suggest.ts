/**
 * Classification and routing of a new request: the likely 一级 categories with calibrated confidences, and the
 * department to dispatch to with its own confidence — the department of the finest category its words mark
 * (./fine-route.ts), or the 一级 category's default department, or the street office of the request's place for
 * categories the jurisdiction handles locally (属地管理).
 */
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { LABELS, loadClassifier, type Classifier } from './classify.js';
import { fineRoute, type DepartmentRule } from './fine-route.js';

export const MODEL_NAME = 'tipdm-linear-v1';

export type Suggestions = {
  model: string;
  categories: { code: string | null; name: string; confidence: number }[];
  department_code: string | null;
  department_rule: DepartmentRule | null;
  /** How sure the routing is of the department (absent in suggestions stored before it was computed). */
  department_confidence?: number;
  /** The finest category recognised, or the top 一级 category. */
  category_code?: string | null;
  duplicates?: unknown[];
};

let shared: Classifier | undefined;

/** The shipped model, loaded once per process on first use. */
export function sharedClassifier(): Classifier {
  shared ??= loadClassifier();
  return shared;
}

function streetOfficeOf(ref: ReferenceSnapshot, areaCode: string | null) {
  const street = areaCode ? ref.streetOf.get(areaCode) : undefined;
  return street ? ref.streetOffice.get(street) : undefined;
}

export function routeCategory(
  ref: ReferenceSnapshot,
  level1Name: string,
  areaCode: string | null,
): Pick<Suggestions, 'department_code' | 'department_rule'> {
  const office = streetOfficeOf(ref, areaCode);
  if (office && ref.localFirstCategories.has(level1Name))
    return { department_code: office, department_rule: 'area_street_office' };
  const d = ref.level1ByName.get(level1Name)?.default_department_code ?? null;
  if (d) return { department_code: d, department_rule: 'category_default' };
  return office
    ? { department_code: office, department_rule: 'area_street_office' }
    : { department_code: null, department_rule: null };
}

/** Works on normalised text. Pure given the reference snapshot and the classifier. */
export function suggest(
  ref: ReferenceSnapshot,
  input: { title: string; body: string; areaCode: string | null },
  classifier: Classifier = sharedClassifier(),
): Suggestions {
  const predictions = classifier.predict(input.title, input.body, LABELS.length);
  const level1 = predictions.map((p) => ({
    name: p.label,
    code: ref.level1ByName.get(p.label)?.code ?? null,
    confidence: p.confidence,
  }));
  const office = streetOfficeOf(ref, input.areaCode) ?? null;
  const route = fineRoute({
    title: input.title,
    body: input.body,
    level1,
    categories: ref.keywordCategories,
    level1Route: (name) => routeCategory(ref, name, input.areaCode),
    localOffice: (name) => (ref.localFirstCategories.has(name) ? office : null),
  });
  return {
    model: MODEL_NAME,
    categories: level1.slice(0, 3).map((l) => ({
      code: l.code,
      name: l.name,
      confidence: Math.round(l.confidence * 10_000) / 10_000,
    })),
    department_code: route.department_code,
    department_rule: route.department_rule,
    department_confidence: route.department_confidence,
    category_code: route.category_code,
  };
}
