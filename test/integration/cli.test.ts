/**
 * The `banshi` command line, run as a real process on copies of a demo data folder (prepared once by
 * `banshi demo`, cached under os.tmpdir() keyed by a fingerprint of src/ and data/demo/): migrate, demo,
 * user and apikey administration, and a server that honours what they did.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyDemo, demoTemplate } from '../support/demo-folder.js';
import {
  cleanUp,
  fetchJson as http,
  kill9,
  runCli,
  show,
  startServer,
  type CliResult,
  type Server,
} from '../support/process.js';

/**
 * A command that must succeed, and exit promptly once it has printed what `done` matches: closing the
 * database takes about 2 s even on a loaded machine; a PGlite left open keeps the process alive.
 */
async function ok(args: string[], env: Record<string, string>, done: RegExp): Promise<CliResult> {
  const r = await runCli(args, env, { settle: { on: 'stdout', match: done, ms: 8_000 } });
  assert.equal(r.hung, false, `banshi ${args.join(' ')} printed its result but did not exit:\n${show(r)}`);
  assert.equal(r.code, 0, `banshi ${args.join(' ')}: ${show(r)}`);
  assert.match(r.stdout, done, show(r));
  return r;
}

let template: string;

before(async () => {
  template = await demoTemplate();
});

after(cleanUp);

// Three independent groups of similar length, each on its own folder, run side by side.

/** Stops a server left running by a group. */
async function stop(server: Server | undefined) {
  if (server) await kill9(server);
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
      const r = await runCli(['frobnicate'], { BANSHI_DATA_DIR: copyDemo(template, 'banshi-cli-') });
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
      dir = copyDemo(template, 'banshi-cli-');
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
      dir = copyDemo(template, 'banshi-cli-');
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
      dir = copyDemo(template, 'banshi-cli-');
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
