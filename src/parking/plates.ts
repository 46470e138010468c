/**
 * Chinese vehicle plates (GA 36-2018; pure): the province's character, the issuing office's letter, then
 *   - 5 letters or digits (an ordinary plate, 7 characters: 苏E12345, 苏EA1B23);
 *   - 4 letters or digits and a use (学 learner, 警 police, 港/澳 cross-border, 挂 trailer, 领 consulate,
 *     试 test, 超 oversize): 苏E1234学;
 *   - a small new-energy plate (8 characters): a letter of A–K but I for the energy (D/A/B/C/E battery, F/G/H/J/K
 *     other), a letter or digit, 4 digits: 苏ED12345, 苏EDA1234;
 *   - a large new-energy plate (8 characters): 5 digits and D or F: 苏E12345D.
 * Letters never include I or O (they read as 1 and 0). Embassy, military and armed-police plates are not
 * booked through the city's service and are refused.
 */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LETTER = 'A-HJ-NP-Z';
const USES = '学警港澳挂领试超';

const ORDINARY = new RegExp(`^[${PROVINCES}][${LETTER}][${LETTER}0-9]{5}$`);
const SPECIAL = new RegExp(`^[${PROVINCES}][${LETTER}][${LETTER}0-9]{4}[${USES}]$`);
const NEW_ENERGY_SMALL = new RegExp(`^[${PROVINCES}][${LETTER}][A-HJK][${LETTER}0-9][0-9]{4}$`);
const NEW_ENERGY_LARGE = new RegExp(`^[${PROVINCES}][${LETTER}][0-9]{5}[DF]$`);

export type PlateKind = 'ordinary' | 'special' | 'new_energy';

/** A plate as people type it: without spaces, dots or dashes, full-width letters and digits made plain, upper case. */
export function normalisePlate(input: string): string {
  return input
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s·•・.\-－_]/g, '')
    .toUpperCase();
}

/** The plate's kind, or null when it is not a valid civilian plate. Give it normalised. */
export function plateKind(plate: string): PlateKind | null {
  if (plate.length === 7) {
    // Five letters in a row is no serial the offices issue; at least one digit.
    if (ORDINARY.test(plate) && /[0-9]/.test(plate.slice(2))) return 'ordinary';
    if (SPECIAL.test(plate)) return 'special';
    return null;
  }
  if (plate.length === 8 && (NEW_ENERGY_SMALL.test(plate) || NEW_ENERGY_LARGE.test(plate)))
    return 'new_energy';
  return null;
}

/** The normalised plate when valid, else null. */
export function parsePlate(input: string): string | null {
  const plate = normalisePlate(input);
  return plateKind(plate) ? plate : null;
}

/** 苏E12345 → 苏E***45, 苏ED12345 → 苏E****45: the region and the last two characters. */
export function maskPlate(plate: string): string {
  const chars = [...plate];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}
