import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  highlight,
  idf,
  indexTerms,
  lookupTerms,
  queryTerms,
  snippet,
  toTsQuery,
  withSynonyms,
} from './terms.js';

describe('knowledge search terms', () => {
  test('indexTerms keeps words, lower-cased, without punctuation, spaces, operators or stopwords', () => {
    assert.deepEqual(indexTerms(['怎么', '提取', '公积金', '？', ' ', 'ABC', '&', "a'b", '|', '的', '!x']), [
      '提取',
      '公积金',
      'abc',
    ]);
  });

  test('queryTerms: distinct, capped keeping the longest in their order', () => {
    assert.deepEqual(queryTerms(['停车', '停车', '收费']), ['停车', '收费']);
    assert.deepEqual(queryTerms(['甲', '乙乙', '丙丙丙', '丁'], 2), ['乙乙', '丙丙丙']);
    assert.equal(toTsQuery(['停车', '收费']), '停车 | 收费');
    assert.equal(toTsQuery([]), '');
  });

  test('highlight marks the longest term at each place and merges neighbours', () => {
    assert.deepEqual(highlight('住房公积金提取条件', ['公积', '公积金', '提取']), [
      { text: '住房', hit: false },
      { text: '公积金提取', hit: true },
      { text: '条件', hit: false },
    ]);
    assert.deepEqual(highlight('Parking 规则', ['parking']), [
      { text: 'Parking', hit: true },
      { text: ' 规则', hit: false },
    ]);
    assert.deepEqual(highlight('无', []), [{ text: '无', hit: false }]);
    assert.deepEqual(highlight('', ['x']), []);
  });

  test('snippet: the densest window, cut with ellipses; short texts whole', () => {
    assert.deepEqual(snippet('短文  本', ['文']), [
      { text: '短', hit: false },
      { text: '文', hit: true },
      { text: ' 本', hit: false },
    ]);
    const text = `${'甲'.repeat(200)}公积金${'乙'.repeat(200)}`;
    const s = snippet(text, ['公积金'], 40);
    assert.equal(s[0]!.text, '…');
    assert.equal(s[s.length - 1]!.text, '…');
    assert.ok(s.some((x) => x.hit && x.text === '公积金'));
    assert.equal(s.map((x) => x.text).join('').length, 42);
    const none = snippet(text, ['无关'], 40);
    assert.equal(none[0]!.text, '甲'.repeat(40));
  });

  test('withSynonyms adds the words articles use, once each', () => {
    assert.deepEqual(withSynonyms(['养狗', '狗', '办证']), ['养狗', '狗', '办证', '养犬', '犬只', '犬']);
    assert.deepEqual(withSynonyms(['公积金']), ['公积金']);
  });

  test('idf: rarer weighs more, never negative', () => {
    assert.ok(idf(1, 1000) > idf(100, 1000));
    assert.ok(idf(1000, 1000) > 0);
  });

  test('lookupTerms leaves out terms most or no articles hold, keeping the 3 rarest held at least', () => {
    const df = new Map(Object.entries({ 公积金: 10, 提取: 30, 办理: 500, 小区: 400 }));
    assert.deepEqual(lookupTerms(['公积金', '办理', '提取', '小区', '新词'], df, 1000), [
      '公积金',
      '提取',
      '小区',
    ]);
    assert.deepEqual(lookupTerms(['新词'], df, 1000), []);
    assert.deepEqual(lookupTerms(['办理', '小区'], df, 1000), ['小区', '办理']);
    assert.deepEqual(lookupTerms(['公积金', '办理', '小区'], df, 1000), ['公积金', '小区', '办理']);
  });

  test('lookupTerms reads at most the budget of index entries beyond the 3 rarest terms, rarest first', () => {
    const df = new Map(Object.entries({ 甲: 900, 乙: 50, 丙: 400, 丁: 300, 戊: 100 }));
    const terms = ['甲', '乙', '丙', '丁', '戊'];
    assert.deepEqual(lookupTerms(terms, df, 10_000, 1000), ['乙', '丙', '丁', '戊']);
    assert.deepEqual(lookupTerms(terms, df, 10_000, 100), ['乙', '丁', '戊']);
    assert.deepEqual(lookupTerms(terms, df, 10_000, 10_000), terms);
  });
});
