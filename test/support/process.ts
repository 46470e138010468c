/**
 * `bin/banshi.js` as a real child process: a command run to its end, or `banshi serve` on a free port. A child
 * gets our environment without any banshi settings (so that a developer's own do not leak in), plus the test
 * secret and the given ones. Every child is tracked: cleanUp() kills those still running and removes the
 * folders made for them (see demo-folder.ts).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET } from './db.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'banshi.js');

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

/** The environment of a child: ours without any banshi settings, plus the given ones. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('BANSHI_') || k.startsWith('NODE_TEST') || ['DATABASE_URL', 'PORT', 'HOST'].includes(k))
      continue;
    env[k] = v;
  }
  return {
    ...env,
    HOST: '127.0.0.1',
    PORT: '0',
    BANSHI_SECRET_KEY: TEST_SECRET,
    BANSHI_SWEEP_INTERVAL_MS: '0',
    BANSHI_LOG_LEVEL: 'warn',
    ...extra,
  };
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };
export type CliResult = Exit & {
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  hung: boolean;
};

export function spawnBanshi(
  args: string[],
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: [stdin, 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Runs one CLI command to its end: killed after timeoutMs, or `settle.ms` after its output on `settle.on`
 * matched `settle.match` (a command that has printed its result, or reported its failure, must exit: `hung`
 * says it did not). `stdin`, when given, is written to the command's standard input.
 */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  opts: {
    timeoutMs?: number;
    settle?: { on: 'stdout' | 'stderr'; match: RegExp; ms: number };
    stdin?: string;
  } = {},
): Promise<CliResult> {
  const started = Date.now();
  const child = spawnBanshi(args, env, opts.stdin === undefined ? 'ignore' : 'pipe');
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  const out = { stdout: '', stderr: '' };
  let timedOut = false;
  let hung = false;
  let settleTimer: NodeJS.Timeout | undefined;
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]!.setEncoding('utf8').on('data', (d: string) => {
      out[stream] += d;
      const { settle } = opts;
      if (settle?.on === stream && !settleTimer && settle.match.test(out[stream])) {
        settleTimer = setTimeout(() => {
          hung = true;
          child.kill('SIGKILL');
        }, settle.ms);
      }
    });
  }
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 180_000);
  const exit = await exited(child);
  clearTimeout(timer);
  clearTimeout(settleTimer);
  return { ...exit, ...out, ms: Date.now() - started, timedOut, hung };
}

/** A command's result, for an assertion's message. */
export const show = (r: CliResult) =>
  `exit ${r.code ?? r.signal} after ${r.ms} ms${r.timedOut ? ' (timed out)' : ''}${r.hung ? ' (hung)' : ''}\n` +
  `--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

export type Server = {
  child: ChildProcess;
  url: string;
  pid: number;
  /** Everything the server printed so far, stdout and stderr as they came. */
  output: () => string;
};

/**
 * Starts `banshi serve` (with `args` after it) on a free port and waits for its "listening" line (a worker's
 * "/healthz on" line: give it BANSHI_HEALTH_PORT) and a healthy /healthz.
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 180_000,
  args: string[] = [],
): Promise<Server> {
  const child = spawnBanshi(['serve', ...args], env);
  let out = '';
  const keep = (d: string) => (out += d);
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const tail = () => out.slice(-20_000);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${tail()}`));
    }, timeoutMs);
    const check = () => {
      const m = /(?:banshi listening on|\/healthz on) (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${tail()}`));
    });
  });
  const health = await fetchJson(url, 'GET', '/healthz');
  assert.equal(health.status, 200, JSON.stringify(health.body));
  return { child, url, pid: child.pid!, output: () => out };
}

/** Kills a server with SIGKILL (as a power cut would), once it has exited. */
export async function kill9(server: Server): Promise<Exit> {
  server.child.kill('SIGKILL');
  return exited(server.child);
}

/** Stops a server with SIGTERM, as an operator would; SIGKILL when it has not exited after graceMs. */
export async function stopServer(server: Server, graceMs = 10_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = new Promise((r) => setTimeout(r, graceMs).unref());
  await Promise.race([exited(server.child), timer]);
  if (server.child.exitCode === null && server.child.signalCode === null) await kill9(server);
}

export type HttpRes = { status: number; body: any; headers: Headers };

/** One HTTP request to a server; a JSON answer parsed, any other as its text. */
export async function fetchJson(
  base: string,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpRes> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + url, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

/** A folder to remove at cleanUp(). */
export function removeLater(dir: string): string {
  tempDirs.push(dir);
  return dir;
}

/** Kills the children still running and removes the folders made for them (an `after` hook). */
export async function cleanUp(): Promise<void> {
  for (const child of [...children]) {
    child.kill('SIGKILL');
    await exited(child);
  }
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
