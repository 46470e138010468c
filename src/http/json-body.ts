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
