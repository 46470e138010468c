/**
 * `banshi parking …` as a real process: the forecast from a history file and targets on stdin (no database),
 * and the import of a site list into a demo data folder (every row checked first).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyDemo, demoTemplate } from '../support/demo-folder.js';
import { cleanUp, runCli, show } from '../support/process.js';

/** Runs `banshi` with text on its stdin. */
const withStdin = (args: string[], stdin: string) => runCli(args, {}, { stdin });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-parking-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('banshi parking forecast', () => {
  test('one row per target in their order, vehicles within capacity, from the history alone', async () => {
    const lines = ['SystemCodeNumber,Capacity,Occupancy,LastUpdated'];
    const day = (d: number) => new Date(Date.UTC(2016, 9, 3 + d)).toISOString().slice(0, 10);
    for (const [site, capacity] of [
      ['CarPark A', 500],
      ['BHM01', 220],
    ] as const)
      for (let d = 0; d < 28; d++)
        for (let h = 8; h <= 16; h++) {
          const weekend = d % 7 >= 5;
          const rate = (weekend ? 0.3 : 0.7) * (0.5 + 0.5 * Math.sin(((h - 8) / 8) * Math.PI));
          lines.push(
            `${site},${capacity},${Math.round(rate * capacity)},${day(d)} ${String(h).padStart(2, '0')}:00:42`,
          );
        }
    fs.writeFileSync(path.join(dir, 'history.csv'), `${lines.join('\n')}\n`);
    const targets = [
      'SystemCodeNumber,Capacity,LastUpdated',
      `BHM01,220,${day(28)} 12:00:00`,
      `CarPark A,500,${day(28)} 08:30:00`,
      `Unknown,100,${day(28)} 12:00:00`,
      `CarPark A,500,${day(29)} 16:00:00`,
    ].join('\n');
    const r = await withStdin(['parking', 'forecast', '--history', path.join(dir, 'history.csv')], targets);
    assert.equal(r.code, 0, show(r));
    const out = r.stdout.trim().split('\n');
    assert.equal(out[0], 'SystemCodeNumber,LastUpdated,Occupancy');
    assert.deepEqual(
      out.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
      targets
        .split('\n')
        .slice(1)
        .map((l) => {
          const [site, , at] = l.split(',');
          return `${site},${at}`;
        }),
    );
    const [noon, morning, unknown, later] = out.slice(1).map((l) => Number(l.split(',')[2]));
    assert.ok(noon! > 0.5 * 220 && noon! <= 220, `${noon}`);
    assert.ok(morning! > 0 && morning! < noon! * (500 / 220), `${morning}`);
    assert.ok(unknown! >= 0 && unknown! <= 100);
    assert.ok(later! >= 0 && later! <= 500);
  });

  test('a history without its columns is an error, not a guess', async () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'site,free\nA,1\n');
    const r = await withStdin(['parking', 'forecast', '--history', path.join(dir, 'bad.csv')], 'x');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing column/);
    assert.equal((await withStdin(['parking', 'forecast'], '')).code, 1);
  });
});

describe('banshi parking import', () => {
  let folder: string;
  before(async () => {
    folder = copyDemo(await demoTemplate(), 'banshi-parking-import-');
  });
  after(cleanUp);

  test(
    'checks every row, refuses a file with a bad one, imports a good one',
    { timeout: 300_000 },
    async () => {
      const env = { BANSHI_DATA_DIR: folder };
      const header = '编码,名称,类型,地址,纬度,经度,总泊位,开放时间\n';
      fs.writeFileSync(
        path.join(dir, 'bad.csv'),
        `${header}CLI-1,朝阳停车场,公共停车场,朝阳路,31.35807,120.63387,200,24/7\nCLI-2,外地,公共停车场,上海,31.0,121.5,20,24/7\n`,
      );
      const bad = await runCli(['parking', 'import', path.join(dir, 'bad.csv')], env);
      assert.equal(bad.code, 1, show(bad));
      assert.match(bad.stderr, /第 3 行（CLI-2）：.*不在本辖区内/);
      fs.writeFileSync(
        path.join(dir, 'good.csv'),
        `${header}CLI-1,朝阳停车场,公共停车场,朝阳路,31.35807,120.63387,200,24/7\nCLI-3,澄和停车场,路内泊位,澄和路,31.42211,120.64106,30,Mo-Su 07:00-22:00\n`,
      );
      const good = await runCli(['parking', 'import', path.join(dir, 'good.csv')], env);
      assert.equal(good.code, 0, show(good));
      assert.match(good.stdout, /2 行：新增 2，更新 0，未变 0/);
      const again = await runCli(['parking', 'import', path.join(dir, 'good.csv'), '--dry-run'], env);
      assert.match(again.stdout, /新增 0，更新 0，未变 2（试运行，未写入）/);
    },
  );
});
