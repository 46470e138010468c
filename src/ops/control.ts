/**
 * How a command on the same machine reaches the server that holds an embedded database (PGlite is one
 * process's): the server writes its loopback address into the data folder, and a command proves it may ask by a
 * token derived from the deployment's secret key (which only whoever can read the data folder or the
 * environment has). Used for `banshi backup` while serving.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Vault } from '../privacy/crypto.js';

const FILE = 'control.json';
export const CONTROL_HEADER = 'x-banshi-control';

export type ControlInfo = { url: string; pid: number };

export const controlToken = (vault: Vault) => vault.hash('banshi-control');

export function writeControlFile(dataDir: string, url: string): () => void {
  const file = path.join(dataDir, FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ url, pid: process.pid } satisfies ControlInfo), { mode: 0o600 });
  return () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, 'utf8')) as ControlInfo).pid === process.pid) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

export function readControlFile(dataDir: string): ControlInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as ControlInfo;
  } catch {
    return null;
  }
}

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
