/**
 * The messages residents receive: one Chinese template per outbox topic, with placeholders, and the SMS length
 * rules they must keep. A message carries no more than the resident's own ticket needs: its number, the gist of
 * the answer (personal numbers and the reporter's name masked), the 回访 link — never a name, a phone or another
 * person's data, which is why these are the only placeholders there are. Pure.
 */
import { maskPublicText } from '../privacy/public-text.js';
import type { Topic } from '../requests/events/topics.js';

export const PLACEHOLDERS = ['ticket', 'gist', 'link'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The topics residents are told of, and the placeholders each may use. */
export const RESIDENT_TOPICS = {
  'request.registered': ['ticket'],
  'request.replied': ['ticket', 'gist', 'link'],
  'request.closed': ['ticket'],
  'request.linked_project': ['ticket'],
  /** 附议: a resident who added their voice is told the answer (its gist; the 回访 link is the reporter's). */
  'request.supporter_replied': ['ticket', 'gist'],
} as const satisfies Partial<Record<Topic, readonly Placeholder[]>>;
export type ResidentTopic = keyof typeof RESIDENT_TOPICS;

export const isResidentTopic = (t: string): t is ResidentTopic => Object.hasOwn(RESIDENT_TOPICS, t);

export const DEFAULT_TEMPLATES: Record<ResidentTopic, string> = {
  'request.registered': '您反映的问题已受理，工单号{ticket}，可凭工单号查询办理进度。',
  'request.replied': '工单{ticket}已答复：{gist}。请评价：{link}',
  'request.closed': '工单{ticket}已办结，感谢您的支持。',
  'request.linked_project': '工单{ticket}反映的问题已纳入为民办实事项目推进。',
  'request.supporter_replied': '您附议的工单{ticket}已答复：{gist}。',
};

/** The longest a placeholder's value may be: the gist is cut to fit, ticket numbers and links are shorter. */
export const GIST_MAX = 24;
export const TICKET_MAX = 20;
/** At most this many SMS parts per message (a longer template is refused). */
export const MAX_PARTS = 3;

const PLACEHOLDER = /\{([a-z_]*)\}/g;

/** The placeholders of a template, in the order they appear (Tencent's TemplateParamSet is positional). */
export function placeholdersOf(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export type Values = Partial<Record<Placeholder, string>>;

export function render(body: string, values: Values): string {
  return body.replace(PLACEHOLDER, (_, name: string) => values[name as Placeholder] ?? '');
}

/** The ordered [name, value] pairs the provider's registered template is filled with. */
export function templateParams(body: string, values: Values): [string, string][] {
  return [...new Set(placeholdersOf(body))].map((n) => [n, values[n as Placeholder] ?? '']);
}

/** GSM 03.38's basic characters: a text made only of them is sent 7-bit (160 a part), any other in UCS-2 (70). */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/**
 * How many SMS parts a text takes with the signature the provider prepends (【sign】): up to 70 UCS-2 units
 * in one part, 67 a part once split (the rest carries the concatenation header); 160 and 153 for plain GSM text.
 */
export function smsParts(text: string, signName = ''): { length: number; parts: number } {
  const full = signName ? `【${signName}】${text}` : text;
  const gsm = GSM7.test(full);
  // UCS-2 counts UTF-16 units: a character outside the BMP (an emoji) takes two.
  const length = full.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return { length, parts: length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / multi) };
}

/** The answer's gist for a message: whitespace folded, personal numbers and names masked, cut to GIST_MAX. */
export function gistOf(answer: string, names: readonly string[] = []): string {
  const plain = maskPublicText(answer.replace(/\s+/g, ' ').trim(), names);
  const chars = [...plain];
  return chars.length <= GIST_MAX ? plain : `${chars.slice(0, GIST_MAX - 1).join('')}…`;
}

export type TemplateProblem =
  | { code: 'unknown_placeholder'; name: string }
  | { code: 'placeholder_not_for_topic'; name: string }
  | { code: 'missing_ticket' }
  | { code: 'too_long'; parts: number; max: number };

/** What the worst case of a template costs (every placeholder at its longest), and what is wrong with it. */
export function checkTemplate(
  topic: ResidentTopic,
  body: string,
  opts: { linkLength: number; signName?: string },
): { length: number; parts: number; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const allowed: readonly string[] = RESIDENT_TOPICS[topic];
  const names = placeholdersOf(body);
  for (const name of new Set(names)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      problems.push({ code: 'unknown_placeholder', name });
    else if (!allowed.includes(name)) problems.push({ code: 'placeholder_not_for_topic', name });
  }
  if (!names.includes('ticket')) problems.push({ code: 'missing_ticket' });
  const worst = render(body, {
    ticket: 'X'.repeat(TICKET_MAX),
    gist: '字'.repeat(GIST_MAX),
    link: 'x'.repeat(opts.linkLength),
  });
  const { length, parts } = smsParts(worst, opts.signName);
  if (parts > MAX_PARTS) problems.push({ code: 'too_long', parts, max: MAX_PARTS });
  return { length, parts, problems };
}
