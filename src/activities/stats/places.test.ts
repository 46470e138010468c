import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { placesOf, type AreaNode } from './places.js';

const areas: AreaNode[] = [
  { code: 'xc', name: '相城区', level: 'district', parent_code: null },
  { code: 'wt', name: '望亭镇', level: 'street', parent_code: 'xc' },
  { code: 'wt-guoyuan', name: '果园社区', level: 'community', parent_code: 'wt' },
  { code: 'wt-guoyuan-1', name: '果园一网格', level: 'grid', parent_code: 'wt-guoyuan' },
  { code: 'wt-xiyuan', name: '西苑社区', level: 'community', parent_code: 'wt' },
  { code: 'yh', name: '元和街道', level: 'street', parent_code: 'xc' },
  { code: 'yh-lumu', name: '陆慕社区', level: 'community', parent_code: 'yh' },
  // an admin's mistake: a cycle
  { code: 'loop-a', name: '甲', level: 'grid', parent_code: 'loop-b' },
  { code: 'loop-b', name: '乙', level: 'grid', parent_code: 'loop-a' },
];
const places = placesOf(areas);

describe('where a session was held', () => {
  test('a community is its own community, in its street', () => {
    assert.deepEqual(places.communityOf('wt-guoyuan'), { key: 'wt-guoyuan', label: '果园社区' });
    assert.deepEqual(places.streetOf('wt-guoyuan'), { key: 'wt', label: '望亭镇' });
  });
  test('a grid counts for its community and street', () => {
    assert.deepEqual(places.communityOf('wt-guoyuan-1'), { key: 'wt-guoyuan', label: '果园社区' });
    assert.deepEqual(places.streetOf('wt-guoyuan-1'), { key: 'wt', label: '望亭镇' });
  });
  test('a street covers no community; the district neither, and has no street', () => {
    assert.equal(places.communityOf('wt'), null);
    assert.deepEqual(places.streetOf('wt'), { key: 'wt', label: '望亭镇' });
    assert.equal(places.communityOf('xc'), null);
    assert.equal(places.streetOf('xc'), null);
  });
  test('an unknown area or a cycle gives nothing, and does not hang', () => {
    assert.equal(places.communityOf('nowhere'), null);
    assert.equal(places.streetOf('loop-a'), null);
    assert.equal(places.nameOf('nowhere'), 'nowhere');
    assert.equal(places.nameOf('yh'), '元和街道');
  });
});

describe('the communities under a target area', () => {
  test('the district: every community', () => {
    assert.deepEqual(places.communitiesUnder('xc').sort(), ['wt-guoyuan', 'wt-xiyuan', 'yh-lumu']);
  });
  test('a street: its communities', () => {
    assert.deepEqual(places.communitiesUnder('wt').sort(), ['wt-guoyuan', 'wt-xiyuan']);
  });
  test('a community: itself; a grid or an unknown area: none', () => {
    assert.deepEqual(places.communitiesUnder('yh-lumu'), ['yh-lumu']);
    assert.deepEqual(places.communitiesUnder('wt-guoyuan-1'), []);
    assert.deepEqual(places.communitiesUnder('nowhere'), []);
  });
});
