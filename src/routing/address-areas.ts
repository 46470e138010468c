/**
 * Which streets/towns and communities an address text names, and which of them do not hold a map pin: the
 * report forms ask before sending a request whose pin (渭塘镇 / 渭西村) disagrees with its typed address
 * (元和街道…). Pure: the areas are given.
 */
import type { AreaLevel } from '../db/schema.js';

export type TreeArea = { code: string; name: string; level: AreaLevel; parent_code: string | null };

/** The levels an address names: a district holds every pin, a grid is no name people write. */
const NAMED_LEVELS: ReadonlySet<AreaLevel> = new Set(['street', 'community']);

/**
 * The areas (streets/towns, communities) whose full names appear in the address, in the order they appear.
 * A longer name wins over a shorter one inside it (新巷村 is not 巷村); two areas of one name are both given.
 */
export function areasNamedIn<A extends TreeArea>(address: string, areas: readonly A[]): A[] {
  const text = address.replace(/\s+/g, '');
  const candidates = areas
    .filter((a) => NAMED_LEVELS.has(a.level) && a.name.length > 1)
    .sort((a, b) => b.name.length - a.name.length);
  const taken: boolean[] = new Array<boolean>(text.length).fill(false);
  const found: { at: number; area: A }[] = [];
  const spans = new Map<string, number>();
  for (const area of candidates) {
    const at = spans.get(area.name) ?? freeOccurrence(text, area.name, taken);
    if (at < 0) continue;
    if (!spans.has(area.name)) {
      spans.set(area.name, at);
      taken.fill(true, at, at + area.name.length);
    }
    found.push({ at, area });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.area);
}

/** The first place the name appears without overlapping a longer name already found; -1 when none. */
function freeOccurrence(text: string, name: string, taken: readonly boolean[]): number {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!taken.slice(at, at + name.length).some(Boolean)) return at;
  }
  return -1;
}

/**
 * The names the address gives that do not hold the pin, given the pin's finest area (its code). A name agrees
 * when an area of that name is the pin's area or one of its parents — or lies inside the pin's area, which is
 * then too coarse to tell (a pin in a street outside every community polygon).
 */
export function namesAgainstPin(
  named: readonly TreeArea[],
  pinCode: string,
  areas: readonly TreeArea[],
): string[] {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const ancestors = (code: string): Set<string> => {
    const out = new Set<string>();
    for (
      let a = byCode.get(code);
      a && !out.has(a.code);
      a = a.parent_code ? byCode.get(a.parent_code) : undefined
    )
      out.add(a.code);
    return out;
  };
  const pinLine = ancestors(pinCode);
  const agrees = (a: TreeArea) => pinLine.has(a.code) || ancestors(a.code).has(pinCode);
  const names = [...new Set(named.map((a) => a.name))];
  return names.filter((name) => !named.some((a) => a.name === name && agrees(a)));
}
