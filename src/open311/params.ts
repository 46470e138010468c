/**
 * Open311 input: form bodies and query strings as ordered (name, value) pairs, strict ISO 8601 dates, and the
 * errors every endpoint answers in the spec's format.
 */
import { zonedFormat } from '../requests/deadlines.js';

/** An error in GeoReport v2's shape: the HTTP status and one or more descriptions. */
export class Open311Error extends Error {
  readonly descriptions: string[];
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500,
    description: string | string[],
  ) {
    const list = Array.isArray(description) ? description : [description];
    super(list.join('; '));
    this.descriptions = list;
  }
}

export const badRequest = (d: string | string[]) => new Open311Error(400, d);
export const notFound = (d: string) => new Open311Error(404, d);
export const forbidden = (d: string) => new Open311Error(403, d);
export const tooManyRequests = (d: string) => new Open311Error(429, d);

export type Pair = [name: string, value: string];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes application/x-www-form-urlencoded strictly: `+` is a space, every %XX must be valid and the bytes
 * valid UTF-8 (a bad body is a 400, never silently replaced characters). Keeps order and repeated names.
 */
export function parseForm(body: Buffer | string): Pair[] {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
  const pairs: Pair[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(rawName), decodeComponent(rawValue)]);
  }
  return pairs;
}

function decodeComponent(s: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`malformed percent-encoding in the form body: ${s.slice(0, 40)}`);
  }
  if (decoded.includes('\u0000')) throw badRequest('the form body contains a NUL character (%00)');
  return decoded;
}

/** Fastify's parsed query string as pairs (a repeated name arrives as an array). */
export function queryPairs(query: unknown): Pair[] {
  const out: Pair[] = [];
  if (!query || typeof query !== 'object') return out;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') out.push([k, x]);
  }
  return out;
}

/** A JSON object body seen as form pairs (a convenience for clients that post JSON instead of a form). */
export function jsonPairs(body: unknown): Pair[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the request body must be a form (application/x-www-form-urlencoded)');
  const out: Pair[] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.push([k, String(x)]);
      else if (x !== null) throw badRequest(`${k}: must be a string`);
    }
  }
  return out;
}

/**
 * Named parameters with the spec's conventions: an optional parameter sent empty behaves as absent, and a
 * single-valued parameter given twice is a 400 (lists are comma-separated or repeated).
 */
export class Params {
  constructor(readonly pairs: Pair[]) {}

  /** Body pairs first; a query-string value only where the body has none (api_key may come in the URL). */
  static merge(primary: Pair[], fallback: Pair[]): Params {
    const names = new Set(primary.map(([k]) => k));
    return new Params([...primary, ...fallback.filter(([k]) => !names.has(k))]);
  }

  all(name: string): string[] {
    return this.pairs.filter(([k]) => k === name).map(([, v]) => v);
  }

  get(name: string): string | undefined {
    const values = this.all(name).filter((v) => v.trim() !== '');
    if (values.length > 1 && new Set(values).size > 1) throw badRequest(`${name}: given more than once`);
    return values[0];
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw badRequest(`${name}: required`);
    return v;
  }

  /** A comma-separated list, possibly repeated: `status=open,closed` or `status=open&status=closed`. */
  list(name: string): string[] | undefined {
    const items = this.all(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    return items.length ? [...new Set(items)] : undefined;
  }

  number(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    const s = raw.trim();
    const re = opts.integer ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
    const n = Number(s);
    if (!re.test(s) || !Number.isFinite(n)) throw badRequest(`${name}: not a number: ${raw.slice(0, 40)}`);
    if (opts.min !== undefined && n < opts.min) throw badRequest(`${name}: must be at least ${opts.min}`);
    if (opts.max !== undefined && n > opts.max) throw badRequest(`${name}: must be at most ${opts.max}`);
    return n;
  }

  date(name: string): Date | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    const d = parseIsoDateTime(raw);
    if (!d) throw badRequest(`${name}: not an ISO 8601 date-time with a time zone: ${raw.slice(0, 40)}`);
    return d;
  }
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * ISO 8601 / W3C date-time with a time zone (Z or ±hh[:mm]); every field range-checked, so 2024-02-30 or
 * 25:00 are refused. A space in place of the `+` of the offset is read as `+`: clients often forget to
 * percent-encode it in a query string, where `+` means a space.
 */
export function parseIsoDateTime(input: string): Date | null {
  const s = input.trim().replace(/^(.*T[\d:.,]+) (\d{2}(?::?\d{2})?)$/i, '$1+$2');
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = sec ? Number(sec) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  let offsetMinutes = 0;
  if (!z) {
    const ohn = Number(oh);
    const omn = om ? Number(om) : 0;
    if (ohn > 14 || omn > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (ohn * 60 + omn);
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return Number.isFinite(t) ? new Date(t) : null;
}

/** A date as ISO 8601 in a time zone, with its offset and whole seconds: 2024-05-01T09:30:00+08:00. */
export function isoInZone(date: Date, timeZone: string): string {
  const fmt = zonedFormat(timeZone, { offset: true });
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  const tzName = parts.timeZoneName ?? 'GMT';
  const offset = tzName === 'GMT' ? '+00:00' : tzName.replace(/^GMT/, '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
