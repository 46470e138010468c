/**
 * An Atom 1.0 document (RFC 4287) as text: the feed's required elements (id, title, updated, a self link) and
 * each entry's (id, title, updated, an alternate link, a summary). Every text is escaped, and characters XML
 * cannot carry are dropped, so that user text never breaks the document. Pure.
 */
export type AtomEntry = {
  id: string;
  title: string;
  updated: Date;
  /** The page a reader opens (the public request page). */
  url: string;
  summary: string;
  categories?: readonly string[];
};

export type AtomFeed = {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own address. */
  selfUrl: string;
  /** The page the feed is of. */
  pageUrl: string;
  author: string;
  /** When nothing is in it: the feed's own time (Atom requires one). */
  updated: Date;
  entries: readonly AtomEntry[];
};

// Characters outside XML 1.0's Char production: C0 controls but tab, newline and return; lone surrogates; FFFE/FFFF.
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as XML character data or an attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const el = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
const link = (rel: string, href: string, type?: string) =>
  `<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${type}"` : ''}/>`;

export function atomFeed(f: AtomFeed): string {
  const updated = f.entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    el('id', f.id),
    el('title', f.title),
    ...(f.subtitle ? [el('subtitle', f.subtitle)] : []),
    el('updated', (f.entries.length > 0 ? updated : f.updated).toISOString()),
    link('self', f.selfUrl, 'application/atom+xml'),
    link('alternate', f.pageUrl, 'text/html'),
    `<author>${el('name', f.author)}</author>`,
    ...f.entries.map((e) =>
      [
        '<entry>',
        el('id', e.id),
        el('title', e.title),
        el('updated', e.updated.toISOString()),
        link('alternate', e.url, 'text/html'),
        ...(e.categories ?? []).map((c) => `<category term="${escapeXml(c)}"/>`),
        `<summary type="text">${escapeXml(e.summary)}</summary>`,
        '</entry>',
      ].join(''),
    ),
    '</feed>',
  ];
  return lines.join('\n');
}
