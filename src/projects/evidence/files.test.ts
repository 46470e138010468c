import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVIDENCE_TYPES, sniffEvidence } from './files.js';

test('evidence files are recognised by their first bytes: the photo kinds and PDF', () => {
  assert.equal(sniffEvidence(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'image/jpeg');
  assert.equal(
    sniffEvidence(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    'image/png',
  );
  assert.equal(sniffEvidence(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), 'image/webp');
  assert.equal(sniffEvidence(new TextEncoder().encode('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffEvidence(new TextEncoder().encode('%PDF')), null);
  assert.equal(sniffEvidence(new TextEncoder().encode('<svg onload=alert(1)>')), null);
  assert.equal(sniffEvidence(new TextEncoder().encode('PK\u0003\u0004')), null);
  assert.equal(sniffEvidence(new Uint8Array()), null);
});

test('only the four evidence kinds are accepted as declared types', () => {
  assert.deepEqual([...EVIDENCE_TYPES].sort(), ['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);
});
