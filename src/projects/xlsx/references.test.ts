import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolver } from './references.js';

const departments = new Map([
  ['housing', '相城区住房和城乡建设局'],
  ['urban-mgmt', '相城区城市管理局（综合行政执法局）'],
  ['water', '相城区水务局'],
  ['water-supply', '相城区自来水公司'],
]);
const areas = new Map([
  ['xc-wangting', '望亭镇'],
  ['xc-yuanhe', '元和街道'],
  ['xc-a-beiqiao', '北桥社区'],
  ['xc-b-beiqiao', '北桥社区'],
]);

describe('departments and areas by code, name or a unique fragment', () => {
  const dept = resolver(departments, '单位');
  const area = resolver(areas, '区域');
  test('resolves', () => {
    assert.deepEqual(dept('housing'), { ok: true, code: 'housing' });
    assert.deepEqual(dept('相城区水务局'), { ok: true, code: 'water' });
    assert.deepEqual(dept('住房和城乡建设局'), { ok: true, code: 'housing' });
    assert.deepEqual(dept('城市管理局'), { ok: true, code: 'urban-mgmt' });
    assert.deepEqual(area('望亭镇'), { ok: true, code: 'xc-wangting' });
  });
  test('refuses the unknown and the ambiguous, saying why', () => {
    assert.match((dept('住建局') as { error: string }).error, /不存在/);
    assert.match((dept('相城区') as { error: string }).error, /不唯一/);
    assert.match((dept('水') as { error: string }).error, /不存在/);
    assert.match((area('北桥社区') as { error: string }).error, /重名/);
  });
});

describe('resolving edge cases', () => {
  const dept = resolver(departments, '单位');
  test('surrounding spaces are ignored', () => {
    assert.deepEqual(dept('  water '), { ok: true, code: 'water' });
  });
  test('a fragment of one character is never enough, even when unique', () => {
    assert.deepEqual(dept('务'), { ok: false, error: '单位“务”不存在' });
  });
  test('an ambiguous fragment names at most three candidates', () => {
    const many = resolver(new Map(Array.from({ length: 5 }, (_, i) => [`d${i}`, `第${i}分局`])), '单位');
    assert.deepEqual(many('分局'), { ok: false, error: '单位“分局”不唯一（第0分局、第1分局、第2分局…）' });
  });
  test('a code wins over a name that reads the same', () => {
    const odd = resolver(
      new Map([
        ['水务局', 'x'],
        ['water', '水务局'],
      ]),
      '单位',
    );
    assert.deepEqual(odd('水务局'), { ok: true, code: '水务局' });
  });
});
