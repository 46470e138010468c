/**
 * Helpers for the Open311 integration tests: a client that posts forms and reads either format, and an
 * independent reading of the XML to compare it with the JSON.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const BASE = '/open311/v2';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'text/xml; charset=utf-8';

export type Fields = Record<string, string | number | undefined> | [string, string][];

export function encodeForm(fields: Fields): string {
  const pairs = Array.isArray(fields)
    ? fields
    : Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)] as [string, string]);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export type O311Res = { status: number; type: string; text: string; json: any };

export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  form?: Fields | string,
  headers: Record<string, string> = {},
): Promise<O311Res> {
  const h: Record<string, string> = { ...headers };
  let payload: string | undefined;
  if (form !== undefined) {
    h['content-type'] ??= 'application/x-www-form-urlencoded';
    payload = typeof form === 'string' ? form : encodeForm(form);
  }
  const res = await app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload } : {}) });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), text: res.body, json };
}

export const get = (app: FastifyInstance, url: string, headers?: Record<string, string>) =>
  call(app, 'GET', url, undefined, headers);
export const post = (
  app: FastifyInstance,
  url: string,
  form: Fields | string,
  headers?: Record<string, string>,
) => call(app, 'POST', url, form, headers);

/** The list-item element names of GeoReport v2 (and the mySociety extension), written out from the spec. */
const ITEMS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};
const ITEM_TAGS = new Set(Object.values(ITEMS));

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => ITEM_TAGS.has(name),
});

/** Parses an XML body after checking it is well-formed, declared UTF-8 and has one root. */
export function parseXml(text: string): Record<string, unknown> {
  assert.equal(XMLValidator.validate(text), true, `not well-formed XML: ${text.slice(0, 200)}`);
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const doc = parser.parse(text) as Record<string, unknown>;
  assert.equal(Object.keys(doc).length, 1, 'one root element');
  return doc;
}

/** What the XML of a JSON value looks like once parsed: strings everywhere, null and [] as ''. */
export function xmlShape(root: string, json: unknown): Record<string, unknown> {
  const shape = (name: string, v: unknown): unknown => {
    if (v === null || v === undefined || v === '') return '';
    if (Array.isArray(v)) {
      if (v.length === 0) return '';
      const item = ITEMS[name];
      assert.ok(item, `no item name for ${name}`);
      return { [item]: v.map((x) => shape(item, x)) };
    }
    if (typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .map(([k, x]) => [k, shape(k, x)]),
      );
    return String(v);
  };
  return { [root]: shape(root, json) };
}

/** The .json and .xml of one resource: both 200 (or `status`), exact content types, the same content. */
export async function both(
  app: FastifyInstance,
  path: string,
  root: string,
  opts: { method?: 'GET' | 'POST'; form?: Fields; status?: number } = {},
): Promise<{ json: any; xml: Record<string, unknown>; jsonText: string; xmlText: string }> {
  const method = opts.method ?? 'GET';
  const [p, q] = path.split('?');
  const url = (fmt: string) => `${BASE}/${p}.${fmt}${q ? `?${q}` : ''}`;
  const j = await call(app, method, url('json'), opts.form);
  const x = await call(app, method, url('xml'), opts.form);
  assert.equal(j.status, opts.status ?? 200, `${method} ${url('json')}: ${j.text.slice(0, 300)}`);
  assert.equal(x.status, opts.status ?? 200, `${method} ${url('xml')}: ${x.text.slice(0, 300)}`);
  assert.equal(j.type, JSON_TYPE);
  assert.equal(x.type, XML_TYPE);
  const xml = parseXml(x.text);
  if (method === 'GET') assert.deepEqual(xml, xmlShape(root, j.json), `XML and JSON differ for ${path}`);
  return { json: j.json, xml, jsonText: j.text, xmlText: x.text };
}

/** A spec error in the given format: status, content type, body shape. Returns the descriptions. */
export function assertError(res: O311Res, status: number, format: 'json' | 'xml'): string[] {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  if (format === 'json') {
    assert.equal(res.type, JSON_TYPE);
    assert.ok(Array.isArray(res.json) && res.json.length >= 1, res.text);
    for (const e of res.json) {
      assert.deepEqual(Object.keys(e).sort(), ['code', 'description']);
      assert.equal(e.code, status);
      assert.equal(typeof e.description, 'string');
      assert.ok(e.description.length > 0);
    }
    return res.json.map((e: { description: string }) => e.description);
  }
  assert.equal(res.type, XML_TYPE);
  const doc = parseXml(res.text) as { errors: { error: { code: string; description: string }[] } };
  assert.ok(doc.errors && Array.isArray(doc.errors.error) && doc.errors.error.length >= 1, res.text);
  for (const e of doc.errors.error) {
    assert.deepEqual(Object.keys(e).sort(), ['code', 'description']);
    assert.equal(e.code, String(status));
    assert.ok(e.description.length > 0);
  }
  return doc.errors.error.map((e) => e.description);
}

export const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A point inside the demo city (相城区), and one far outside it. */
export const INSIDE = { lat: 31.45, long: 120.64 };
export const OUTSIDE = { lat: 39.9, long: 116.4 };

/** The values of a list attribute (singlevaluelist, multivaluelist), from key → name. */
export const choices = (names: Record<string, string>) =>
  Object.entries(names).map(([key, name]) => ({ key, name }));
