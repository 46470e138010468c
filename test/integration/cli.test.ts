/**
 * The `banshi` command line, run as a real process on copies of a demo data folder (prepared once by
 * `banshi demo`, cached under os.tmpdir() keyed by a fingerprint of src/ and data/demo/): migrate, demo,
 * user and apikey administration, and a server that honours what they did.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TEST_SECRET } from '../support/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'banshi.js');

// ---------------------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

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

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type CliResult = Exit & { stdout: string; stderr: string; ms: number; timedOut: boolean; hung: boolean };

function spawnBanshi(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Runs one CLI command to its end; killed after timeoutMs, or `settle.ms` after its output matched
 * `settle.stdout` (a command that has printed its result must exit: `hung` says it did not).
 */
async function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { timeoutMs?: number; settle?: { stdout: RegExp; ms: number } } = {},
): Promise<CliResult> {
  const started = Date.now();
  const child = spawnBanshi(args, env);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let hung = false;
  let settleTimer: NodeJS.Timeout | undefined;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (opts.settle && !settleTimer && opts.settle.stdout.test(stdout)) {
      settleTimer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, opts.settle.ms);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 180_000);
  const exit = await exited(child);
  clearTimeout(timer);
  clearTimeout(settleTimer);
  return { ...exit, stdout, stderr, ms: Date.now() - started, timedOut, hung };
}

const show = (r: CliResult) =>
  `exit ${r.code ?? r.signal} after ${r.ms} ms${r.timedOut ? ' (timed out)' : ''}${r.hung ? ' (hung)' : ''}\n` +
  `--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

/**
 * A command that must succeed, and exit promptly once it has printed what `done` matches: closing the
 * database takes about 2 s even on a loaded machine; a PGlite left open keeps the process alive.
 */
async function ok(args: string[], env: Record<string, string>, done: RegExp): Promise<CliResult> {
  const r = await runCli(args, env, { settle: { stdout: done, ms: 8_000 } });
  assert.equal(r.hung, false, `banshi ${args.join(' ')} printed its result but did not exit:\n${show(r)}`);
  assert.equal(r.code, 0, `banshi ${args.join(' ')}: ${show(r)}`);
  assert.match(r.stdout, done, show(r));
  return r;
}

type Server = { child: ChildProcess; url: string };

async function startServer(env: Record<string, string>, timeoutMs = 180_000): Promise<Server> {
  const child = spawnBanshi(['serve'], env);
  let out = '';
  const keep = (d: string) => {
    out = (out + d).slice(-20_000);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = /banshi listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  assert.equal((await http(url, 'GET', '/healthz')).status, 200);
  return { child, url };
}

type Res = { status: number; body: any };

async function http(
  base: string,
  method: string,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
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
  return { status: res.status, body };
}

// ---------------------------------------------------------------------------------------------------------
// The demo data folder (shared with process.test.ts through the same cache)
// ---------------------------------------------------------------------------------------------------------

function sourceFingerprint(): string {
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

async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(lockDir, { recursive: true, force: true });
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

async function demoTemplate(): Promise<string> {
  const template = path.join(os.tmpdir(), `banshi-demo-folder-${sourceFingerprint()}`);
  await withDirLock(`${template}.lock`, async () => {
    if (fs.existsSync(path.join(template, 'ready'))) return;
    fs.rmSync(template, { recursive: true, force: true });
    // Folders prepared from older sources (over an hour old, so no run is still copying them) go.
    for (const name of fs.readdirSync(os.tmpdir())) {
      const p = path.join(os.tmpdir(), name);
      if (!/^banshi-demo-folder-[0-9a-f]{12}$/.test(name)) continue;
      if (Date.now() - fs.statSync(p).mtimeMs > 3_600_000) fs.rmSync(p, { recursive: true, force: true });
    }
    const r = await runCli(['demo'], { BANSHI_DATA_DIR: template }, { timeoutMs: 240_000 });
    assert.equal(r.code, 0, `banshi demo failed:\n${show(r)}`);
    assert.match(r.stdout, /"requests":\d+/);
    fs.writeFileSync(path.join(template, 'ready'), '');
  });
  return template;
}

function copyDemo(template: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-cli-'));
  tempDirs.push(dir);
  fs.cpSync(path.join(template, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  return dir;
}

let template: string;

before(async () => {
  template = await demoTemplate();
});

after(async () => {
  for (const child of [...children]) {
    child.kill('SIGKILL');
    await exited(child);
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------
// Tests: three independent groups of similar length, each on its own folder, run side by side
// ---------------------------------------------------------------------------------------------------------

/** Stops a server left running by a group. */
async function stop(server: Server | undefined) {
  if (server) {
    server.child.kill('SIGKILL');
    await exited(server.child);
  }
}

describe('banshi CLI', { concurrency: true }, () => {
  describe('usage', { concurrency: 1 }, () => {
    test('banshi help prints the usage and succeeds', { timeout: 360_000 }, async () => {
      const r = await runCli(['help'], {});
      assert.equal(r.code, 0, show(r));
      for (const line of [
        'banshi serve',
        'banshi migrate',
        'banshi user add',
        'banshi apikey create',
        'Roles:',
      ])
        assert.ok(r.stdout.includes(line), `${line}\n${show(r)}`);
    });

    test('an unknown command exits non-zero with the usage', { timeout: 360_000 }, async () => {
      const r = await runCli(['frobnicate'], { BANSHI_DATA_DIR: copyDemo(template) });
      assert.equal(r.timedOut, false, show(r));
      assert.notEqual(r.code, 0, show(r));
      assert.match(r.stderr, /unknown command: frobnicate/, show(r));
      assert.ok(r.stderr.includes('banshi serve') && r.stderr.includes('Roles:'), show(r));
    });

    test(
      'an unknown command fails with the usage without needing the database',
      { timeout: 360_000 },
      async () => {
        // Nothing listens there: a usage error must not depend on the database being reachable.
        const r = await runCli(['frobnicate'], { DATABASE_URL: 'postgres://banshi@127.0.0.1:9/none' });
        assert.equal(r.timedOut, false, show(r));
        assert.notEqual(r.code, 0, show(r));
        assert.match(r.stderr, /unknown command: frobnicate/, show(r));
        assert.ok(r.stderr.includes('banshi serve'), show(r));
      },
    );
  });

  describe('migrate, demo and users on a loaded folder', { concurrency: 1 }, () => {
    let dir: string;
    let server: Server | undefined;
    before(() => {
      dir = copyDemo(template);
    });
    after(() => stop(server));
    const env = () => ({ BANSHI_DATA_DIR: dir });

    test('banshi migrate says the database is up to date, and exits', { timeout: 360_000 }, async () => {
      await ok(['migrate'], env(), /database is up to date/);
    });

    test('banshi demo again says the demo city is already loaded', { timeout: 360_000 }, async () => {
      const r = await ok(['demo'], env(), /jurisdiction xiangcheng is already loaded/);
      assert.doesNotMatch(r.stdout, /"requests"/);
    });

    test('user add, then user list shows the new user', { timeout: 360_000 }, async () => {
      const added = await ok(
        ['user', 'add', 'alice', '--role', 'dispatcher', '--name', '爱丽丝', '--password', 'secret-123'],
        env(),
        /created user alice \(dispatcher\) id \d+/,
      );
      const id = /id (\d+)/.exec(added.stdout)![1];
      const list = await ok(['user', 'list'], env(), /\toperator\t/);
      assert.match(list.stdout, new RegExp(`^${id}\\talice\\tdispatcher\\t\\t爱丽丝$`, 'm'), show(list));
      assert.match(list.stdout, /\tadmin\t/);
    });

    test('user reset-password', { timeout: 360_000 }, async () => {
      await ok(
        ['user', 'reset-password', 'alice', '--password', 'other-456'],
        env(),
        /password reset for alice/,
      );
    });

    test(
      'a server on the folder: alice logs in with the new password, not the old',
      { timeout: 360_000 },
      async () => {
        server = await startServer(env());
        const login = (password: string) =>
          http(server!.url, 'POST', '/api/v1/auth/login', { body: { username: 'alice', password } });
        const [good, old] = await Promise.all([login('other-456'), login('secret-123')]);
        assert.equal(good.status, 200, JSON.stringify(good.body));
        assert.equal(old.status, 401, JSON.stringify(old.body));
        assert.equal(old.body.error.code, 'invalid_credentials');
        const me = await http(server.url, 'GET', '/api/v1/auth/me', {
          headers: { authorization: `Bearer ${good.body.token}` },
        });
        assert.equal(me.status, 200, JSON.stringify(me.body));
        assert.equal(me.body.role, 'dispatcher');
        assert.equal(me.body.display_name, '爱丽丝');
      },
    );
  });

  describe('the working-day calendar on a loaded folder', { concurrency: 1 }, () => {
    let dir: string;
    let notice: string;
    before(() => {
      dir = copyDemo(template);
      notice = path.join(dir, 'notice-2031.txt');
      fs.writeFileSync(
        notice,
        '一、元旦：1月1日（周三）放假，共1天。\n二、春节：1月22日（周三）至28日（周二）放假调休，共7天。2月8日（周六）上班。\n',
      );
    });
    const env = () => ({ BANSHI_DATA_DIR: dir });

    test(
      'calendar import --dry-run reports and saves nothing; import --national saves',
      { timeout: 360_000 },
      async () => {
        const args = ['calendar', 'import', notice, '--year', '2031', '--source', '测试通知', '--national'];
        await ok(
          [...args, '--dry-run'],
          env(),
          /2031: 9 days, 7 change between working and rest, 0 open requests would be counted again \(nothing saved\)/,
        );
        await ok(['calendar', 'show', '2031'], env(), /2031: not known/);
        await ok(args, env(), /2031: 9 days, 7 change .* counted again$/m);
        const shown = await ok(['calendar', 'show', '2031'], env(), /2031: known \(national\)/);
        assert.match(shown.stdout, /^2031-02-08\t班\t春节\tnational\t测试通知$/m, show(shown));
        assert.match(shown.stdout, /^2031-01-01\t休\t元旦\tnational\t测试通知$/m, show(shown));
      },
    );

    test(
      'a notice with an error is refused with its line, and a bad year with the usage',
      { timeout: 360_000 },
      async () => {
        fs.writeFileSync(notice, '元旦：1月1日（周四）放假。\n');
        const r = await runCli(['calendar', 'import', notice, '--year', '2031', '--source', 'x'], env());
        assert.notEqual(r.code, 0, show(r));
        assert.match(r.stderr, /error \(line 1\): 2031-01-01 是星期三/, show(r));
        assert.match(r.stderr, /nothing was saved/, show(r));
        const bad = await runCli(['calendar', 'show', '1999'], env());
        assert.notEqual(bad.code, 0);
        assert.match(bad.stderr, /a year from 2000 to 2100/);
      },
    );
  });

  describe('API keys on a loaded folder', { concurrency: 1 }, () => {
    let dir: string;
    let server: Server | undefined;
    const keys: Record<'revoked' | 'active', { id: number; key: string }> = {
      revoked: { id: 0, key: '' },
      active: { id: 0, key: '' },
    };
    before(() => {
      dir = copyDemo(template);
    });
    after(() => stop(server));
    const env = () => ({ BANSHI_DATA_DIR: dir });

    test('apikey create prints the key on its last line', { timeout: 360_000 }, async () => {
      for (const [which, name] of [
        ['revoked', 'fixmystreet'],
        ['active', 'wechat-miniapp'],
      ] as const) {
        const r = await ok(['apikey', 'create', '--name', name], env(), /^bs_/m);
        const lines = r.stdout.trimEnd().split('\n');
        const last = lines[lines.length - 1]!;
        assert.match(last, /^bs_[\w-]+_[\w-]+$/, show(r));
        const id = Number(new RegExp(`created API key (\\d+) \\(${name}\\)`).exec(r.stdout)?.[1]);
        assert.ok(id > 0, show(r));
        keys[which] = { id, key: last };
      }
      assert.notEqual(keys.revoked.key, keys.active.key);
    });

    test(
      'apikey revoke, then apikey list shows the names and states but never a key',
      { timeout: 360_000 },
      async () => {
        await ok(
          ['apikey', 'revoke', String(keys.revoked.id)],
          env(),
          new RegExp(`revoked ${keys.revoked.id}`),
        );
        const list = await ok(['apikey', 'list'], env(), /wechat-miniapp/);
        assert.match(
          list.stdout,
          new RegExp(`^${keys.revoked.id}\\tfixmystreet\\t.*\\trevoked$`, 'm'),
          show(list),
        );
        assert.match(
          list.stdout,
          new RegExp(`^${keys.active.id}\\twechat-miniapp\\t.*\\tactive$`, 'm'),
          show(list),
        );
        for (const { key } of Object.values(keys)) {
          assert.ok(!list.stdout.includes(key), 'apikey list shows a key');
          assert.ok(!list.stdout.includes(key.slice(-16)), "apikey list shows a key's secret part");
        }
      },
    );

    test(
      'a server on the folder: the revoked key gets 401, the active one 200',
      { timeout: 360_000 },
      async () => {
        server = await startServer(env());
        const me = (key: string) =>
          http(server!.url, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': key } });
        const [revoked, active] = await Promise.all([me(keys.revoked.key), me(keys.active.key)]);
        assert.equal(revoked.status, 401, JSON.stringify(revoked.body));
        assert.equal(active.status, 200, JSON.stringify(active.body));
        assert.equal(active.body.kind, 'api_key');
        assert.equal(active.body.name, 'wechat-miniapp');
      },
    );
  });
});
