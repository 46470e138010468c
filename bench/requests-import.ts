/**
 * bench/requests-import: `banshi requests import` throughput — JSON lines of past requests (texts from the demo
 * messages with a varied tail, reporters with phones, a spread of statuses with their events over twelve
 * months), read, checked, normalised, encrypted and written; then the same file again (everything skipped).
 * On PGlite and, with BENCH_DATABASE_URL (or TEST_DATABASE_URL) naming a PostgreSQL server, on a throwaway
 * database there. Targets: ≥ 3,000 rows/s on PGlite, ≥ 10,000 rows/s on PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemActor } from '../src/http/actor.js';
import { importHistory } from '../src/requests/commands/import-history.js';
import { openTestContext, type DbKind } from '../test/support/db.js';
import { fmt } from './lib.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const J = 'xiangcheng';
const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const messages = fs
  .readFileSync(path.join(ROOT, 'data/demo/messages.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { title: string; body: string });
const DEPARTMENTS = ['housing', 'urban-mgmt', 'transport', 'ecology', 'market', 'civil-affairs'];
const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'];
const iso = (ms: number) => new Date(ms).toISOString();

function file(): Buffer {
  const start = Date.parse('2025-01-01T00:00:00+08:00');
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const m = messages[i % messages.length]!;
    const created = start + Math.floor((i / ROWS) * 330 * 86_400_000) + (i % 7) * 3_600_000;
    const h = (n: number) => iso(created + n * 3_600_000);
    const story = [
      { type: 'dispatch', at: h(1), department_code: DEPARTMENTS[i % DEPARTMENTS.length] },
      { type: 'sign', at: h(2) },
      { type: 'contact', at: h(5), text: '已与来电人联系' },
      { type: 'reply', at: h(30), text: `已处理：${m.title}` },
      { type: 'follow-up', at: h(50), resolved: i % 5 !== 0, satisfaction: SATISFACTIONS[i % 3] },
      { type: 'close', at: h(51) },
    ];
    const kind = i % 10;
    const [status, events] =
      kind < 7
        ? ['closed', story]
        : kind === 7
          ? ['replied', story.slice(0, 4)]
          : kind === 8
            ? ['signed', story.slice(0, 2)]
            : ['registered', []];
    lines.push(
      JSON.stringify({
        source_ticket_no: `SRC-${i}`,
        title: m.title.slice(0, 200),
        body: `${m.body.slice(0, 2000)}（第${i}号）`,
        created_at: iso(created),
        status,
        reporter: { name: '张三', phone: `139${String(10_000_000 + (i % 9_000_000)).padStart(8, '0')}` },
        events,
      }),
    );
  }
  return Buffer.from(lines.join('\n'));
}

async function benchOn(kind: DbKind, data: Buffer) {
  const t = await openTestContext(kind);
  try {
    const actor = systemActor(J, '历史工单导入');
    let started = performance.now();
    const cpu = process.cpuUsage();
    const first = await importHistory(t.ctx, { actor, file: data });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuMsPerRow = (used.user + used.system) / 1000 / first.imported;
    if (first.rejected) throw new Error(`rejected: ${JSON.stringify(first.errors.slice(0, 3))}`);
    started = performance.now();
    const again = await importHistory(t.ctx, { actor, file: data });
    const rerun = (performance.now() - started) / 1000;
    const target = kind === 'pglite' ? 3_000 : 10_000;
    const rate = first.imported / seconds;
    console.log(
      `${kind === 'pglite' ? 'PGlite    ' : 'PostgreSQL'}: ${fmt(first.imported)} rows imported in ${fmt(seconds, 1)} s = ` +
        `${fmt(rate)} rows/s (target ≥ ${fmt(target)}: ${rate >= target ? 'met' : 'NOT met'}; this process's CPU ` +
        `${fmt(cpuMsPerRow, 3)} ms a row, ${fmt(1000 / cpuMsPerRow)} rows per CPU-second); re-run: ` +
        `${fmt(again.skipped)} skipped, ${fmt(again.imported)} imported, in ${fmt(rerun, 1)} s; peak RSS ` +
        `${fmt(process.memoryUsage().rss / 2 ** 20)} MB`,
    );
  } finally {
    await t.close();
  }
}

const data = file();
console.log(`bench/requests-import: ${fmt(ROWS)} JSON lines (${fmt(data.length / 2 ** 20, 1)} MB)`);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
await benchOn('pglite', data);
if (url) {
  process.env.TEST_DATABASE_URL = url;
  await benchOn('postgres', data);
} else console.log('(PostgreSQL: set BENCH_DATABASE_URL=postgres://…/postgres to run there too)');
