/**
 * Where a session was held, as the statistics count it: the community (the area itself, or the community a grid
 * lies in) and the street; and the communities under a target area. Pure, over the jurisdiction's areas.
 */
import type { Named } from './grouping.js';

export type AreaNode = { code: string; name: string; level: string; parent_code: string | null };

export type Places = {
  /** The community of an area (itself, or the one above it), or null for a street or above. */
  communityOf(code: string): Named | null;
  /** The street of an area (itself, or the one above it), or null for the district. */
  streetOf(code: string): Named | null;
  /** The codes of the communities in an area (itself when it is one). */
  communitiesUnder(code: string): string[];
  /** An area's name, or its code when unknown. */
  nameOf(code: string): string;
};

/** A bounded walk: a cycle in the data (an admin's mistake) must not hang the server. */
const MAX_DEPTH = 8;

export function placesOf(areas: readonly AreaNode[]): Places {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const ancestorAt = (code: string, level: string): Named | null => {
    let x = byCode.get(code);
    for (let hops = 0; x && x.level !== level && hops < MAX_DEPTH; hops++)
      x = x.parent_code ? byCode.get(x.parent_code) : undefined;
    return x?.level === level ? { key: x.code, label: x.name } : null;
  };
  const isUnder = (code: string, top: string) => {
    let x = byCode.get(code);
    for (let hops = 0; x && hops <= MAX_DEPTH; hops++) {
      if (x.code === top) return true;
      x = x.parent_code ? byCode.get(x.parent_code) : undefined;
    }
    return false;
  };
  return {
    communityOf: (code) => ancestorAt(code, 'community'),
    streetOf: (code) => ancestorAt(code, 'street'),
    communitiesUnder: (code) =>
      areas.filter((a) => a.level === 'community' && isUnder(a.code, code)).map((a) => a.code),
    nameOf: (code) => byCode.get(code)?.name ?? code,
  };
}
