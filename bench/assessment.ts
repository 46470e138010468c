/**
 * bench/assessment: scoring a month of 1,000,000 requests for every department and street on a PostgreSQL server
 * (target < 2 s), the assessment page's data from the frozen month (target p95 < 200 ms), and the 通报 PDF of the
 * demo city (target < 5 s). The requests are bulk-generated in SQL inside last month, with returns and reopens.
 */
import pg from 'pg';
import { bulletinDocument } from '../src/assessment/bulletin.js';
import { addMonths, boundsOf, monthOf } from '../src/assessment/month.js';
import { monthScores } from '../src/assessment/scores.js';
import { localDate } from '../src/requests/deadlines.js';
import { fmt, postgresContext, runCli, startPostgres, tempDir } from './lib.js';

const N = Number(process.env.BENCH_ASSESSMENT_ROWS ?? 1_000_000);
const RUNS = 40;
const TZ = 'Asia/Shanghai';

const server = startPostgres();
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('create database banshi_assessment');
  await admin.end();
  const url = server.urlFor('banshi_assessment');
  const env = {
    DATABASE_URL: url,
    BANSHI_DATA_DIR: tempDir('banshi-bench-key-'),
    BANSHI_SECRET_KEY: 'b'.repeat(64),
  };
  runCli(['demo'], env);
  const month = addMonths(monthOf(localDate(new Date(), TZ)), -1);
  const { from } = boundsOf(month, TZ);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  await c.query(
    `with d as (select array_agg(code order by code) as codes from departments),
      a as (select array_agg(code order by code) as codes from areas where level = 'community'),
      g as (
        select i, $1::timestamptz + (random() * interval '27 days') as created, random() as r1, random() as r2,
          random() as r3
        from generate_series(1, ${N}) i
      )
      insert into requests (jurisdiction_id, ticket_no, channel, type, status, body, body_norm, department_code,
        area_code, dispatched_at, sign_by, contact_by, reply_by, signed_at, contacted_at, replied_at, followed_up_at,
        followup_resolved, followup_satisfaction, created_at, updated_at)
      select 'xiangcheng', 'A' || i, 'hotline', '投诉',
        case when r1 < 0.7 then 'closed' when r1 < 0.85 then 'replied' else 'in_progress' end,
        '测试', '测试', d.codes[1 + (i % array_length(d.codes, 1))], a.codes[1 + (i % array_length(a.codes, 1))],
        created + interval '1 hour', created + interval '1 day', created + interval '1 day', created + interval '7 days',
        created + (r2 * interval '30 hours'), created + (r3 * interval '30 hours'),
        case when r1 < 0.85 then created + (r2 * interval '9 days') end,
        case when r1 < 0.7 then created + interval '10 days' end,
        case when r1 < 0.7 then r3 < 0.9 end,
        case when r1 < 0.7 then (array['satisfied','basically_satisfied','unsatisfied'])[1 + floor(r3 * 2.99)::int] end,
        created, created
      from g, d, a`,
    [from],
  );
  // returns (5 %) and reopens (3 %) within the month
  await c.query(
    `insert into request_events (jurisdiction_id, request_id, seq, type, actor_role, actor_label, to_status, at)
     select jurisdiction_id, id, 1000, case when id % 100 < 5 then 'return' else 'reopen' end, 'handler', '承办人',
       'returned', created_at + interval '2 hours'
     from requests where id % 100 < 8 and ticket_no like 'A%'`,
  );
  await c.query('analyze');
  console.log(`generated ${fmt(N)} requests of ${month} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  await c.end();

  const { ctx, close } = await postgresContext(url, env);
  // scoring: the preview path computes from the database every time and stores nothing
  const scoring: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const scored = await monthScores(
      ctx,
      'xiangcheng',
      month,
      (await monthScores(ctx, 'xiangcheng', addMonths(month, 1))).scheme.scheme,
    );
    scoring.push(performance.now() - s);
    if (i === 0) console.log(`  ${scored.units.length} units scored`);
  }
  scoring.sort((a, b) => a - b);
  console.log(
    `scoring ${month} over ${fmt(N)} requests: median ${fmt(scoring[2]!, 0)} ms (target < 2,000 ms) ${scoring[2]! < 2000 ? 'OK' : 'ABOVE TARGET'}`,
  );
  // freeze (the month is closed once today is 5 days into the next), then read as the page does
  const frozenCtx = {
    ...ctx,
    now: () => new Date(boundsOf(addMonths(month, 1), TZ).from.getTime() + 6 * 86_400_000),
  };
  await monthScores(frozenCtx, 'xiangcheng', month);
  const reads: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const s = performance.now();
    await monthScores(frozenCtx, 'xiangcheng', month);
    if (i >= 3) reads.push(performance.now() - s);
  }
  reads.sort((a, b) => a - b);
  const p95 = reads[Math.floor(0.95 * reads.length)]!;
  console.log(
    `the page's data from the frozen month (${RUNS} reads): p50 ${fmt(reads[Math.floor(reads.length / 2)]!, 1)} ms, p95 ${fmt(p95, 1)} ms (target < 200 ms) ${p95 < 200 ? 'OK' : 'ABOVE TARGET'}`,
  );
  const s = performance.now();
  const pdf = await bulletinDocument(frozenCtx, 'xiangcheng', month, 'pdf');
  const pdfMs = performance.now() - s;
  console.log(
    `the 通报 PDF (${fmt(pdf.length / 1024, 0)} KiB): ${fmt(pdfMs, 0)} ms (target < 5,000 ms) ${pdfMs < 5000 ? 'OK' : 'ABOVE TARGET'}`,
  );
  await close();
} finally {
  server.stop();
}
