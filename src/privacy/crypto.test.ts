import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createVault, resolveSecretKey } from './crypto.js';

const key = Buffer.alloc(32, 7);

test('encrypt/decrypt round-trips and never stores the plain text', () => {
  const v = createVault(key);
  const sealed = v.encrypt('13812345678');
  assert.ok(!sealed.includes('13812345678'));
  assert.notEqual(sealed, v.encrypt('13812345678'), 'a fresh IV each time');
  assert.equal(v.decrypt(sealed), '13812345678');
});

test('a tampered ciphertext or another key fails to decrypt', () => {
  const v = createVault(key);
  const sealed = v.encrypt('张三');
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
  assert.throws(() => v.decrypt(tampered));
  assert.throws(() => createVault(Buffer.alloc(32, 8)).decrypt(sealed));
});

test('lookup hashes are stable per key and differ across keys', () => {
  assert.equal(createVault(key).hash('x'), createVault(key).hash('x'));
  assert.notEqual(createVault(key).hash('x'), createVault(Buffer.alloc(32, 9)).hash('x'));
});

test('without a configured key one is generated once and kept in the data folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-key-'));
  const a = resolveSecretKey(undefined, dir);
  const b = resolveSecretKey(undefined, dir);
  assert.equal(a.length, 32);
  assert.deepEqual(a, b);
  assert.equal(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777, 0o600);
  assert.throws(() => resolveSecretKey('too-short', dir), /32 bytes/);
  assert.deepEqual(resolveSecretKey('ab'.repeat(32), dir), Buffer.from('ab'.repeat(32), 'hex'));
});
