import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict JSON bodies: invalid UTF-8 is refused rather than silently replaced, and a syntax error names the
 * problem. Fastify's default parser would turn both into generic 400s or mangle the text.
 */
export function registerJsonParser(app: FastifyInstance) {
  // Only JSON bodies: text/plain would otherwise reach the handlers as a string.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      done(new AppError('invalid_utf8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // Measured on the text, before anything walks the value: a body of 100,000 nested brackets parses, but
    // every recursive walk of it (ours, zod's) would overflow the stack.
    if (nestingDepth(text) > MAX_DEPTH) {
      done(
        new AppError('validation_failed', { reason: `nested deeper than ${MAX_DEPTH} levels` }),
        undefined,
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      done(new AppError('malformed_json', { reason: (err as Error).message }), undefined);
      return;
    }
    const bad = unstorable(value, '');
    if (bad !== null) done(new AppError('invalid_characters', { path: bad }), undefined);
    else done(null, value);
  });
}

/** No request of the API nests more than a few levels; GeoJSON polygons the most (five). */
export const MAX_DEPTH = 32;

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** NUL, or a surrogate not part of a pair (with the `u` flag a pair is one code point and does not match). */
const UNSTORABLE = /\u0000|[\ud800-\udfff]/u;

/**
 * The path of the first string PostgreSQL cannot store, or null. JSON may carry what UTF-8 text cannot: NUL
 * (\u0000) and unpaired surrogates (\ud800) are refused here rather than failing, or being replaced, in the
 * database.
 */
function unstorable(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '.' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const bad = unstorable(v, path ? `${path}.${k}` : k);
    if (bad !== null) return bad;
  }
  return null;
}
