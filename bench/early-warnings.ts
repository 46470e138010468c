/**
 * bench/early-warnings: how good and how fast 未诉先办's warnings are.
 * 1. A backtest on a synthetic year: 400 keys (a category in a street) with Poisson background rates from 0.02 to
 *    1.5 requests a day, and 60 planted surges (the rate ramps up ×4–×8 over 10–25 days, then falls back). The
 *    rules run every day on what was known that day; the figures are the product's own (precision: warnings
 *    followed by more requests; median lead time to the key's peak) and, since the truth is known here, the
 *    share of warnings that fell on a planted surge (true precision), the share of surges warned (recall) and the
 *    days from the warning to the surge's peak.
 * 2. The daily run on PostgreSQL over BENCH_WARNING_ROWS requests (default 1,000,000) spread over the 70 days the
 *    rules read, in every street and level-3 category of the demo city.
 */
import pg from 'pg';
import { raiseWarnings } from '../src/focus/commands/raise-warnings.js';
import { judgeWarning, warningQuality } from '../src/focus/evaluation.js';
import { countsOf, DEFAULT_RULES, detect, keyOf, type KeySeries } from '../src/focus/warnings.js';
import { seededRandom } from '../src/text/seeded-random.js';
import { fmt, postgresContext, runCli, startPostgres, tempDir } from './lib.js';

const DAYS = 365;
const KEYS = 400;
const SURGES = 60;
const random = seededRandom(2026);

function poisson(lambda: number): number {
  let k = 0;
  for (let p = Math.exp(-lambda), s = p, u = random(); u > s; k++) {
    p *= lambda / (k + 1);
    s += p;
  }
  return k;
}

// 1. the synthetic year
const rates = Array.from({ length: KEYS }, () =>
  Array<number>(DAYS).fill(0.02 * Math.exp(random() * Math.log(75))),
);
const surges = Array.from({ length: SURGES }, () => {
  const key = Math.floor(random() * KEYS);
  const start = 70 + Math.floor(random() * (DAYS - 110));
  const length = 10 + Math.floor(random() * 16);
  const factor = 4 + random() * 4;
  const base = rates[key]![start]!;
  for (let d = 0; d < length; d++) rates[key]![start + d] = base * (1 + ((factor - 1) * (d + 1)) / length);
  return { key, start, peak: start + length - 1 };
});
const daily = rates.map((r) => r.map(poisson));

const t0 = performance.now();
const warnings: { key: number; day: number; expected: number }[] = [];
const last = new Map<string, number>();
for (let day = 70; day < DAYS; day++) {
  const series: KeySeries[] = daily.map((d, k) => ({
    kind: 'rising',
    category: String(k),
    area: 's',
    daily: d.slice(0, day + 1),
  }));
  const since = new Map([...last].map(([key, at]) => [key, day - at]));
  for (const s of detect(
    series.map((x) => countsOf(x)),
    since,
  )) {
    warnings.push({ key: Number(s.category), day, expected: s.expected });
    last.set(keyOf(s), day);
  }
}
const detectMs = performance.now() - t0;
const judged = warnings.map((w) => judgeWarning(daily[w.key]!, w.day, w.expected / DEFAULT_RULES.window));
const q = warningQuality(judged);
const onSurge = warnings.map((w) =>
  surges.find((s) => s.key === w.key && w.day >= s.start - 3 && w.day <= s.peak),
);
const caught = surges.filter((s) =>
  warnings.some((w) => w.key === s.key && w.day >= s.start - 3 && w.day <= s.peak),
);
const leads = onSurge
  .map((s, i) => (s ? s.peak - warnings[i]!.day : null))
  .filter((x): x is number => x !== null)
  .sort((a, b) => a - b);
console.log(
  `backtest: ${KEYS} keys × ${DAYS} days, ${SURGES} planted surges; rules run daily in ${fmt(detectMs, 0)} ms (${fmt(detectMs / (DAYS - 70), 1)} ms a day)`,
);
console.log(
  `  ${q.raised} warnings; as the product reports it: precision ${fmt(100 * (q.precision ?? 0), 1)} % (followed by more requests), median lead to the key's peak ${q.medianLeadDays} days`,
);
console.log(
  `  against the planted truth: ${fmt((100 * onSurge.filter(Boolean).length) / warnings.length, 1)} % of warnings on a surge, ${fmt((100 * caught.length) / SURGES, 1)} % of surges warned (recall), median ${leads[leads.length >> 1] ?? '—'} days before the surge's peak`,
);

// 2. the daily run over a big city's requests
const N = Number(process.env.BENCH_WARNING_ROWS ?? 1_000_000);
const server = startPostgres();
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('create database banshi_warnings');
  await admin.end();
  const url = server.urlFor('banshi_warnings');
  const env = {
    DATABASE_URL: url,
    BANSHI_DATA_DIR: tempDir('banshi-bench-key-'),
    BANSHI_SECRET_KEY: 'b'.repeat(64),
  };
  runCli(['demo'], env);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const g0 = performance.now();
  await c.query(
    `with cat as (select array_agg(code order by code) as codes from categories where level = 3),
      a as (select array_agg(code order by code) as codes from areas where level in ('community', 'street')),
      g as (select i, now() - (random() * interval '70 days') as created from generate_series(1, ${N}) i)
     insert into requests (jurisdiction_id, ticket_no, channel, type, status, body, body_norm, category_code,
       area_code, created_at, updated_at)
     select 'xiangcheng', 'W' || i, 'hotline', '投诉', 'dispatched', '测试', '测试',
       cat.codes[1 + (i::bigint * 7919 % array_length(cat.codes, 1))::int], a.codes[1 + (i % array_length(a.codes, 1))],
       created, created
     from g, cat, a`,
  );
  await c.query('analyze');
  await c.end();
  console.log(`generated ${fmt(N)} requests over 70 days in ${fmt((performance.now() - g0) / 1000, 1)} s`);
  const { ctx, close } = await postgresContext(url, env);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const raised = await raiseWarnings(ctx, 'xiangcheng');
    runs.push(performance.now() - s);
    if (i === 0) console.log(`  first run raised ${raised} warnings`);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `the daily run over ${fmt(N)} requests: median ${fmt(runs[1]!, 0)} ms (once a day in the sweep)`,
  );
  await close();
} finally {
  server.stop();
}
