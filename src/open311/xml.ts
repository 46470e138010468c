/**
 * The XML side of GeoReport v2: the same values as the JSON, with the spec's element names. A list is an
 * element holding one child per item, named after what the list holds (<services><service>…,
 * <attributes><attribute>…, <values><value>…); null is an empty element; booleans are `true`/`false`.
 */

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** The element name of one item of each list, by the name of the list. */
export const ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  media_urls: 'media_url',
};

// Characters XML 1.0 cannot carry at all (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes what XML cannot carry; applied to every text before either format is written. */
export function xmlSafeText(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

export function escapeXml(text: string): string {
  return xmlSafeText(text).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function scalar(v: string | number | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return escapeXml(v);
}

function element(name: string, value: Value, out: string[]): void {
  if (value === undefined) return;
  if (value === null || value === '') {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`<${name}/>`);
      return;
    }
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no XML item name for the list "${name}"`);
    out.push(`<${name}>`);
    for (const v of value) element(item, v, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${scalar(value)}</${name}>`);
}

/** A whole XML document: the declaration, then `root` holding `value`. */
export function toXml(root: string, value: Value): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element(root, value, out);
  out.push('\n');
  return out.join('');
}
