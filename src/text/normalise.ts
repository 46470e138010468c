import OpenCC, { type DictLike } from 'opencc-js';

// ---------------------------------------------------------------------------
// Pinyin-annotation repair
// ---------------------------------------------------------------------------

// Every legal Mandarin syllable, toneless; ü is spelt out only where it contrasts with u (lü, nü).
const SYLLABLES = new Set(
  [
    'a ai an ang ao e ei en eng er o ou',
    'yi ya yan yang yao ye yin ying yo yong you yu yuan yue yun wu wa wai wan wang wei wen weng wo',
    'ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu',
    'pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu',
    'ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu',
    'fa fan fang fei fen feng fo fou fu',
    'da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo',
    'ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo',
    'na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nü nüe',
    'la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lü lüe',
    'ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo',
    'ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo',
    'ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo',
    'ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun',
    'qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun',
    'xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun',
    'zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo',
    'cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo',
    'sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo',
    'ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo',
    'za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo',
    'ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo',
    'sa sai san sang sao se sen seng si song sou su suan sui sun suo',
  ]
    .join(' ')
    .split(' '),
);
const LONGEST_SYLLABLE = 6; // zhuang

// Tone-marked vowels: the four tones of a, e, i, o, u and ü in turn.
const MARKED_VOWELS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
const TONE_MARK = new RegExp(`[${MARKED_VOWELS}]`, 'g');
const toneless = (vowel: string) => 'aeiouü'[Math.floor(MARKED_VOWELS.indexOf(vowel) / 4)] ?? vowel;

// Lower-case pinyin letters, tone marks, tone digits and syllable separators; anything else
// (capitals, other letters, CJK) means the content is not an annotation.
const PINYIN_CHARS = new RegExp(`^[a-zü${MARKED_VOWELS}1-5' ]+$`);
const MAX_SYLLABLES = 4;

/** Fewest legal syllables that spell `letters` exactly, or Infinity if none do. */
function countSyllables(letters: string): number {
  const fewest = [0];
  for (let end = 1; end <= letters.length; end++) {
    fewest[end] = Infinity;
    for (let start = Math.max(0, end - LONGEST_SYLLABLE); start < end; start++) {
      const before = fewest[start] ?? Infinity;
      if (before + 1 < (fewest[end] ?? Infinity) && SYLLABLES.has(letters.slice(start, end))) {
        fewest[end] = before + 1;
      }
    }
  }
  return fewest[letters.length] ?? Infinity;
}

type PinyinKind = 'tone-marked' | 'plain';

/**
 * Whether bracket content is pinyin: 1–4 syllables carrying a tone mark ("qū", "zhōngguó"),
 * or plain letters that cannot be an ordinary English word: one syllable of two or more letters
 * ("qu", "qu1") or syllables that each end in a tone digit ("zhong1guo2"). A lone "a" or "e",
 * capitals ("AI") and unsegmentable words ("hello") are not pinyin.
 */
function classifyPinyin(content: string): PinyinKind | null {
  if (!PINYIN_CHARS.test(content)) return null;
  let syllables = 0;
  let letterCount = 0;
  let toneDigits = 0;
  let toneMarked = false;
  // Split at separators and after each tone digit: "zhong1guo2" → ["zhong1", "guo2"].
  for (const word of content.trim().split(/[' ]+|(?<=[1-5])/)) {
    const [, letters = '', digit = ''] = /^([^1-5]+)([1-5]?)$/.exec(word) ?? [];
    if (letters === '') return null;
    const bare = letters.replace(TONE_MARK, toneless).replaceAll('v', 'ü');
    toneMarked ||= bare !== letters;
    if (digit) toneDigits++;
    letterCount += bare.length;
    syllables += countSyllables(bare);
  }
  if (syllables > MAX_SYLLABLES) return null;
  if (toneMarked) return 'tone-marked';
  return (syllables === 1 && letterCount >= 2) || toneDigits === syllables ? 'plain' : null;
}

// "(pinyin)" right after its character; the host is captured by the lookbehind. Full-width
// brackets are accepted so the function also works before width folding.
const ANNOTATION = /(?<=([^\s(（]))[(（]([^()（）]{1,40})[)）]/gu;
const HAN = /^\p{Script=Han}$/u;

// Scraped GBK pages sometimes had the annotation spliced between the two bytes of a character:
// <lead>(pinyin)<trail>. Re-decoding turned the lead byte and "(" into "?" and left the trail byte
// as an ASCII symbol (0x40–0x7E), or — when the trail byte was ≥ 0x80 — swallowed the next "(" too,
// giving a second "?pinyin)". E.g. "融入?yún)^(qū)域" was "融入區(qū)域". The character is lost, so
// the fragment becomes U+FFFD.
const SPLICED = /\?([^()?\s]{1,8})\)(\?[^()?\s]{1,8}\)|[\x40-\x7E])?/g;

const isToneMarked = (content: string) => classifyPinyin(content) === 'tone-marked';

/**
 * Removes pinyin annotations ("區(qū)委" → "區委") and the GBK debris they leave behind. A bracket
 * group is dropped only if its content is pinyin (see classifyPinyin) and it directly follows a
 * non-space character; plain (unmarked) pinyin also needs a CJK host, so "A(1)", "(AI)", "(a)",
 * "(苏)" and "(记者 王明)" survive.
 */
export function repairPinyinAnnotations(text: string): string {
  // Both corruptions end in a closing bracket.
  if (!text.includes(')') && !text.includes('）')) return text;
  let current = text.normalize('NFC'); // tone marks may arrive decomposed
  // Removing one group can put the next one right after a character ("中(zhōng)(guó)"), so repeat.
  for (;;) {
    const next = current
      .replace(SPLICED, (fragment, pinyin: string, trail: string | undefined) => {
        if (!isToneMarked(pinyin)) return fragment;
        if (trail?.startsWith('?') && !isToneMarked(trail.slice(1, -1))) return '\uFFFD' + trail;
        return '\uFFFD';
      })
      .replace(ANNOTATION, (group, host: string, content: string) => {
        const kind = classifyPinyin(content);
        const removable = kind === 'tone-marked' || (kind === 'plain' && HAN.test(host));
        return removable ? '' : group;
      })
      .normalize('NFC'); // a removal can bring a letter next to a combining mark
    if (next === current) return current;
    current = next;
  }
}

// ---------------------------------------------------------------------------
// Traditional → Simplified
// ---------------------------------------------------------------------------

// Generic Traditional (t2s) rather than Hong Kong (hk2s): hk2s first maps HK forms that are also
// Simplified (台, 吃, 户) to OpenCC Traditional and back, which would defeat the fast path below
// and is three times slower; the price is that HK-only variants such as 衞 stay as they are.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * One character of every dictionary entry that changes text. A match needs all of the entry's
 * characters, so a text containing none of these converts to itself and can skip the converter.
 * Entries are [Traditional, Simplified] pairs or "trad simp|trad simp" strings.
 */
function conversionWitnesses(): RegExp {
  const config = OpenCC.Locale.configs.t2s;
  if (!config) throw new Error('opencc-js has no t2s configuration');
  const dicts: readonly DictLike[] = config.conversionChain.flat();
  const entries = dicts.flatMap((dict) =>
    typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict,
  );
  const changedChars = new Set<string>();
  for (const [source = '', target = ''] of entries) {
    if (source !== target && [...source].length === 1) changedChars.add(source);
  }
  const witnesses = new Set<string>();
  for (const [source = '', target = ''] of entries) {
    if (source === target) continue;
    const chars = [...source];
    const targetChars = [...target];
    // Prefer a character that is Traditional on its own, then one the entry rewrites, so that
    // ordinary Simplified text rarely contains a witness (一目瞭然 → 瞭, not 一).
    const witness =
      chars.find((ch) => changedChars.has(ch)) ?? chars.find((ch, i) => ch !== targetChars[i]) ?? chars[0];
    if (witness) witnesses.add(witness);
  }
  return new RegExp(`[${[...witnesses].join('')}]`, 'u');
}
const MAY_CONVERT = conversionWitnesses();

// ---------------------------------------------------------------------------
// Width, invisible characters, whitespace
// ---------------------------------------------------------------------------

const LINE_BREAK = /\r\n?|[\u2028\u2029]/g;
// C0/C1 controls except \t and \n, soft hyphen, zero-width characters, bidi marks, BOM.
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
// Includes the ideographic space U+3000 and no-break spaces.
const HORIZONTAL_SPACE = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const TRAILING_SPACE = / +(?=\n|$)/g;
const BLANK_LINES = /\n{3,}/g;

function foldWhitespace(text: string): string {
  return text.replace(HORIZONTAL_SPACE, ' ').replace(TRAILING_SPACE, '').replace(BLANK_LINES, '\n\n').trim();
}

/**
 * Normalises citizen and scraped text: strips invisible characters, folds full-width ASCII and
 * whitespace, repairs pinyin-annotation corruption, and converts Traditional to Simplified.
 * The steps run in an order that makes the result stable: normalise(normalise(x)) === normalise(x).
 */
export function normalise(text: string): string {
  const cleaned = text
    .replace(LINE_BREAK, '\n')
    .replace(INVISIBLE, '')
    .replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  // NFC after the removals above, which can bring a letter next to its combining mark.
  const repaired = repairPinyinAnnotations(foldWhitespace(cleaned).normalize('NFC'));
  return MAY_CONVERT.test(repaired) ? toSimplified(repaired) : repaired;
}
