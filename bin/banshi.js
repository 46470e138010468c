#!/usr/bin/env node
// Runs the compiled server (lib/) when it is up to date with src/, else the TypeScript sources through tsx, so
// that `npm install && npm start` works and a source edit is never run stale.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { libIsFresh } from './lib-fresh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (libIsFresh(root)) {
  await import('../lib/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
