/** Routes that take a raw file as their body (a photo, an evidence file) instead of JSON. */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errorBody } from './errors.js';

/**
 * Makes a route scope take raw files: bodies of these content types read as a Buffer up to `maxBytes`. A file's
 * limit is not the API's 1 MB: a larger body is answered 413 payload_too_large with the limit it exceeded;
 * anything else goes to the app's handler.
 */
export function acceptFiles(scope: FastifyInstance, contentTypes: RegExp | string[], maxBytes: number): void {
  scope.addContentTypeParser(contentTypes, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
    done(null, body),
  );
  scope.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send(errorBody('payload_too_large', { limit_bytes: maxBytes }));
    throw err;
  });
}

/**
 * The file a request carries, checked: its declared content type one of `types` (else 415), a body (else 400,
 * "`what` body is required") and bytes that are what the type says (`sniff`; else 415).
 */
export function uploadedFile<T extends string>(
  req: FastifyRequest,
  types: readonly T[],
  sniff: (bytes: Uint8Array) => T | null,
  what: string,
): { contentType: T; data: Buffer } {
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(types as readonly string[]).includes(declared))
    throw new AppError('unsupported_media_type', { accepted: types.join(', ') });
  const body = req.body;
  if (!(body instanceof Buffer) || body.length === 0)
    throw new AppError('validation_failed', { issues: [{ path: '', message: `${what} body is required` }] });
  if (sniff(body) !== declared)
    throw new AppError('unsupported_media_type', { reason: 'the bytes are not a ' + declared });
  return { contentType: declared as T, data: body };
}
