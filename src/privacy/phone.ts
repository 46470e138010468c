/**
 * Phone numbers as people type them, reduced to one canonical form: the form that is stored, encrypted, and
 * hashed to find a caller's requests. Mainland China only (the platform's callers).
 *
 * Accepted: mobiles (with +86 / 0086 / 86 in front), fixed lines with their area code (010-12345678,
 * 0512 6555 1234, (0512)65551234), 400 and 800 service numbers; separated by spaces, dashes, dots or brackets, in
 * full-width characters too; a fixed line or service number may carry an extension (转 123, 分机 123, ext. 123,
 * x123, #123, or -123 after the complete number).
 *
 * Canonical forms: a mobile is its 11 digits (13800000000: what was stored before this module, so existing rows
 * stay findable); a fixed line is 0 + area code + number (051265551234); a service number its 10 digits
 * (4008001234); an extension follows a dash (051265551234-123).
 */
import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'fixed' | 'service';

export type ParsedPhone = { canonical: string; kind: PhoneKind; extension: string | null };

export type PhoneProblem =
  /** Nothing typed. */
  | 'empty'
  /** Letters or signs no phone number has (测试, abc, @). */
  | 'characters'
  /** Digits that make no number here: too short, too long, a fixed line without its area code, a foreign number. */
  | 'number'
  /** A valid number of a kind the field does not take (a fixed line where a mobile is needed). */
  | 'kind'
  /** An extension on a mobile. */
  | 'extension';

export type PhoneResult = { ok: true; phone: ParsedPhone } | { ok: false; problem: PhoneProblem };

/** The longest input considered: a number with its prefix, separators and an extension. */
export const MAX_PHONE_INPUT = 40;

const KINDS: Partial<Record<NonNullable<NumberType>, PhoneKind>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed',
  TOLL_FREE: 'service',
  SHARED_COST: 'service',
};

/** Digits, separators and a leading plus; the extension markers are taken off before this is checked. */
const NUMBER_CHARS = /^\+?[\d\s\-.()]+$/;
const EXTENSION = /\s*(?:转|轉|分机|分機|ext\.?|x|#)\s*(\d{1,6})\s*$/i;
const TRAILING_DIGITS = /^(.*\d)\s*-\s*(\d{1,6})$/;

/** Full-width digits and signs to ASCII (１３８－ → 138-), spaces of any kind to one. */
function halfWidth(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

function parseNumber(s: string): { canonical: string; kind: PhoneKind } | null {
  if (!NUMBER_CHARS.test(s) || !/\d/.test(s)) return null;
  let text = s;
  // 86 and a mobile without the plus: the country code, as the old form stored it.
  const digits = s.replace(/\D/g, '');
  if (!s.startsWith('+') && /^861[3-9]\d{9}$/.test(digits)) text = `+${digits}`;
  const p = parsePhoneNumberFromString(text, { defaultCountry: 'CN', extract: false });
  if (!p || p.country !== 'CN' || !p.isValid()) return null;
  const type = p.getType();
  const kind = type && KINDS[type];
  if (!kind) return null;
  const national = p.nationalNumber as string;
  return { canonical: kind === 'fixed' ? `0${national}` : national, kind };
}

/** Reads a phone number as typed; `kinds` names what the field takes (all three by default). */
export function parsePhone(
  input: string,
  kinds: readonly PhoneKind[] = ['mobile', 'fixed', 'service'],
): PhoneResult {
  const s = halfWidth(input);
  if (!s) return { ok: false, problem: 'empty' };
  if (s.length > MAX_PHONE_INPUT) return { ok: false, problem: 'number' };
  let found: { canonical: string; kind: PhoneKind } | null = null;
  let extension: string | null = null;
  const marked = EXTENSION.exec(s);
  if (marked) {
    found = parseNumber(s.slice(0, marked.index));
    extension = marked[1]!;
  } else {
    found = parseNumber(s);
    const dashed = found ? null : TRAILING_DIGITS.exec(s);
    if (dashed) {
      found = parseNumber(dashed[1]!);
      extension = dashed[2]!;
      // Only a complete fixed line or service number takes "-123" as its extension.
      if (found?.kind === 'mobile') found = null;
    }
  }
  if (!found) {
    const known = /^[+\d\s\-.()]*$/.test(marked ? s.slice(0, marked.index) : s);
    return { ok: false, problem: known ? 'number' : 'characters' };
  }
  if (!kinds.includes(found.kind)) return { ok: false, problem: 'kind' };
  if (extension && found.kind === 'mobile') return { ok: false, problem: 'extension' };
  const canonical = extension ? `${found.canonical}-${extension}` : found.canonical;
  return { ok: true, phone: { canonical, kind: found.kind, extension } };
}

/** The canonical form of a number known to be valid, or null. */
export function canonicalPhone(input: string, kinds?: readonly PhoneKind[]): string | null {
  const r = parsePhone(input, kinds);
  return r.ok ? r.phone.canonical : null;
}

/** The canonical form of a number the input schema has already accepted; anything else is a bug of the caller. */
export function knownPhone(input: string): string {
  const canonical = canonicalPhone(input);
  if (canonical === null) throw new TypeError('a phone number that was not validated reached storage');
  return canonical;
}

/** Why a number is refused, in words for the person who typed it. */
export const PHONE_PROBLEMS: Record<PhoneProblem, { zh: string; en: string }> = {
  empty: { zh: '请填写电话号码', en: 'enter a phone number' },
  characters: {
    zh: '只能包含数字、空格、短横线、括号、+86 前缀和分机号（转 123）',
    en: 'only digits, spaces, dashes, brackets, a +86 prefix and an extension (ext. 123) are allowed',
  },
  number: {
    zh: '手机号为 11 位，固定电话须带区号（如 0512-65551234），也可填 400/800 号码',
    en: 'not a valid number: a mobile has 11 digits, a fixed line needs its area code (e.g. 0512-65551234); 400/800 numbers are accepted',
  },
  kind: { zh: '此处须填写 11 位手机号', en: 'an 11-digit mobile number is needed here' },
  extension: { zh: '手机号不能带分机号', en: 'a mobile number has no extension' },
};
