import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const BIN = new URL('../../bin/banshi.js', import.meta.url).pathname;
const run = (args: string[], input: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });

test('banshi normalize writes the normalised text of stdin', () => {
  const r = run(
    ['normalize'],
    '區(qū)委書(shū)記沈志棟來(lái)到望亭鎮(zhèn)果園社區(qū)（相城区融媒体中心 张新培）',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '区委书记沈志栋来到望亭镇果园社区(相城区融媒体中心 张新培)');
});

test('banshi classify answers one JSON line per input line, with category, confidence and department', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-classify-'));
  try {
    const input = [
      JSON.stringify({
        id: 'a1',
        title: '公司拖欠工资',
        body: '包工头拖欠我们农民工半年工资，请劳动监察部门帮助追讨。',
      }),
      JSON.stringify({
        id: 2,
        title: '学校乱收费',
        body: '某小学开学要求家长缴纳校服费和资料费，是否合规？',
      }),
      'not json',
      '',
    ].join('\n');
    const r = run(['classify'], input, { BANSHI_DATA_DIR: dataDir, BANSHI_SECRET_KEY: 'c'.repeat(64) });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0]).sort(), ['category', 'confidence', 'department', 'id']);
    assert.equal(lines[0].id, 'a1');
    assert.equal(lines[0].category, '劳动和社会保障');
    assert.equal(lines[0].department, 'hrss');
    assert.ok(lines[0].confidence > 0.5 && lines[0].confidence <= 1);
    assert.equal(lines[1].id, 2);
    assert.equal(lines[1].category, '教育文体');
    assert.equal(lines[1].department, 'education');
    assert.deepEqual(lines[2], { line: 3, error: 'malformed_json' });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
