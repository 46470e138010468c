/**
 * Classification and routing of a new request: the likely 一级 categories with calibrated confidences, and the
 * department to dispatch to — the category's default department, or the street office of the request's place
 * for categories the jurisdiction handles locally (属地管理).
 */
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import { loadClassifier, type Classifier } from './classify.js';

export const MODEL_NAME = 'tipdm-linear-v1';

export type Suggestions = {
  model: string;
  categories: { code: string | null; name: string; confidence: number }[];
  department_code: string | null;
  department_rule: 'category_default' | 'area_street_office' | null;
  duplicates?: unknown[];
};

let shared: Classifier | undefined;

/** The shipped model, loaded once per process on first use. */
export function sharedClassifier(): Classifier {
  shared ??= loadClassifier();
  return shared;
}

export function routeCategory(
  ref: ReferenceSnapshot,
  level1Name: string,
  areaCode: string | null,
): Pick<Suggestions, 'department_code' | 'department_rule'> {
  const street = areaCode ? ref.streetOf.get(areaCode) : undefined;
  const office = street ? ref.streetOffice.get(street) : undefined;
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
  const predictions = classifier.predict(input.title, input.body, 3);
  const top = predictions[0];
  return {
    model: MODEL_NAME,
    categories: predictions.map((p) => ({
      code: ref.level1ByName.get(p.label)?.code ?? null,
      name: p.label,
      confidence: Math.round(p.confidence * 10_000) / 10_000,
    })),
    ...(top
      ? routeCategory(ref, top.label, input.areaCode)
      : { department_code: null, department_rule: null }),
  };
}
