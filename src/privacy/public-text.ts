/**
 * What of a resident's free text a public output may show — the one function every public output (the public
 * pages and API, Open311, feeds, exports) runs text through. The reporter's names are masked wherever they were
 * typed; so are mobile, landline and ID-card numbers, however they were written: full-width digits
 * (１３９…), digits split by zero-width or soft characters, dots, spaces or dashes (139.1234.5678, 1 3 9 …).
 * Other numbers (a ticket number, a date, a room) stay as they are.
 */
import { maskName } from './mask.js';

/** Characters that hide a number without showing: zero-width spaces and joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** Full-width forms of what numbers are written with. */
const FULL_WIDTH = /[\uff10-\uff19\uff38\uff58\uff0b\uff0d\uff0e\u3000]/g;

/** Full-width digits, X, plus, minus, dot and space as their plain forms; invisible characters gone. */
export function plainNumbers(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** A run of digits with at most two separator characters between any two (and an ID card's final X). */
const SEP = '[ \\t.\\-·•_—–/]';
const RUN = new RegExp(
  `(?<![0-9A-Za-z])\\+?\\d(?:${SEP}{0,2}\\d){6,}(?:${SEP}{0,2}[Xx])?(?![0-9A-Za-z])`,
  'g',
);

const MOBILE = /^(?:86)?(1[3-9]\d{9})$/;
const ID_CARD = /^\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;
const LANDLINE = /^0\d{9,11}$/;

/** The masked form of a number, or null when it is none of a phone's or an ID card's. */
function maskNumber(digits: string): string | null {
  const mobile = MOBILE.exec(digits);
  if (mobile) return `${mobile[1]!.slice(0, 3)}****${mobile[1]!.slice(7)}`;
  if (ID_CARD.test(digits)) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (LANDLINE.test(digits)) return `${digits.slice(0, 4)}****${digits.slice(-2)}`;
  return null;
}

/**
 * A run that is not one number as a whole may be several side by side ("13812345678 0512 65551234"): the
 * longest prefix of its groups that is one is masked, then the rest is read the same way.
 */
function maskRun(run: string): string {
  const whole = maskNumber(run.replace(/[^\dXx]/g, ''));
  if (whole) return whole;
  const groups = run.match(new RegExp(`${SEP}*[^ \\t.\\-·•_—–/]+`, 'g')) ?? [run];
  let out = '';
  for (let i = 0; i < groups.length;) {
    let taken = 0;
    for (let j = groups.length; j > i; j--) {
      const masked = maskNumber(
        groups
          .slice(i, j)
          .join('')
          .replace(/[^\dXx]/g, ''),
      );
      if (masked) {
        out += groups[i]!.match(new RegExp(`^${SEP}*`))![0] + masked;
        taken = j - i;
        break;
      }
    }
    if (taken === 0) out += groups[i++];
    else i += taken;
  }
  return out;
}

/**
 * The names to hide: each name of two characters or more, and, of a name given in parts, the parts joined in
 * either order (with or without a space). Longest first, so that 张三丰 is masked whole before 三丰.
 */
function nameVariants(names: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const name of names) {
    const parts = name.trim().split(/\s+/).filter(Boolean);
    if (parts.length > 1) {
      variants.add(parts.join(''));
      variants.add(parts.join(' '));
      variants.add([...parts].reverse().join(' '));
      variants.add([...parts].reverse().join(''));
    }
    for (const p of parts) if ([...p].length >= 2) variants.add(p);
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

export function maskPublicText(text: string, names: readonly string[] = []): string {
  let out = plainNumbers(text);
  for (const v of nameVariants(names)) out = out.split(v).join(maskName(v));
  return out.replace(RUN, maskRun);
}
