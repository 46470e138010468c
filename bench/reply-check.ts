// The automatic check of replies (回复审核, src/requests/review/reply-score.ts) on the 2,776 real message/reply
// pairs of TipDM task 3 (../shared/data/tipdm/replies.csv): throughput (target ≥ 1,000 replies/s), the
// score's distribution, how often each check fails, and the worst and best replies.
// Run: npm run bench -- reply-check
import { readFileSync } from 'node:fs';
import { CHECKS } from '../src/requests/review/checks.js';
import { scoreReply, type ReplyScore } from '../src/requests/review/reply-score.js';
import { readCsvObjects } from '../src/text/csv.js';

const TARGET = 1_000;
const rows = readCsvObjects(
  readFileSync(new URL('../../shared/data/tipdm/replies.csv', import.meta.url), 'utf8'),
).map((r) => ({ id: r.id ?? '', request: `${r.title ?? ''}。${r.body ?? ''}`, reply: r.reply ?? '' }));

// warm up jieba's dictionary and the JIT
for (const r of rows.slice(0, 200)) scoreReply(r);

const started = process.hrtime.bigint();
const scored: (ReplyScore & { id: string; reply: string; title: string })[] = [];
for (const r of rows)
  scored.push({ ...scoreReply(r), id: r.id, reply: r.reply, title: r.request.split('。')[0]! });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const perSecond = rows.length / seconds;
const chars = rows.reduce((n, r) => n + r.reply.length + r.request.length, 0);

console.log(`reply-check: ${rows.length} replies in ${(seconds * 1000).toFixed(0)} ms`);
console.log(
  `throughput: ${perSecond.toFixed(0)} replies/s (${(chars / seconds / 1e6).toFixed(2)} M chars/s, reply and message) ` +
    `${perSecond >= TARGET ? '≥' : '<'} target ${TARGET}/s`,
);

const scores = scored.map((s) => s.score).sort((a, b) => a - b);
const q = (p: number) => scores[Math.min(scores.length - 1, Math.floor(p * scores.length))]!;
const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
console.log(
  `score: mean ${mean.toFixed(1)}, p10 ${q(0.1)}, p25 ${q(0.25)}, median ${q(0.5)}, p75 ${q(0.75)}, p90 ${q(0.9)}`,
);
console.log('distribution:');
for (let lo = 0; lo <= 100; lo += 10) {
  const hi = lo === 100 ? 100 : lo + 9;
  const n = scores.filter((s) => s >= lo && s <= hi).length;
  const bar = '#'.repeat(Math.round((60 * n) / scores.length));
  console.log(`  ${String(lo).padStart(3)}–${String(hi).padEnd(3)} ${String(n).padStart(5)} ${bar}`);
}
console.log('checks failed:');
for (const c of CHECKS) {
  const n = scored.filter((s) => s.failed.includes(c)).length;
  console.log(`  ${c.padEnd(22)} ${String(n).padStart(5)} (${((100 * n) / scored.length).toFixed(1)} %)`);
}
const coverages = scored.map((s) => s.coverage).sort((a, b) => a - b);
console.log(
  `coverage of the message's content words by the reply: median ${coverages[Math.floor(coverages.length / 2)]}, ` +
    `p10 ${coverages[Math.floor(coverages.length / 10)]}`,
);

const oneLine = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return [...flat].length > n ? `${[...flat].slice(0, n).join('')}…` : flat;
};
const show = (label: string, list: typeof scored) => {
  console.log(label);
  for (const s of list)
    console.log(
      `  [${s.score}] #${s.id} ${s.failed.join(',') || '—'} · coverage ${s.coverage}\n` +
        `     留言: ${oneLine(s.title, 40)}\n     答复: ${oneLine(s.reply, 110)}`,
    );
};
const byScore = [...scored].sort((a, b) => a.score - b.score || a.coverage - b.coverage);
show('worst 8:', byScore.slice(0, 8));
show(
  'best 5 (highest score, then coverage):',
  [...scored].sort((a, b) => b.score - a.score || b.coverage - a.coverage).slice(0, 5),
);
if (perSecond < TARGET) process.exitCode = 1;
