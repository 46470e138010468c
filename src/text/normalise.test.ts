import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import OpenCC from 'opencc-js';
import { readCsvObjects } from './csv.js';
import { normalise, repairPinyinAnnotations } from './normalise.js';

const SEEDS = new URL('../../../shared/data/seeds/', import.meta.url);
const seed = (name: string) => readFileSync(new URL(name, SEEDS), 'utf8');
const CORRUPTED = ['000_00e2e018f71a1877.txt', '001_29903c7782596b03.txt'];
const CLEAN = ['002_423366f23053f9fa.txt', '003_2fd3a15b659a71df.txt', '004_2260201178f84675.txt'];

// Independent of the implementation: any run of lower-case Latin letters (tone-marked or not) in
// brackets right after a CJK character, and any tone-marked vowel at all.
const ANNOTATION_AFTER_CJK = /\p{Script=Han}[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?[)）]/gu;
const TONE_MARKED_VOWEL = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/u;

const withoutWhitespace = (text: string) => text.replace(/\s+/g, '');

test('repairs the pinyin-annotated example and converts it to Simplified', () => {
  assert.equal(
    normalise('區(qū)委書(shū)記沈志棟來(lái)到望亭鎮(zhèn)果園社區(qū)'),
    '区委书记沈志栋来到望亭镇果园社区',
  );
});

test('the annotation detector finds the corruption in the raw seeds', () => {
  for (const name of CORRUPTED) {
    assert.ok((seed(name).match(ANNOTATION_AFTER_CJK) ?? []).length > 100, name);
  }
});

test('corrupted seeds normalise with no pinyin left', () => {
  for (const name of CORRUPTED) {
    const out = normalise(seed(name));
    assert.deepEqual(out.match(ANNOTATION_AFTER_CJK), null, name);
    assert.doesNotMatch(out, TONE_MARKED_VOWEL, name);
    assert.doesNotMatch(out, /[a-z]{2,}\)/, `${name}: orphan "pinyin)" fragment`);
  }
});

test('corrupted seeds keep their text and their genuine brackets', () => {
  const first = normalise(seed(CORRUPTED[0] ?? ''));
  assert.ok(first.startsWith('11月10日,区委书记沈志栋来到望亭镇果园社区,围绕学习宣传贯彻党的二十大精神'));
  assert.ok(first.endsWith('(相城区融媒体中心 张新培)'));
  const second = normalise(seed(CORRUPTED[1] ?? ''));
  assert.ok(second.startsWith('8月1日,中国共产党苏州市相城区第五届委员会第五次全体会议在区会议中心召开'));
  assert.ok(second.includes('区委书记沈志栋作了讲话'));
  assert.ok(second.endsWith('(李媛媛)'));
});

/** What normalise makes of its input, rule by rule. */
const NORMALISED: Record<string, [string, string][]> = {
  'a character lost to GBK byte splicing becomes U+FFFD, with its pinyin removed': [
    // <lead>(yún)<trail '^'>(qū): the lead byte and "(" decoded to "?".
    ['融入?yún)^(qū)域', '融入\uFFFD域'],
    // Trail byte ≥ 0x80: it swallowed the "(" of the real annotation as well.
    ['勇挑重?fù)?dān),抢抓', '勇挑重\uFFFD,抢抓'],
    ['联动?xùn)|西', '联动\uFFFD西'],
    // An ordinary question mark before a closing bracket is left alone.
    ['是吗?on)', '是吗?on)'],
  ],
  'converts Traditional to Simplified': [
    ['這個問題應該儘快處理', '这个问题应该尽快处理'],
    ['臺灣', '台湾'],
  ],
  'folds full-width ASCII and the ideographic space, keeps Chinese punctuation': [
    ['ＡＢＣ１２３！？（ｘ）', 'ABC123!?(x)'],
    ['张\u3000新培', '张 新培'],
    ['好，是。', '好,是。'],
    ['“你好”、《条例》', '“你好”、《条例》'],
  ],
  'folds whitespace': [
    ['路灯  \t 不亮', '路灯 不亮'],
    ['路灯\u00a0\u00a0不亮', '路灯 不亮'],
    ['一\r\n二\r三\n四', '一\n二\n三\n四'],
    ['一\n\n\n\n二', '一\n\n二'],
    ['一 \n \n\t\n二', '一\n\n二'],
    ['一   \n二  ', '一\n二'],
    ['  \n 一\n二\n\n ', '一\n二'],
    ['记者 张新培', '记者 张新培'],
  ],
};

for (const [rule, cases] of Object.entries(NORMALISED))
  test(rule, () => {
    for (const [input, expected] of cases) assert.equal(normalise(input), expected, input);
  });

test('clean seeds change only by whitespace, width and script conversion', () => {
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  for (const name of CLEAN) {
    const raw = seed(name);
    assert.equal(repairPinyinAnnotations(raw), raw, name);
    const expected = toSimplified(
      raw.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)),
    );
    assert.equal(withoutWhitespace(normalise(raw)), withoutWhitespace(expected), name);
  }
});

test('legitimate brackets survive', () => {
  for (const text of [
    '(相城区融媒体中心 张新培)',
    '(苏)字第00306号',
    'A(1)班',
    '（记者 王明）',
    '(2022)',
    '人工智能(AI)应用',
    '选项(a)和(e)',
    '中国(China)',
    '北京(beijing)',
    'f(x)',
    'IQ(qu)',
    'Copyright(C) 1998-2024',
    '党委(党组)',
    '你好 (nǐ)',
  ]) {
    assert.equal(repairPinyinAnnotations(text), text, text);
  }
  assert.equal(normalise('（记者 王明）'), '(记者 王明)');
});

const PINYIN_VARIANTS: [string, string][] = [
  ['区（qū）委', '区委'],
  ['中(zhōng)(guó)人', '中人'],
  ['中国(zhōngguó)人', '中国人'],
  ['中国(zhōng guó)人', '中国人'],
  ['中(zhong1)国(guo2)', '中国'],
  ['中国(zhong1guo2)', '中国'],
  // Plain pinyin needs a CJK host, which the second group only gets once the first is gone.
  ['中(zhong1)(guo2)人', '中人'],
  ['区(qu)委', '区委'],
  ['绿(lv4)色', '绿色'],
  ['区(qu\u0304)委', '区委'],
];

test('removes the pinyin variants: full-width, multi-syllable, tone digits, decomposed marks', () => {
  for (const [input, expected] of PINYIN_VARIANTS)
    assert.equal(repairPinyinAnnotations(input), expected, input);
});

test('no TipDM message leaves normalise with anything left to convert', () => {
  // Guards the fast path that skips the converter: its result must already be Simplified.
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const csv = readFileSync(new URL('../../../shared/data/tipdm/train.csv', import.meta.url), 'utf8');
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
  for (const { title = '', body = '' } of readCsvObjects(csv)) {
    for (const text of [title, body, toTraditional(title)]) {
      const out = normalise(text);
      assert.equal(toSimplified(out), out, text);
    }
  }
});

test('removes invisible characters', () => {
  const invisible =
    '\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e' +
    '\u2066\u2067\u2068\u2069\u0000\u0007\u001b\u007f\u0085';
  for (const ch of invisible) {
    assert.equal(normalise(`路灯${ch}不亮`), '路灯不亮', `U+${ch.codePointAt(0)?.toString(16)}`);
  }
  assert.equal(normalise('\ufeff路灯'), '路灯');
});

test('empty and blank input', () => {
  assert.equal(normalise(''), '');
  assert.equal(normalise(' \t\u3000\r\n\u200b'), '');
  assert.equal(repairPinyinAnnotations(''), '');
});

test('idempotent on the seeds', () => {
  for (const name of [...CORRUPTED, ...CLEAN]) {
    const once = normalise(seed(name));
    assert.equal(normalise(once), once, name);
  }
});

// Pieces that exercise every rule, so random concatenations hit their interactions.
const PIECES = [
  ...'區区中臺灣沈覆𠀀Aae1()（）?^|ａ！，\uFFFD \t\u3000\u00a0\n\r\u200b\u00ad\ufeff\u0301',
  ...['qū', 'yún', 'guó', 'zhong', 'qu', 'u\u0304', '李媛媛'],
];

test('property: normalise is idempotent and its output is clean', () => {
  const idempotentAndClean = (text: string) => {
    const once = normalise(text);
    assert.equal(normalise(once), once);
    assert.doesNotMatch(once, /[\r\u200b-\u200f\u00ad\ufeff\uff01-\uff5e\u3000]| {2}|\n{3}| \n/);
    assert.equal(once, once.trim());
  };
  fc.assert(fc.property(fc.string(), idempotentAndClean), { numRuns: 500 });
  fc.assert(fc.property(fc.string({ unit: 'binary' }), idempotentAndClean), { numRuns: 500 });
  const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));
  fc.assert(fc.property(pieces, idempotentAndClean), { numRuns: 3000 });
});
