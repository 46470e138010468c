/**
 * bench/topics: clusters all of messages_likes.csv into topics (src/text/topics.ts) and prints the 15 largest with
 * their keywords and three sample titles, a coherence figure (share of members whose title contains one of the
 * topic's keywords), whether heavily liked messages land in large topics, and the runtime.
 *
 * The data anonymised place names as "A市", "A3区", "A7县", which jieba glues to the next word ("区丽发"); the bench
 * puts spaces around them first. Nothing else is tuned to the data.
 */
import { clusterTopics, loadStopwords, topicTerms, type TermDoc } from '../src/text/topics.js';
import { readLikedMessages } from './data/messages-likes.js';
import { fmt } from './lib.js';

const separateCodes = (s: string) => s.replace(/([A-Z]\d*[市区县])/g, ' $1 ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const msgs = readLikedMessages();
const stop = loadStopwords();
let t = performance.now();
const docs: TermDoc[] = msgs.map((m) => {
  const doc = {
    id: m.id,
    title: separateCodes(m.title),
    body: separateCodes(m.body),
    area_code: null,
    created_at: m.time,
    likes: m.likes,
  };
  return { ...doc, terms: topicTerms(doc, stop) };
});
const segmentMs = performance.now() - t;
const from = new Date(Math.min(...msgs.map((m) => m.time.getTime())));
const to = new Date(Math.max(...msgs.map((m) => m.time.getTime())) + 1);
t = performance.now();
// Every cluster (minCount 1), to know the topic size of every message.
const all = clusterTopics(docs, { from, to, minCount: 1, maxTopics: Number.MAX_SAFE_INTEGER });
const clusterMs = performance.now() - t;

const byId = new Map(msgs.map((m) => [m.id, m]));
const sizeOf = new Map<number, number>();
all.forEach((topic) => topic.member_ids.forEach((id) => sizeOf.set(id, topic.count)));
const topics = all.filter((x) => x.count >= 3);
console.log(
  `${fmt(msgs.length)} messages → ${fmt(topics.length)} topics of ≥ 3 messages holding ${fmt(topics.reduce((s, x) => s + x.count, 0))} ` +
    `messages; ${fmt(msgs.length - sizeOf.size)} messages joined no cluster, ${fmt(all.filter((x) => x.count < 3).length)} clusters of 1–2`,
);
console.log(
  `runtime: segmentation ${fmt(segmentMs)} ms (${fmt(msgs.length / (segmentMs / 1000))} messages/s), clustering ${fmt(clusterMs)} ms`,
);

console.log('\nthe 15 largest topics (size, likes, keywords; three messages nearest the centre):');
for (const [i, topic] of topics.slice(0, 15).entries()) {
  console.log(
    `${String(i + 1).padStart(2)}. ${String(topic.count).padStart(3)} msgs ${String(topic.likes).padStart(5)} likes  ${topic.keywords.join(' ')}`,
  );
  for (const id of topic.sample_ids) console.log(`      · ${byId.get(id)!.title}`);
}

const inTitle = (ids: number[], keywords: string[]) =>
  ids.filter((id) => keywords.some((k) => separateCodes(byId.get(id)!.title).toLowerCase().includes(k)))
    .length / ids.length;
const top15 = topics.slice(0, 15);
console.log(
  `\ncoherence: in the 15 largest topics, ${(100 * median(top15.map((x) => inTitle(x.member_ids, x.keywords)))).toFixed(0)} % ` +
    `of a topic's members (median over topics) have one of its keywords in their title; ` +
    `${(100 * median(topics.map((x) => inTitle(x.member_ids, x.keywords)))).toFixed(0)} % over all ${topics.length} topics`,
);

// Heavily liked messages: the top 1 % by likes.
const ranked = [...msgs].sort((a, b) => b.likes - a.likes || a.id - b.id);
const top = ranked.slice(0, Math.ceil(msgs.length / 100));
const size = (id: number) => sizeOf.get(id) ?? 1;
const largest20 = new Set(topics.slice(0, 20).flatMap((x) => x.member_ids));
const share = (ids: number[]) => (100 * ids.filter((id) => largest20.has(id)).length) / ids.length;
console.log(
  `\nlikes: the top 1 % (${top.length} messages, ≥ ${top.at(-1)!.likes} likes) sit in topics of median size ${median(top.map((m) => size(m.id)))} ` +
    `(mean ${(top.reduce((s, m) => s + size(m.id), 0) / top.length).toFixed(1)}); all messages: median ${median(msgs.map((m) => size(m.id)))} ` +
    `(mean ${(msgs.reduce((s, m) => s + size(m.id), 0) / msgs.length).toFixed(1)})`,
);
console.log(
  `the 20 largest topics hold ${share(top.map((m) => m.id)).toFixed(0)} % of the top-1 % liked messages and ` +
    `${share(msgs.map((m) => m.id)).toFixed(0)} % of all messages`,
);
const liked = msgs.filter((m) => m.likes > 0);
console.log(
  `messages with any like (${fmt(liked.length)}): median topic size ${median(liked.map((m) => size(m.id)))}; ` +
    `without (${fmt(msgs.length - liked.length)}): ${median(msgs.filter((m) => m.likes === 0).map((m) => size(m.id)))}`,
);
console.log('the ten most liked messages and the size of their topic:');
for (const m of ranked.slice(0, 10))
  console.log(
    `  ${String(m.likes).padStart(5)} likes  topic of ${String(size(m.id)).padStart(3)}  ${m.title}`,
  );
