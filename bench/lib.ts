/** Shared plumbing for the benchmarks: a server process, a throwaway PostgreSQL, a context on it, RSS sampling. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/connect.js';
import { createVault, resolveSecretKey } from '../src/privacy/crypto.js';

export const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
export const BIN = path.join(ROOT, 'bin/banshi.js');
export const SECRET = 'b'.repeat(64);

export function runCli(args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export type ServerProc = { proc: ChildProcess; url: string; stop: () => Promise<void> };

export async function startServerProcess(env: Record<string, string>): Promise<ServerProc> {
  const proc = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      BANSHI_SECRET_KEY: SECRET,
      BANSHI_LOG_LEVEL: 'warn',
      BANSHI_SWEEP_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return {
    proc,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export async function login(url: string, username: string, password = 'banshi-demo'): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Samples a process's resident set size (VmRSS) until stopped; returns the peak in MB. */
export function sampleRss(pid: number): () => number {
  let peak = 0;
  const read = () => {
    try {
      const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // process gone
    }
  };
  read();
  const timer = setInterval(read, 100);
  return () => {
    clearInterval(timer);
    read();
    return peak;
  };
}

export type PgServer = { adminUrl: string; urlFor: (db: string) => string; stop: () => void };

export function startPostgres(): PgServer {
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/pg-temp.sh'), 'start'], {
    env: { ...process.env, PGTEMP_PORT: process.env.PGTEMP_PORT ?? '55499' },
    encoding: 'utf8',
  }).trim();
  const [adminUrl, dir] = out.split(' ') as [string, string];
  return {
    adminUrl,
    urlFor: (db) => {
      const u = new URL(adminUrl);
      u.pathname = `/${db}`;
      return u.toString();
    },
    stop: () => execFileSync('bash', [path.join(ROOT, 'scripts/pg-temp.sh'), 'stop', dir]),
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A command context on a PostgreSQL database (no triage, quiet log), and how to close it. */
export async function postgresContext(
  url: string,
  env: Record<string, string>,
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const database = await openDatabase({ databaseUrl: url, dataDir: tempDir('banshi-bench-') });
  const config = loadConfig({ ...process.env, ...env });
  const ctx: AppContext = {
    db: database.db,
    dbKind: 'postgres',
    config,
    vault: createVault(resolveSecretKey(config.secretKey, config.dataDir)),
    now: () => new Date(),
    log: { info() {}, warn() {}, error: (m) => console.error(m) },
    triage: { enqueue() {} },
  };
  return { ctx, close: () => database.close() };
}
