/**
 * Reply templates (答复模板), pure: the placeholders a template may hold, filling them in for one request, and
 * whether a reply is only a template with nothing of the handler's own added (flagged on its event).
 */

/** The placeholders a template body may hold, each written `{name}`. */
export const PLACEHOLDERS = ['ticket_no', 'name', 'department', 'date', 'registered_date'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{([a-z_]+)\}/g;
const isPlaceholder = (name: string): name is Placeholder =>
  (PLACEHOLDERS as readonly string[]).includes(name);

/** The `{…}` names in a body that are not placeholders (a template with one is refused). */
export function unknownPlaceholders(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) if (!isPlaceholder(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** The body with each placeholder replaced by its value for the request. */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** 2026-12-07 → 2026年12月7日, as replies to residents write dates. */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** What counts of a reply: its letters, digits and CJK characters (spaces and punctuation do not). */
export const meaningful = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '');

/** Fewer characters of its own than this beside a template's sentences, and a reply is only the template. */
export const MIN_OWN_CHARS = 10;

/** The sentences of a filled template, as meaningful characters, the longest first. */
function sentencesOf(template: string): string[] {
  return template
    .split(/[。！？；;!?\n，,：:]/u)
    .map(meaningful)
    .filter((s) => s.length >= 2)
    .sort((a, b) => b.length - a.length);
}

/** The characters of a reply that none of the template's sentences account for. */
export function ownChars(reply: string, template: string): number {
  let rest = meaningful(reply);
  for (const s of sentencesOf(template)) rest = rest.split(s).join('');
  return rest.length;
}

/**
 * Whether a reply is only one of the templates (filled in for its request) with nothing of its own added: fewer
 * than MIN_OWN_CHARS characters beside the template's sentences, whichever template comes closest.
 */
export function templateOnly(reply: string, filledTemplates: readonly string[]): boolean {
  return filledTemplates.some((t) => ownChars(reply, t) < MIN_OWN_CHARS);
}
