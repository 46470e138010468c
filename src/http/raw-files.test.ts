import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { uploadedFile } from './raw-files.js';

const TYPES = ['image/png', 'application/pdf'] as const;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const sniff = (bytes: Uint8Array) => (bytes[0] === 0x89 ? 'image/png' : null);
const request = (contentType: string | undefined, body: unknown) =>
  ({ headers: contentType === undefined ? {} : { 'content-type': contentType }, body }) as FastifyRequest;
const refusal = (code: string, details: unknown) => (err: unknown) =>
  err instanceof AppError && err.code === code && (assert.deepEqual(err.details, details), true);

test('a file of a declared type whose bytes are of that type is taken, the declared type trimmed and lower-cased', () => {
  const body = Buffer.from(PNG);
  assert.deepEqual(uploadedFile(request(' Image/PNG ; q=1', body), TYPES, sniff, 'a file'), {
    contentType: 'image/png',
    data: body,
  });
});

test('a declared type not accepted, or none, is 415 with the accepted types', () => {
  for (const declared of ['image/svg+xml', undefined])
    assert.throws(
      () => uploadedFile(request(declared, Buffer.from(PNG)), TYPES, sniff, 'a file'),
      refusal('unsupported_media_type', { accepted: 'image/png, application/pdf' }),
    );
});

test('no body is 400 saying what body is required', () => {
  for (const body of [Buffer.alloc(0), undefined, 'text'])
    assert.throws(
      () => uploadedFile(request('image/png', body), TYPES, sniff, 'an image'),
      refusal('validation_failed', { issues: [{ path: '', message: 'an image body is required' }] }),
    );
});

test('bytes that are not what the declared type says are 415', () => {
  assert.throws(
    () => uploadedFile(request('application/pdf', Buffer.from(PNG)), TYPES, sniff, 'a file'),
    refusal('unsupported_media_type', { reason: 'the bytes are not a application/pdf' }),
  );
});
