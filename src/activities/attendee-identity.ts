/**
 * Who an attendee is, for refusing a second check-in without keeping names in clear: a party member's (or an
 * offline entry's) name and branch, normalised (full-width and spacing folded, case ignored), as the input of
 * a keyed hash. Pure.
 */
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

export function memberKeyInput(name: string, branch: string | null | undefined): string {
  return `activity-member:${JSON.stringify([fold(name), fold(branch ?? '')])}`;
}
