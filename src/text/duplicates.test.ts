import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  BANDS,
  DUPLICATE_THRESHOLD,
  SIGNATURE_SIZE,
  bandKeys,
  canonical,
  duplicateScore,
  estimateSimilarity,
  placeMatch,
  shingles,
  signature,
  similarity,
} from './duplicates.js';
import { normalise } from './normalise.js';

const NOISE = {
  title: '新城花园3栋楼下餐馆油烟扰民',
  body: '我是新城花园小区3栋的业主，楼下的餐馆每天从早到晚油烟直排，窗户都不敢开，多次向物业反映无果，请相关部门尽快处理。',
};
// The same complaint retold: a greeting added, a few words changed, full-width punctuation and a Traditional character.
const RETOLD = {
  title: '新城花园3栋楼下餐馆油烟扰民！',
  body: '尊敬的领导您好：我是新城花园小区3棟的业主，楼下餐馆每天从早到晚油烟直排，窗户都不敢打开，多次向物业反映没有结果，请有关部门尽快处理。',
};
const UNRELATED = {
  title: '咨询公积金贷款额度',
  body: '请问在本市缴存公积金满两年，购买首套住房时公积金贷款的最高额度是多少？需要准备哪些材料？',
};

test('canonical text keeps letters and digits only, normalised and lower-cased', () => {
  assert.equal(canonical('Ａ市 3棟，ＫＴＶ扰民！'), 'a市3栋ktv扰民');
  assert.equal(canonical('a市3栋ktv扰民', { normalised: true }), 'a市3栋ktv扰民');
});

test('identical texts are identical; punctuation, width and script do not matter', () => {
  assert.equal(similarity(NOISE, NOISE), 1);
  assert.equal(similarity('油烟扰民，请处理。', '油烟扰民 请处理'), 1);
  assert.equal(similarity('楼下棟号', '楼下栋号'), 1);
  assert.deepEqual(signature(NOISE), signature({ ...NOISE }));
});

test('a retold complaint is near-identical; an unrelated one is not', () => {
  const near = similarity(NOISE, RETOLD);
  assert.ok(near > 0.5, `near-identical: ${near}`);
  assert.ok(similarity(NOISE, UNRELATED) < 0.05);
  assert.ok(near >= DUPLICATE_THRESHOLD);
});

test('the title weighs: the same body under another title is less similar', () => {
  const otherTitle = { ...NOISE, title: '咨询公积金贷款额度' };
  assert.ok(similarity(NOISE, otherTitle) < similarity(NOISE, { ...NOISE, title: NOISE.title + '！' }));
});

test('empty and one-character texts', () => {
  assert.equal(similarity('', ''), 1);
  assert.equal(similarity('', '油'), 0);
  assert.equal(similarity('油', '油'), 1);
  assert.deepEqual(bandKeys(signature('')), []);
  assert.equal(bandKeys(signature('油')).length, BANDS);
});

test('the signature estimates the Jaccard index, and near-identical texts share band keys', () => {
  const a = signature(NOISE);
  const b = signature(RETOLD);
  assert.equal(a.length, SIGNATURE_SIZE);
  assert.ok(a.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32));
  assert.ok(Math.abs(estimateSimilarity(a, b) - similarity(NOISE, RETOLD)) < 0.2);
  const shared = bandKeys(a).filter((k) => bandKeys(b).includes(k));
  assert.ok(shared.length > 0);
  assert.ok(bandKeys(a).every((k) => Number.isSafeInteger(k) && k >= 0));
  assert.equal(new Set(bandKeys(a).map((k) => Math.floor(k / 2 ** 32))).size, BANDS);
});

test('normalised texts give the same shingles through the fast path', () => {
  const raw = { title: 'Ａ市新城花園', body: '油煙擾民，請處理' };
  const norm = { title: normalise(raw.title), body: normalise(raw.body) };
  assert.deepEqual(shingles(raw), shingles(norm, { normalised: true }));
});

test('place: within the radius, same area without coordinates, far away', () => {
  const here = { lat: 31.45, lon: 120.64, areaCode: 'xc-a' };
  const near = placeMatch(here, { lat: 31.451, lon: 120.64, areaCode: 'xc-b' }, 300);
  assert.equal(near.near, true);
  assert.ok(near.distanceM! > 100 && near.distanceM! < 120);
  const far = placeMatch(here, { lat: 31.47, lon: 120.64, areaCode: 'xc-a' }, 300);
  assert.equal(far.near, false, 'coordinates decide when both have them');
  const sameArea = placeMatch(here, { areaCode: 'xc-a' }, 300);
  assert.deepEqual(sameArea, { near: true, distanceM: null, sameArea: true, closeness: 0.5 });
  assert.equal(placeMatch({ areaCode: 'xc-a' }, { areaCode: 'xc-b' }, 300).near, false);
  assert.equal(placeMatch({ areaCodes: ['xc-a', 'xc-a-g1'] }, { areaCode: 'xc-a-g1' }, 300).near, true);
  assert.equal(placeMatch({}, { areaCode: 'xc-b' }, 300).near, true, 'no place at all: anywhere');
});

test('score: the same text far away or too old scores 0; nearer and newer scores higher', () => {
  const text = similarity(NOISE, RETOLD);
  const at = (d: number) =>
    placeMatch({ lat: 31.45, lon: 120.64 }, { lat: 31.45 + d / 111_195, lon: 120.64 }, 300);
  assert.equal(duplicateScore(text, at(2000), 1, 30), 0);
  assert.equal(duplicateScore(text, at(10), 31, 30), 0);
  assert.ok(duplicateScore(text, at(10), 1, 30) > duplicateScore(text, at(250), 1, 30));
  assert.ok(duplicateScore(text, at(10), 1, 30) > duplicateScore(text, at(10), 20, 30));
  assert.equal(duplicateScore(1, at(0), 0, 30), 1);
  assert.equal(duplicateScore(0, at(0), 0, 30), 0);
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .array(fc.constantFrom(...'油烟扰民小区楼下噪音停车物业请处理投诉3栋ＡB，。！ '), { maxLength: 60 })
    .map((cs) => cs.join('')),
);
const doc = fc.record({ title: text, body: text });

test('properties: symmetric, similarity(x, x) = 1, range [0, 1]', () => {
  fc.assert(
    fc.property(doc, doc, (a, b) => {
      const ab = similarity(a, b);
      assert.equal(ab, similarity(b, a));
      assert.ok(ab >= 0 && ab <= 1);
      assert.equal(similarity(a, a), 1);
      const est = estimateSimilarity(signature(a), signature(b));
      assert.ok(est >= 0 && est <= 1);
    }),
    { numRuns: 300 },
  );
});

test('property: the score stays in [0, 1] and never exceeds the text similarity', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: 60, noNaN: true }),
      (t, d, age) => {
        const place = placeMatch({ lat: 31, lon: 120 }, { lat: 31 + d / 111_195, lon: 120 }, 300);
        const s = duplicateScore(t, place, age, 30);
        assert.ok(s >= 0 && s <= t + 1e-12);
      },
    ),
  );
});
