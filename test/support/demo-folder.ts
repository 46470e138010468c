/**
 * Data folders holding the demo city: `banshi demo` runs once per version of the sources (a template cached
 * under os.tmpdir(), keyed by a fingerprint of src/ and data/demo/, built under a lock that concurrent test
 * files and checkouts share), and each test gets its own copy: loading the demo takes ~20 s, a copy a moment.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeLater, ROOT, runCli, show } from './process.js';

const TEMPLATE_PREFIX = 'banshi-demo-folder-';
const TEMPLATE_NAME = /^banshi-demo-folder-[0-9a-f]{12}$/;
const LOCK_TIMEOUT_MS = 300_000;
/** Templates of older sources left longer than this are removed (no run is still copying them). */
const STALE_TEMPLATE_MS = 3_600_000;

/** A fingerprint of what the demo folder is made from: the product's sources and the demo data. */
export function sourceFingerprint(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) h.update(path.relative(ROOT, p)).update(fs.readFileSync(p));
    }
  };
  walk(path.join(ROOT, 'src'));
  walk(path.join(ROOT, 'data', 'demo'));
  return h.digest('hex').slice(0, 12);
}

/** Runs fn holding a lock made of a folder; a lock left by a run that died is broken after five minutes. */
export async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_TIMEOUT_MS) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** The template folder for the current sources, loaded by `banshi demo` when there is none yet. */
export async function demoTemplate(): Promise<string> {
  const template = path.join(os.tmpdir(), `${TEMPLATE_PREFIX}${sourceFingerprint()}`);
  await withDirLock(`${template}.lock`, async () => {
    if (fs.existsSync(path.join(template, 'ready'))) return;
    fs.rmSync(template, { recursive: true, force: true });
    for (const name of fs.readdirSync(os.tmpdir())) {
      const p = path.join(os.tmpdir(), name);
      if (!TEMPLATE_NAME.test(name)) continue;
      if (Date.now() - fs.statSync(p).mtimeMs > STALE_TEMPLATE_MS)
        fs.rmSync(p, { recursive: true, force: true });
    }
    const r = await runCli(['demo'], { BANSHI_DATA_DIR: template }, { timeoutMs: 240_000 });
    assert.equal(r.code, 0, `banshi demo failed:\n${show(r)}`);
    assert.match(r.stdout, /"requests":\d+/);
    fs.writeFileSync(path.join(template, 'ready'), '');
  });
  return template;
}

/** A fresh data folder holding a copy of the template's database, removed at cleanUp(). */
export function copyDemo(template: string, prefix = 'banshi-demo-'): string {
  const dir = removeLater(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.cpSync(path.join(template, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  return dir;
}
