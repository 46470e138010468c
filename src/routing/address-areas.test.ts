import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { areasNamedIn, namesAgainstPin, type TreeArea } from './address-areas.js';

/** Areas as a tree by code segment: each a name, or a name and the areas under it, a level further down. */
type Tree = { [segment: string]: string | [string, Tree] };
const LEVELS: TreeArea['level'][] = ['district', 'street', 'community', 'grid'];

const areasOf = (tree: Tree, parent: TreeArea | null = null): TreeArea[] =>
  Object.entries(tree).flatMap(([segment, node]) => {
    const [name, below] = typeof node === 'string' ? [node, {}] : node;
    const area: TreeArea = {
      code: parent ? `${parent.code}-${segment}` : segment,
      name,
      level: LEVELS[parent ? LEVELS.indexOf(parent.level) + 1 : 0]!,
      parent_code: parent?.code ?? null,
    };
    return [area, ...areasOf(below, area)];
  });

/**
 * A slice of the demo city: 相城区 with its streets/towns, their communities and a grid; and, not of the demo,
 * a community of the same name as one elsewhere (元和 渭西村) and a name inside a longer one (巷村).
 */
const AREAS = areasOf({
  xc: [
    '相城区',
    {
      weitang: ['渭塘镇', { weixi: '渭西村', xiang: '巷村' }],
      yuanhe: ['元和街道', { yuyao: '御窑社区', lumu: ['陆慕社区', { g1: '陆慕一网格' }], weixi: '渭西村' }],
      huangdai: ['黄埭镇', { xinxiang: '新巷村' }],
      beiqiao: ['北桥街道', { beiqiao: '北桥社区' }],
      gaotie: '高铁新城',
    },
  ],
});
const codes = (address: string) => areasNamedIn(address, AREAS).map((a) => a.code);

describe('areasNamedIn: the streets/towns and communities an address names', () => {
  test('a street and a community, in the order written', () => {
    assert.deepEqual(codes('苏州市相城区元和街道御窑社区御窑路88号'), ['xc-yuanhe', 'xc-yuanhe-yuyao']);
    assert.deepEqual(codes('御窑社区（元和街道）'), ['xc-yuanhe-yuyao', 'xc-yuanhe']);
  });

  test('no area named: nothing (a district or a road is no street or community)', () => {
    assert.deepEqual(codes('相城区御窑路88号'), []);
    assert.deepEqual(codes(''), []);
    assert.deepEqual(codes('元和路与渭西路路口'), []);
  });

  test('spaces inside a name do not hide it', () => {
    assert.deepEqual(codes('元和 街道 陆慕 社区 3 幢'), ['xc-yuanhe', 'xc-yuanhe-lumu']);
  });

  test('grids are not matched by name', () => {
    assert.deepEqual(codes('陆慕一网格'), []);
  });

  test('a street whose name has no 街道/镇 suffix', () => {
    assert.deepEqual(codes('高铁新城南天成路'), ['xc-gaotie']);
  });

  test('a longer name wins over a shorter one inside it; the shorter alone still counts', () => {
    assert.deepEqual(codes('黄埭镇新巷村12号'), ['xc-huangdai', 'xc-huangdai-xinxiang']);
    assert.deepEqual(codes('渭塘镇巷村5号'), ['xc-weitang', 'xc-weitang-xiang']);
    assert.deepEqual(codes('新巷村东、巷村西'), ['xc-huangdai-xinxiang', 'xc-weitang-xiang']);
  });

  test('a street and its namesake community are both named', () => {
    assert.deepEqual(codes('北桥街道北桥社区'), ['xc-beiqiao', 'xc-beiqiao-beiqiao']);
  });

  test('two areas of one name are both given', () => {
    assert.deepEqual(codes('渭西村'), ['xc-weitang-weixi', 'xc-yuanhe-weixi']);
  });

  test('a name written twice is given once', () => {
    assert.deepEqual(codes('元和街道元和街道'), ['xc-yuanhe']);
  });
});

describe('namesAgainstPin: the names that do not hold the pin', () => {
  const against = (address: string, pin: string) => namesAgainstPin(areasNamedIn(address, AREAS), pin, AREAS);

  test('the bug: the address says 元和街道, the pin is in 渭塘镇 / 渭西村', () => {
    assert.deepEqual(against('元和街道御窑路88号', 'xc-weitang-weixi'), ['元和街道']);
  });

  test('agreement: the named street or community holds the pin (also through a grid)', () => {
    assert.deepEqual(against('元和街道御窑路88号', 'xc-yuanhe-yuyao'), []);
    assert.deepEqual(against('元和街道陆慕社区', 'xc-yuanhe-lumu-g1'), []);
    assert.deepEqual(against('渭塘镇渭西村', 'xc-weitang-weixi'), []);
  });

  test('no name in the address: no disagreement', () => {
    assert.deepEqual(against('御窑路88号', 'xc-weitang-weixi'), []);
  });

  test('the right street but another community of it: the community disagrees', () => {
    assert.deepEqual(against('元和街道陆慕社区', 'xc-yuanhe-yuyao'), ['陆慕社区']);
  });

  test('a pin in a street outside every community polygon agrees with a community of that street', () => {
    assert.deepEqual(against('元和街道御窑社区', 'xc-yuanhe'), []);
    assert.deepEqual(against('渭西村', 'xc-huangdai'), ['渭西村']);
  });

  test('a name two areas share agrees when either holds the pin', () => {
    assert.deepEqual(against('渭西村', 'xc-weitang-weixi'), []);
    assert.deepEqual(against('渭西村', 'xc-yuanhe-weixi'), []);
    assert.deepEqual(against('渭西村', 'xc-huangdai-xinxiang'), ['渭西村']);
  });

  test('several names: each that does not hold the pin, once', () => {
    assert.deepEqual(against('元和街道与渭塘镇交界，渭塘镇一侧', 'xc-weitang-weixi'), ['元和街道']);
    assert.deepEqual(against('元和街道御窑社区', 'xc-huangdai-xinxiang'), ['元和街道', '御窑社区']);
  });

  test('an unknown pin code: every name disagrees', () => {
    assert.deepEqual(against('元和街道', 'nowhere'), ['元和街道']);
  });
});
