/**
 * Service attributes: the definitions admins attach to categories, and the `attribute[code]` /
 * `attribute[code][]` form fields of POST requests checked against them. Pure.
 */
import { badRequest, parseIsoDateTime, type Pair } from './params.js';
import type { AttributeDatatype, AttributeValueOption, StoredAttributes } from './schema.js';

export type AttributeDefinition = {
  code: string;
  variable: boolean;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  order: number | null;
  description: string | null;
  values: AttributeValueOption[];
};

/** Attribute codes must survive being a form-field name: `attribute[<code>]`. */
export const ATTRIBUTE_CODE = /^[A-Za-z0-9_-]{1,64}$/;

export const isListType = (t: AttributeDatatype) => t === 'singlevaluelist' || t === 'multivaluelist';

const MAX_VALUE_CHARS: Record<AttributeDatatype, number> = {
  string: 500,
  text: 4000,
  number: 50,
  datetime: 50,
  singlevaluelist: 200,
  multivaluelist: 200,
};

/** What the form said: per code, its values and whether the `[]` (list) form was used. */
export type RawAttributes = Map<string, { values: string[]; list: boolean }>;

const KEY = /^attribute\[([^[\]]+)\](\[\])?$/;

/**
 * Picks the attribute fields out of a form. Every field whose name starts with `attribute` must be exactly
 * `attribute[code]` or `attribute[code][]`; anything else (`attribute`, `attribute[`, `attribute[]`,
 * `attribute[a][b]`, `attribute[a]x`) is a 400. Empty values count as absent.
 */
export function parseAttributeFields(pairs: Pair[]): RawAttributes {
  const out: RawAttributes = new Map();
  for (const [name, value] of pairs) {
    if (!name.startsWith('attribute')) continue;
    const m = KEY.exec(name);
    if (!m) throw badRequest(`malformed attribute field name: ${name.slice(0, 80)}`);
    const code = m[1]!;
    const list = m[2] !== undefined;
    const entry = out.get(code) ?? { values: [], list: false };
    entry.list ||= list;
    if (value.trim() !== '') entry.values.push(value);
    out.set(code, entry);
  }
  return out;
}

/**
 * Checks the posted attributes against the service's definitions and returns what to store. Unknown codes
 * are ignored (a client may hold an older definition); `variable: false` attributes are informational and
 * take no input. Every problem is listed in one 400.
 */
export function validateAttributes(defs: AttributeDefinition[], raw: RawAttributes): StoredAttributes {
  const problems: string[] = [];
  const stored: StoredAttributes = {};
  for (const def of defs) {
    if (!def.variable) continue;
    const given = raw.get(def.code);
    const values = given?.values ?? [];
    if (values.length === 0) {
      if (def.required) problems.push(`attribute[${def.code}]: required`);
      continue;
    }
    const label = `attribute[${def.code}]`;
    if (def.datatype !== 'multivaluelist' && new Set(values).size > 1) {
      problems.push(`${label}: takes one value`);
      continue;
    }
    const tooLong = values.find((v) => [...v].length > MAX_VALUE_CHARS[def.datatype]);
    if (tooLong !== undefined) {
      problems.push(`${label}: longer than ${MAX_VALUE_CHARS[def.datatype]} characters`);
      continue;
    }
    const keys = new Set(def.values.map((v) => v.key));
    switch (def.datatype) {
      case 'number': {
        const v = values[0]!.trim();
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) || !Number.isFinite(Number(v)))
          problems.push(`${label}: not a number`);
        else stored[def.code] = v;
        break;
      }
      case 'datetime': {
        const d = parseIsoDateTime(values[0]!);
        if (!d) problems.push(`${label}: not an ISO 8601 date-time with a time zone`);
        else stored[def.code] = d.toISOString();
        break;
      }
      case 'singlevaluelist': {
        const v = values[0]!;
        if (!keys.has(v)) problems.push(`${label}: not one of ${[...keys].join(', ')}`);
        else stored[def.code] = v;
        break;
      }
      case 'multivaluelist': {
        const unique = [...new Set(values.flatMap((v) => (given!.list ? [v] : v.split(','))))];
        const bad = unique.filter((v) => !keys.has(v));
        if (bad.length) problems.push(`${label}: not among ${[...keys].join(', ')}: ${bad.join(', ')}`);
        else stored[def.code] = unique;
        break;
      }
      case 'string':
      case 'text':
        stored[def.code] = values[0]!;
        break;
    }
  }
  if (problems.length) throw badRequest(problems);
  return stored;
}

/**
 * The attributes that apply to a category: its ancestors' first, then its own (a nearer one overrides a code),
 * sorted by `order` (unordered last), then code.
 */
export function effectiveAttributes(chain: AttributeDefinition[][]): AttributeDefinition[] {
  const byCode = new Map<string, AttributeDefinition>();
  for (const level of chain) for (const a of level) byCode.set(a.code, a);
  return [...byCode.values()].sort(
    (a, b) =>
      (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
}
