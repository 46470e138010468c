/**
 * The Markdown an article's body is written in, parsed into a safe subset: headings, paragraphs, lists, quotes,
 * and inside them bold, italic, code and http(s) links. The result is data (never HTML): the web renders it
 * with text nodes, so no markup in an article can reach the page. Anything outside the subset stays text.
 */

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'strong'; text: string }
  | { t: 'em'; text: string }
  | { t: 'code'; text: string }
  | { t: 'link'; text: string; href: string };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3; content: Inline[] }
  | { t: 'paragraph'; content: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'quote'; content: Inline[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)、]\s*(.*)$/;
const QUOTE = /^>\s?(.*)$/;
const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*?)\*/g;

/** Only absolute web links are links; any other target (javascript:, data:, relative) stays text. */
export const isSafeHref = (href: string) => /^https?:\/\/[^\s<>"']+$/i.test(href);

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (node: Inline) => {
    const last = out[out.length - 1];
    if (node.t === 'text' && last?.t === 'text') last.text += node.text;
    else if (node.t !== 'text' || node.text) out.push(node);
  };
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    push({ t: 'text', text: text.slice(at, m.index) });
    const [whole, strong, code, linkText, href, em] = m;
    if (strong !== undefined) push({ t: 'strong', text: strong });
    else if (code !== undefined) push({ t: 'code', text: code });
    else if (linkText !== undefined && href !== undefined)
      push(isSafeHref(href) ? { t: 'link', text: linkText, href } : { t: 'text', text: whole });
    else push({ t: 'em', text: em! });
    at = m.index + whole.length;
  }
  push({ t: 'text', text: text.slice(at) });
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let quote: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ t: 'paragraph', content: parseInline(paragraph.join('\n')) });
    if (list) blocks.push({ t: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    if (quote.length) blocks.push({ t: 'quote', content: parseInline(quote.join('\n')) });
    paragraph = [];
    list = null;
    quote = [];
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const quoted = QUOTE.exec(line);
    if (heading) {
      flush();
      const level = Math.min(heading[1]!.length, 3) as 1 | 2 | 3;
      blocks.push({ t: 'heading', level, content: parseInline(heading[2]!) });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      if (!list || list.ordered !== ordered) {
        flush();
        list = { ordered, items: [] };
      }
      list.items.push((bullet ?? numbered)![1]!);
    } else if (quoted) {
      if (!quote.length) flush();
      quote.push(quoted[1]!);
    } else if (list && /^\s+/.test(raw)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list || quote.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

const inlineText = (content: Inline[]) => content.map((n) => n.text).join('');

/** The text of a body without its markup: what search snippets are cut from. */
export function plainText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.t === 'list' ? b.items.map(inlineText).join('；') : inlineText(b.content)))
    .join('\n');
}
