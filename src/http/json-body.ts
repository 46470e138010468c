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
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new AppError('malformed_json', { reason: (err as Error).message }), undefined);
    }
  });
}
