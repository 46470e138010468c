import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentWords, findTopics, loadStopwords, trendOf, type TopicDoc } from './topics.js';

const FROM = new Date('2024-06-01T00:00:00+08:00');
const TO = new Date('2024-07-01T00:00:00+08:00');
const at = (day: number) => new Date(FROM.getTime() + day * 86_400_000);

let nextId = 1;
const doc = (title: string, body: string, day: number, area: string | null = null): TopicDoc => ({
  id: nextId++,
  title,
  body,
  area_code: area,
  created_at: at(day),
});

/** The corpus's titles and bodies: this month's topics, last month's, and requests on their own. */
const TEXTS = {
  mixer: [
    ['丽发新城旁搅拌站噪音扰民', '丽发新城小区旁边新建的搅拌站日夜施工，噪音和粉尘严重影响居民休息。'],
    ['投诉丽发新城附近搅拌站', '搅拌站离丽发新城小区不到一百米，粉尘很大，噪音吵得孩子无法睡觉。'],
    ['丽发新城搅拌站粉尘污染', '丽发新城业主反映搅拌站粉尘污染严重，运渣车噪音大，请求搬迁搅拌站。'],
    ['搅拌站噪音影响丽发新城居民', '丽发新城附近的搅拌站每天凌晨还在作业，噪音和粉尘让居民无法正常生活。'],
    ['丽发新城小区搅拌站扰民', '请求取缔丽发新城小区旁的搅拌站，粉尘噪音污染太严重。'],
  ],
  fund: [
    ['咨询公积金贷款额度', '请问缴存公积金满两年，购买首套住房的公积金贷款额度是多少？'],
    ['公积金贷款买二手房', '用公积金贷款买二手房需要什么材料，贷款额度怎么计算？'],
    ['公积金贷款审批太慢', '公积金贷款申请提交两个月了还没有审批，贷款什么时候能放款？'],
    ['异地缴存公积金能否贷款', '在外地缴存的公积金能不能在本地申请公积金贷款购房？'],
  ],
  metro: [
    ['地铁3号线何时开通', '地铁3号线什么时候开通运营？沿线居民出行很不方便。'],
    ['询问地铁3号线开通时间', '请问地铁3号线开通时间定了吗，站点出入口什么时候开放？'],
    ['地铁3号线开通运营进度', '地铁3号线建设进度如何，年底能否开通运营？'],
  ],
  mixerBefore: [
    ['丽发新城搅拌站开始施工', '丽发新城旁边在建搅拌站，施工噪音很大，担心以后粉尘污染。'],
    ['反对在丽发新城旁建搅拌站', '搅拌站建在丽发新城居民区旁边，噪音粉尘问题谁来管？'],
  ],
  fundBefore: [
    ['公积金贷款需要什么条件', '第一次买房想用公积金贷款，需要满足什么条件？'],
    ['公积金贷款利率多少', '现在公积金贷款利率是多少，首套房贷款额度有多少？'],
    ['公积金贷款能贷多少年', '公积金贷款最长能贷多少年，额度和缴存基数有关吗？'],
    ['公积金提取还贷款', '能不能提取公积金偿还商业贷款，公积金贷款转商业贷款怎么办？'],
  ],
  singles: [
    ['路灯不亮', '小区门口路灯坏了一个月没人修。'],
    ['狗吠扰民', '邻居家的狗每天晚上叫个不停。'],
    ['井盖缺失', '人民路口的井盖丢了，很危险。'],
  ],
};

function corpus(): TopicDoc[] {
  nextId = 1;
  return [
    ...TEXTS.mixer.map(([t, b], i) => doc(t!, b!, 2 + i * 3, i < 3 ? 'xc-a' : 'xc-b')),
    ...TEXTS.fund.map(([t, b], i) => doc(t!, b!, 1 + i * 5, 'xc-c')),
    ...TEXTS.metro.map(([t, b], i) => doc(t!, b!, 10 + i)),
    ...TEXTS.singles.map(([t, b], i) => doc(t!, b!, 20 + i)),
    // The previous month: two mixer complaints, four fund questions.
    ...TEXTS.mixerBefore.map(([t, b], i) => doc(t!, b!, -20 + i)),
    ...TEXTS.fundBefore.map(([t, b], i) => doc(t!, b!, -25 + i)),
    // Outside both periods: ignored.
    doc(TEXTS.metro[0]![0]!, TEXTS.metro[0]![1]!, 45),
  ];
}

test('stopwords are loaded and filtered, with one-character words and codes', () => {
  const stop = loadStopwords();
  assert.ok(stop.has('您好') && stop.has('我们') && stop.size > 200);
  const words = contentWords('尊敬的领导您好：A3区丽发新城的搅拌站噪音扰民，请尽快处理！');
  assert.ok(words.includes('搅拌站'));
  for (const w of words) assert.ok(w.length >= 2 && !stop.has(w) && !/\d/.test(w), w);
});

test('finds the three topics with sizes, keywords, areas and trends', () => {
  const topics = findTopics(corpus(), { from: FROM, to: TO });
  assert.equal(topics.length, 3);
  const [mixer, fund, metro] = topics;
  assert.equal(mixer!.count, 5);
  assert.ok(mixer!.keywords.includes('搅拌站'), mixer!.keywords.join(' '));
  assert.deepEqual(mixer!.areas, [
    { code: 'xc-a', count: 3 },
    { code: 'xc-b', count: 2 },
  ]);
  assert.deepEqual(mixer!.trend, { previous: 2, change: 3, ratio: 2.5, direction: 'up' });
  assert.equal(fund!.count, 4);
  assert.ok(fund!.keywords.includes('公积金'), fund!.keywords.join(' '));
  assert.equal(fund!.trend.direction, 'flat');
  assert.equal(metro!.count, 3);
  assert.equal(metro!.trend.direction, 'new');
  assert.equal(metro!.trend.ratio, null);
  for (const t of topics) {
    assert.equal(t.member_ids.length, t.count);
    assert.equal(t.sample_ids.length, 3);
    assert.ok(t.sample_ids.every((id) => t.member_ids.includes(id)));
    assert.ok(t.keywords.length >= 3 && t.keywords.length <= 5);
  }
});

test('deterministic, whatever the input order', () => {
  const docs = corpus();
  const a = findTopics(docs, { from: FROM, to: TO });
  const b = findTopics([...docs].reverse(), { from: FROM, to: TO });
  assert.deepEqual(a, b);
});

test('minCount, maxTopics and an empty period', () => {
  assert.equal(findTopics(corpus(), { from: FROM, to: TO, minCount: 5 }).length, 1);
  assert.equal(findTopics(corpus(), { from: FROM, to: TO, maxTopics: 2 }).length, 2);
  assert.deepEqual(findTopics([], { from: FROM, to: TO }), []);
});

test('trend directions', () => {
  assert.equal(trendOf(5, 0).direction, 'new');
  assert.equal(trendOf(13, 10).direction, 'up');
  assert.equal(trendOf(7, 10).direction, 'down');
  assert.equal(trendOf(10, 11).direction, 'flat');
});
