import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fineRoute, keywordHits, type KeywordCategory, type Level1Route } from './fine-route.js';

const categories: KeywordCategory[] = [
  { code: '010201', level1: '城乡建设', keywords: ['占道经营', '摆摊'], department: 'urban-mgmt' },
  { code: '010202', level1: '城乡建设', keywords: ['停水', '自来水'], department: 'water-supply' },
  { code: '120101', level1: '政法', keywords: ['传销'], department: 'police' },
  { code: '100101', level1: '民政', keywords: ['低保'], department: 'civil-affairs' },
];
const defaults: Record<string, string> = { 城乡建设: 'housing', 商贸旅游: 'market', 民政: 'civil-affairs' };
const level1Route = (name: string): Level1Route => ({
  department_code: defaults[name] ?? null,
  department_rule: defaults[name] ? 'category_default' : null,
});
const route = (title: string, body: string, level1: [string, number][], office: string | null = null) =>
  fineRoute({
    title,
    body,
    level1: level1.map(([name, confidence]) => ({ name, code: name, confidence })),
    categories,
    level1Route,
    localOffice: (name) => (name === '民政' ? office : null),
  });

describe('routing by the finest category', () => {
  test('keywordHits counts distinct keywords, those in the title twice, at most 3', () => {
    assert.equal(keywordHits('无关', '有人摆摊', ['摆摊', '占道经营']), 1);
    assert.equal(keywordHits('小区门口摆摊', '', ['摆摊']), 2);
    assert.equal(keywordHits('占道经营摆摊', '摆摊', ['摆摊', '占道经营']), 3);
    assert.equal(keywordHits('', '', ['', '摆摊']), 0);
  });

  test('a street-vending call goes to 城管 by its finest category, not to the 一级 default (住建局)', () => {
    const r = route('小区门口占道经营', '晚上很多人摆摊', [
      ['城乡建设', 0.99],
      ['商贸旅游', 0.01],
    ]);
    assert.equal(r.department_code, 'urban-mgmt');
    assert.equal(r.department_rule, 'category_keywords');
    assert.equal(r.category_code, '010201');
    assert.ok(r.department_confidence > 0.9, String(r.department_confidence));
  });

  test('without a finer sign the 一级 default is chosen but not with certainty', () => {
    const r = route('小区问题', '请处理', [
      ['城乡建设', 0.99],
      ['商贸旅游', 0.01],
    ]);
    assert.equal(r.department_code, 'housing');
    assert.equal(r.department_rule, 'category_default');
    assert.equal(r.category_code, '城乡建设');
    assert.ok(r.department_confidence <= 0.6, String(r.department_confidence));
  });

  test('keywords of a 一级 category the classifier does not know still route (政法 › 传销 → 公安)', () => {
    const r = route('举报传销窝点', '', [
      ['商贸旅游', 0.9],
      ['城乡建设', 0.1],
    ]);
    assert.equal(r.department_code, 'police');
  });

  test('two signs split the confidence between their departments', () => {
    const r = route('', '家里停水，门口还有人摆摊', [['城乡建设', 1]]);
    assert.ok(['water-supply', 'urban-mgmt'].includes(r.department_code!));
    assert.ok(r.department_confidence < 0.6, String(r.department_confidence));
  });

  test('a category handled locally goes to the street office of the place when it is known', () => {
    assert.equal(
      route('申请低保', '', [['城乡建设', 0.5]], 'yuanhe-street').department_code,
      'yuanhe-street',
    );
    assert.equal(
      route('申请低保', '', [['城乡建设', 0.5]], 'yuanhe-street').department_rule,
      'area_street_office',
    );
    assert.equal(route('申请低保', '', [['城乡建设', 0.5]]).department_code, 'civil-affairs');
  });

  test('nothing to route: no department and no confidence', () => {
    const r = route('你好', '', [['未知', 1]]);
    assert.deepEqual(r, {
      category_code: null,
      department_code: null,
      department_rule: null,
      department_confidence: 0,
    });
  });
});
