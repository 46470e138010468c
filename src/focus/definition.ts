/**
 * Which requests are a 每月一题 problem's (pure): requests of any of its categories (or below them), placed in any of
 * its areas (or below them), whose title or text holds any of its keywords. An empty list does not restrict.
 * Keywords are compared after the same normalisation as the requests' texts (繁→简, full-width → half-width).
 * The SQL in ./volumes.ts counts the same set; this function is its reference (tests compare the two).
 */
import { normalise } from '../text/normalise.js';

export type ProblemDefinition = { keywords: string[]; category_codes: string[]; area_codes: string[] };

export function normaliseDefinition(d: ProblemDefinition): ProblemDefinition {
  const unique = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  return {
    keywords: unique(d.keywords.map((k) => normalise(k))),
    category_codes: unique(d.category_codes),
    area_codes: unique(d.area_codes),
  };
}

export const isEmptyDefinition = (d: ProblemDefinition) =>
  !d.keywords.length && !d.category_codes.length && !d.area_codes.length;

type MatchableRequest = {
  title_norm: string;
  body_norm: string;
  category_code: string | null;
  area_code: string | null;
};

/** `parentOf` gives a code's parent in its tree (categories, areas), undefined at the top. */
export function matchesDefinition(
  d: ProblemDefinition,
  r: MatchableRequest,
  parents: { category: (code: string) => string | undefined; area: (code: string) => string | undefined },
): boolean {
  const within = (code: string | null, roots: string[], parentOf: (c: string) => string | undefined) => {
    if (!roots.length) return true;
    for (let c: string | undefined = code ?? undefined; c !== undefined; c = parentOf(c))
      if (roots.includes(c)) return true;
    return false;
  };
  return (
    within(r.category_code, d.category_codes, parents.category) &&
    within(r.area_code, d.area_codes, parents.area) &&
    (!d.keywords.length || d.keywords.some((k) => r.title_norm.includes(k) || r.body_norm.includes(k)))
  );
}
