/**
 * bench/intake: requests created per second through the HTTP API (autocannon, durable commits), on PGlite
 * and on a PostgreSQL server, beside pgbench's single-row insert TPS on that same server in the same run.
 * Targets: ≥ 1,500/s on PGlite; ≥ 50 % of pgbench on the server; p99 < 50 ms at 500 req/s; RSS < 300 MB.
 *
 * The texts are the demo city's citizen messages, filed in its communities in turn. A create is answered once
 * committed, with its classification; triage (duplicate index, duplicate check, auto-dispatch) follows off the
 * request path, so the bench also prints how long the server took to triage the backlog after the load.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { ROOT, fmt, login, runCli, sampleRss, startPostgres, startServerProcess, tempDir } from './lib.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

type Run = { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

const MESSAGES = fs
  .readFileSync(path.join(ROOT, 'data/demo/messages.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { title: string; body: string });
const COMMUNITIES = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/city.json'), 'utf8')) as {
    areas: { code: string; level: string }[];
  }
).areas
  .filter((a) => a.level === 'community')
  .map((a) => a.code);

async function load(url: string, token: string, opts: { rate?: number; duration: number }): Promise<Run> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/v1/requests`,
    method: 'POST',
    connections: opts.rate ? 16 : CONNECTIONS,
    duration: opts.duration,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            title: MESSAGES[n % MESSAGES.length]!.title.slice(0, 200),
            body: MESSAGES[n % MESSAGES.length]!.body.slice(0, 4000),
            type: '投诉',
            area_code: COMMUNITIES[n++ % COMMUNITIES.length],
            reporter: { name: '王女士', phone: `139${String(n).padStart(8, '0')}` },
          }),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Seconds until the server's triage backlog is empty. */
async function triageDrain(url: string): Promise<number> {
  const start = performance.now();
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { triage_pending: number };
    if (health.triage_pending === 0) return (performance.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function benchServer(label: string, env: Record<string, string>) {
  const server = await startServerProcess(env);
  const token = await login(server.url, 'operator');
  await load(server.url, token, { duration: 2 }); // warm-up
  await triageDrain(server.url);
  const stopRss = sampleRss(server.proc.pid!);
  const max = await load(server.url, token, { duration: DURATION });
  const drain = await triageDrain(server.url);
  const paced = await load(server.url, token, { duration: DURATION, rate: 500 });
  await triageDrain(server.url);
  const rss = stopRss();
  await server.stop();
  console.log(
    `${label}: ${fmt(max.rps)} creates/s (p50 ${max.p50} ms, p99 ${max.p99} ms, errors ${max.errors}, non-2xx ${max.non2xx}); ` +
      `triage backlog drained ${fmt(drain, 1)} s after the load (triage ≈ ${fmt(max.total / (DURATION + drain))}/s); ` +
      `at 500 req/s: p99 ${paced.p99} ms (non-2xx ${paced.non2xx}); peak server RSS ${fmt(rss)} MB`,
  );
  return { max, paced, rss };
}

function pgbenchTps(url: string): number {
  const script = path.join(tempDir('banshi-pgbench-'), 'insert.sql');
  fs.writeFileSync(
    script,
    "insert into bench_insert (body, created_at) values ('小区门口树木影响出行', now());\n",
  );
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(DURATION), '-f', script, url],
    { encoding: 'utf8' },
  );
  return Number(out.match(/tps = ([\d.]+)/)![1]);
}

async function main() {
  console.log(`bench/intake: ${DURATION} s per run, ${CONNECTIONS} connections, durable commits`);
  const dataDir = tempDir('banshi-bench-intake-');
  runCli(['demo'], { BANSHI_DATA_DIR: dataDir, BANSHI_SECRET_KEY: 'b'.repeat(64) });
  const lite = await benchServer('PGlite', { BANSHI_DATA_DIR: dataDir });
  fs.rmSync(dataDir, { recursive: true, force: true });

  const pgServer = startPostgres();
  try {
    const admin = new pg.Client({ connectionString: pgServer.adminUrl });
    await admin.connect();
    await admin.query('create database banshi_bench');
    await admin.query('create database pgbench_ref');
    await admin.end();
    const ref = new pg.Client({ connectionString: pgServer.urlFor('pgbench_ref') });
    await ref.connect();
    await ref.query(
      'create table bench_insert (id bigserial primary key, body text, created_at timestamptz)',
    );
    await ref.end();
    const tps = pgbenchTps(pgServer.urlFor('pgbench_ref'));
    console.log(`pgbench single-row insert on the same server: ${fmt(tps)} tps`);
    const url = pgServer.urlFor('banshi_bench');
    runCli(['demo'], {
      DATABASE_URL: url,
      BANSHI_DATA_DIR: tempDir('banshi-bench-key-'),
      BANSHI_SECRET_KEY: 'b'.repeat(64),
    });
    const server = await benchServer('PostgreSQL', { DATABASE_URL: url });
    console.log('');
    console.log(
      `PGlite creates/s: ${fmt(lite.max.rps)} (target >= 1,500) ${lite.max.rps >= 1500 ? 'OK' : 'BELOW TARGET'}`,
    );
    const ratio = server.max.rps / tps;
    console.log(
      `server creates/s vs pgbench: ${fmt(server.max.rps)} / ${fmt(tps)} = ${fmt(ratio * 100, 1)} % (target >= 50 %) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
    );
    for (const [name, r] of [
      ['PGlite', lite],
      ['PostgreSQL', server],
    ] as const) {
      console.log(
        `${name} p99 at 500 req/s: ${r.paced.p99} ms (target < 50) ${r.paced.p99 < 50 ? 'OK' : 'ABOVE TARGET'}; peak RSS ${fmt(r.rss)} MB (target < 300) ${r.rss < 300 ? 'OK' : 'ABOVE TARGET'}`,
      );
    }
  } finally {
    pgServer.stop();
  }
}

await main();
