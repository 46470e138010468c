/**
 * `banshi backup` while a server takes registrations, then `banshi restore` into another folder: every
 * registration acknowledged before the backup began is in it, and the restored server serves them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TEST_SECRET } from '../support/db.js';
import { copyDemo, demoTemplate } from '../support/demo-folder.js';
import {
  cleanUp,
  fetchJson,
  removeLater,
  runCli,
  show,
  startServer,
  stopServer,
} from '../support/process.js';

let template: string;
before(async () => {
  template = await demoTemplate();
});
after(cleanUp);

const login = async (base: string) => {
  const res = await fetchJson(base, 'POST', '/api/v1/auth/login', {
    body: { username: 'operator', password: 'banshi-demo' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token as string;
};

test(
  'a backup taken under load holds every acknowledged registration, and restores',
  { timeout: 360_000 },
  async () => {
    const dir = copyDemo(template, 'banshi-backup-');
    const env = { BANSHI_DATA_DIR: dir, BANSHI_SECRET_KEY: TEST_SECRET };
    const server = await startServer(env);
    const token = await login(server.url);
    const acknowledged: number[] = [];
    let stop = false;
    let n = 0;
    const load = Array.from({ length: 6 }, async () => {
      while (!stop) {
        const res = await fetchJson(server.url, 'POST', '/api/v1/requests', {
          token,
          body: { body: `备份测试 ${n++}：小区路灯不亮`, reporter: { phone: '13900000601' } },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        acknowledged.push(res.body.id as number);
      }
    });
    // Enough acknowledged registrations before the backup begins, however fast this machine takes them.
    for (const deadline = Date.now() + 120_000; acknowledged.length <= 20 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 50));
    const before = [...acknowledged];
    const file = path.join(
      removeLater(fs.mkdtempSync(path.join(path.dirname(dir), 'banshi-backup-file-'))),
      'b.tgz',
    );
    const backup = await runCli(['backup', file], env);
    stop = true;
    await Promise.all(load);
    assert.equal(backup.code, 0, show(backup));
    assert.match(backup.stdout, /backup written by the running server \(pid \d+\)/, show(backup));
    await stopServer(server);
    assert.ok(before.length > 20, `only ${before.length} registrations before the backup`);

    const restored = removeLater(fs.mkdtempSync(path.join(path.dirname(dir), 'banshi-restored-')));
    const restore = await runCli(['restore', file], {
      BANSHI_DATA_DIR: restored,
      BANSHI_SECRET_KEY: TEST_SECRET,
    });
    assert.equal(restore.code, 0, show(restore));
    const again = await startServer({ BANSHI_DATA_DIR: restored, BANSHI_SECRET_KEY: TEST_SECRET });
    try {
      const t2 = await login(again.url);
      const missing: number[] = [];
      for (const id of before)
        if ((await fetchJson(again.url, 'GET', `/api/v1/requests/${id}`, { token: t2 })).status !== 200)
          missing.push(id);
      assert.deepEqual(
        missing,
        [],
        `${missing.length} of ${before.length} acknowledged registrations missing`,
      );
    } finally {
      await stopServer(again);
    }
    // A restore needs the folder free, and refuses what is not a backup, keeping the database it would replace.
    const junk = path.join(restored, 'junk.tgz');
    fs.writeFileSync(junk, 'not a tar');
    const refused = await runCli(['restore', junk], {
      BANSHI_DATA_DIR: restored,
      BANSHI_SECRET_KEY: TEST_SECRET,
    });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /is not a banshi backup/);
    assert.ok(fs.existsSync(path.join(restored, 'pglite', 'PG_VERSION')), 'the database was put back');
  },
);
