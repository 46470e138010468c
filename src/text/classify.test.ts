import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeModel, DEFAULT_MODEL_PATH, encodeModel, LABELS, loadClassifier } from './classify.js';
import { parseCsv, readCsvObjects } from './csv.js';
import { stratifiedFolds, stratifiedSplit } from './train.js';

const classifier = loadClassifier();

test('the shipped model loads with the 7 labels', () => {
  assert.deepEqual(classifier.labels, [...LABELS]);
});

test('predictions are sorted calibrated probabilities', () => {
  const all = classifier.predict('小区楼下烧烤摊油烟扰民', '每天晚上烧烤摊油烟很大，噪音到凌晨两点。', 7);
  assert.equal(all.length, 7);
  assert.deepEqual(new Set(all.map((p) => p.label)), new Set(LABELS));
  const total = all.reduce((sum, p) => sum + p.confidence, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
  const top3 = classifier.predict('小区楼下烧烤摊油烟扰民', '每天晚上烧烤摊油烟很大，噪音到凌晨两点。');
  assert.equal(top3.length, 3);
  assert.ok(top3.reduce((sum, p) => sum + p.confidence, 0) <= 1 + 1e-9);
  for (const [i, p] of top3.entries()) {
    assert.ok(p.confidence >= 0 && p.confidence <= 1);
    if (i > 0) assert.ok(top3[i - 1]!.confidence >= p.confidence);
  }
});

test('obvious messages get the obvious category', () => {
  const cases: [string, string, string][] = [
    // Taxis rather than buses: the data files bus-route complaints mostly under 城乡建设 (公交 as a
    // municipal service), while taxis, express delivery and coaches are 交通运输.
    ['', '火车站的出租车司机拒载，不打表随口要价，还不给发票，请交通部门加强出租车管理。', '交通运输'],
    [
      '学校乱收补课费',
      'A3区某中学强制学生参加周末补课，每学期收取补课费和资料费两千元，请教育局查处。',
      '教育文体',
    ],
    [
      '讨要被拖欠的工资',
      '我在某建筑公司打工一年，老板拖欠我们农民工工资三万元至今不发，劳动监察请帮忙。',
      '劳动和社会保障',
    ],
    [
      '工厂排放废气噪音扰民',
      '附近化工厂每天夜里排放刺鼻废气，污水直排河里，机器噪音很大，环保部门请管管。',
      '环境保护',
    ],
    [
      '投诉医院乱收费',
      '我母亲在市人民医院住院，医生开大处方，医院多收检查费，护士态度恶劣，请卫健委调查。',
      '卫生计生',
    ],
  ];
  for (const [title, body, expected] of cases) {
    assert.equal(classifier.predict(title, body, 1)[0]!.label, expected, `${title}${body}`);
  }
});

test('predictions are deterministic, including across a fresh load', () => {
  const text = ['小区物业乱收停车费', '物业未经业主同意占用公共区域收取停车费。'] as const;
  const first = classifier.predict(...text, 7);
  assert.deepEqual(classifier.predict(...text, 7), first);
  assert.deepEqual(loadClassifier().predict(...text, 7), first);
});

test('empty input still yields a distribution', () => {
  const [top] = classifier.predict('', '', 1);
  assert.ok(top && top.confidence > 0 && top.confidence <= 1);
});

test('the binary model format round-trips', () => {
  const model = decodeModel(readFileSync(DEFAULT_MODEL_PATH));
  const again = decodeModel(encodeModel(model));
  assert.deepEqual(again.labels, model.labels);
  assert.equal(again.temperature, model.temperature);
  assert.deepEqual(again.linear.weights, model.linear.weights);
  assert.throws(() => decodeModel(Buffer.from('nope')), /not a banshi classifier/);
  const bytes = encodeModel(model);
  assert.throws(() => decodeModel(bytes.subarray(0, bytes.length - 4)), /wrong size/);
});

test('CSV: quotes, escaped quotes, embedded newlines and commas', () => {
  assert.deepEqual(parseCsv('a,b\n"x, y","he said ""hi"""\n"line1\nline2",\n'), [
    ['a', 'b'],
    ['x, y', 'he said "hi"'],
    ['line1\nline2', ''],
  ]);
});

test('CSV: CRLF, BOM, missing final newline, empty fields', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b\r\n1,\r\n,2'), [
    ['a', 'b'],
    ['1', ''],
    ['', '2'],
  ]);
  assert.deepEqual(parseCsv(''), []);
  assert.deepEqual(parseCsv('""'), [['']]);
});

test('CSV objects are keyed by header, short rows padded', () => {
  assert.deepEqual(readCsvObjects('id,title,body\n1,"标题，含逗号"\n'), [
    { id: '1', title: '标题，含逗号', body: '' },
  ]);
  assert.deepEqual(readCsvObjects(''), []);
});

test('the stratified split is deterministic, keeps groups whole and takes the share per label', () => {
  const labels = [...Array(40).fill('a'), ...Array(20).fill('b')] as string[];
  const groups = labels.map((_, i) => (i < 4 ? 'dup' : String(i)));
  const split = stratifiedSplit(labels, 0.25, 7, groups);
  assert.deepEqual(stratifiedSplit(labels, 0.25, 7, groups), split);
  const test = new Set(split.test);
  assert.equal(new Set([0, 1, 2, 3].map((i) => test.has(i))).size, 1);
  assert.equal(split.test.length + split.train.length, labels.length);
  assert.equal(split.test.filter((i) => labels[i] === 'b').length, 5);
  assert.ok(Math.abs(split.test.filter((i) => labels[i] === 'a').length - 10) <= 2);
});

test('stratified folds are deterministic, keep groups whole and spread each label evenly', () => {
  const labels = [...Array(40).fill('a'), ...Array(21).fill('b')] as string[];
  const groups = labels.map((_, i) => (i < 4 ? 'dup' : String(i)));
  const folds = stratifiedFolds(labels, 5, 7, groups);
  assert.deepEqual(stratifiedFolds(labels, 5, 7, groups), folds);
  assert.equal(new Set(folds.slice(0, 4)).size, 1, 'the group stays in one fold');
  for (const label of ['a', 'b']) {
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x, i) => x === f && labels[i] === label).length);
    assert.ok(
      Math.max(...sizes) - Math.min(...sizes) <= (label === 'a' ? 4 : 1),
      `${label}: ${sizes.join(' ')}`,
    );
  }
  assert.ok(folds.every((f) => f >= 0 && f < 5));
});
