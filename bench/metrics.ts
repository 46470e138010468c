/**
 * bench/metrics: 三率 by department over 1,000,000 requests on a PostgreSQL server (target p95 < 100 ms).
 * The requests are bulk-generated in SQL with realistic timings, spread over 90 days and every department; 40 %
 * of them are still open (replied or in progress), which a real centre would find a bad quarter, so that the
 * figure does not depend on most requests being closed.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { countsBy } from '../src/metrics/query.js';
import { fmt, runCli, startPostgres, tempDir } from './lib.js';

const N = Number(process.env.BENCH_METRICS_ROWS ?? 1_000_000);
const RUNS = 40;

const server = startPostgres();
try {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('create database banshi_metrics');
  await admin.end();
  const url = server.urlFor('banshi_metrics');
  runCli(['demo'], {
    DATABASE_URL: url,
    BANSHI_DATA_DIR: tempDir('banshi-bench-key-'),
    BANSHI_SECRET_KEY: 'b'.repeat(64),
  });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  await c.query(`
    with d as (select array_agg(code order by code) as codes from departments),
    g as (
      select i, now() - (random() * interval '90 days') as created, random() as r1, random() as r2, random() as r3
      from generate_series(1, ${N}) i
    )
    insert into requests (jurisdiction_id, ticket_no, channel, type, status, body, body_norm, department_code,
      dispatched_at, sign_by, contact_by, reply_by, signed_at, contacted_at, replied_at, followed_up_at,
      followup_resolved, followup_satisfaction, created_at, updated_at)
    select 'xiangcheng', 'B' || i, 'hotline', '投诉',
      case when r1 < 0.6 then 'closed' when r1 < 0.8 then 'replied' else 'in_progress' end,
      '测试', '测试', d.codes[1 + (i % array_length(d.codes, 1))],
      created + interval '1 hour', created + interval '1 day', created + interval '1 day', created + interval '7 days',
      created + (r2 * interval '30 hours'), created + (r3 * interval '30 hours'),
      case when r1 < 0.8 then created + (r2 * interval '9 days') end,
      case when r1 < 0.6 then created + interval '10 days' end,
      case when r1 < 0.6 then r3 < 0.9 end,
      case when r1 < 0.6 then (array['satisfied','basically_satisfied','unsatisfied'])[1 + floor(r3 * 2.99)::int] end,
      created, created
    from g, d`);
  await c.query('analyze requests');
  const open = await c.query(
    `select count(*) filter (where status <> 'closed')::float / count(*) as share from requests`,
  );
  console.log(
    `generated ${fmt(N)} requests in ${fmt((performance.now() - t0) / 1000, 1)} s (the roll-up kept by its triggers), ${fmt(open.rows[0].share * 100)} % open`,
  );
  await c.end();

  const database = await openDatabase({ databaseUrl: url, dataDir: tempDir('banshi-bench-') });
  const now = new Date();
  const from = new Date(now.getTime() - 91 * 86_400_000);
  const times: number[] = [];
  let groups = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const s = performance.now();
    const rows = await countsBy(database.db, {
      jurisdictionId: 'xiangcheng',
      from,
      to: now,
      now,
      groupBy: 'department',
    });
    if (i >= 3) times.push(performance.now() - s);
    groups = rows.length;
  }
  await database.close();
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `metrics by department over ${fmt(N)} requests (${groups} departments, ${RUNS} runs): p50 ${fmt(p(0.5), 1)} ms, p95 ${fmt(p(0.95), 1)} ms (target p95 < 100 ms) ${p(0.95) < 100 ? 'OK' : 'ABOVE TARGET'}`,
  );
} finally {
  server.stop();
}
