/**
 * bench/intake: requests created per second through the HTTP API (autocannon, durable commits), on PGlite
 * and on a PostgreSQL server, beside pgbench's single-row insert TPS on that same server in the same run.
 * Targets: ≥ 1,500/s on PGlite; ≥ 50 % of pgbench on the server; p99 < 50 ms at 500 req/s; RSS < 300 MB.
 *
 * The texts are the demo city's citizen messages, filed in its communities in turn. A create is answered once
 * committed; triage (classification, duplicate index and check, auto-dispatch) follows off the request path, so
 * the bench also prints how long the server took to triage the backlog after the load.
 *
 * The peak rate is autocannon's (closed loop, BENCH_CONNECTIONS connections). The p99 at 500 req/s comes from an
 * open-loop load (./open-loop.ts: one request every 2 ms, latency counted from when it was due), because
 * autocannon's rate limit sends each second's quota in a burst. Beside them, as the ceiling of this machine's
 * HTTP stack under the same load generator, a bare Fastify route that answers the same bodies without any work.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import Fastify from 'fastify';
import { ROOT, fmt, login, runCli, sampleRss, startPostgres, startServerProcess, tempDir } from './lib.js';
import { openLoop } from './open-loop.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PACED_RATE = 500;

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

const registration = (n: number) =>
  JSON.stringify({
    title: MESSAGES[n % MESSAGES.length]!.title.slice(0, 200),
    body: MESSAGES[n % MESSAGES.length]!.body.slice(0, 4000),
    type: '投诉',
    area_code: COMMUNITIES[n % COMMUNITIES.length],
    reporter: { name: '王女士', phone: `139${String(n).padStart(8, '0')}` },
  });

/** The peak rate: CONNECTIONS connections, each sending its next registration once answered. */
async function peak(url: string, token: string, duration: number): Promise<Run> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/v1/requests`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: registration(n++) }) }],
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

/** 500 registrations a second, evenly spaced, whatever the answers. */
async function paced(url: string, token: string, first: number) {
  return openLoop({
    url: `${url}/api/v1/requests`,
    rate: PACED_RATE,
    seconds: DURATION,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: (i) => registration(first + i),
  });
}

/** The same load on a route that parses the body and answers at once: what HTTP alone allows here. */
async function httpCeiling(): Promise<number> {
  const app = Fastify();
  app.post('/api/v1/requests', async (req, reply) => {
    reply.code(201);
    return { id: 1, ticket_no: '20260101000001', status: 'registered', ...(req.body as object) };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return (await peak(url, 'none', DURATION)).rps;
  } finally {
    await app.close();
  }
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
  await peak(server.url, token, 2); // warm-up
  await triageDrain(server.url);
  const stopRss = sampleRss(server.proc.pid!);
  const max = await peak(server.url, token, DURATION);
  const drain = await triageDrain(server.url);
  const steady = await paced(server.url, token, max.total + 10_000);
  await triageDrain(server.url);
  const rss = stopRss();
  await server.stop();
  console.log(
    `${label}: ${fmt(max.rps)} creates/s (p50 ${max.p50} ms, p99 ${max.p99} ms, errors ${max.errors}, non-2xx ${max.non2xx}); ` +
      `triage backlog drained ${fmt(drain, 1)} s after the load (triage ≈ ${fmt(max.total / (DURATION + drain))}/s); ` +
      `at ${PACED_RATE} req/s (open loop): p50 ${fmt(steady.p50, 1)} ms, p99 ${fmt(steady.p99, 1)} ms, ` +
      `max ${fmt(steady.max)} ms, failed ${steady.failed}; peak server RSS ${fmt(rss)} MB`,
  );
  return { max, paced: steady, rss };
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
  const ceiling = await httpCeiling();
  console.log(`bare Fastify echo of the same bodies (HTTP ceiling of this machine): ${fmt(ceiling)} req/s`);
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
    console.log(
      `creates/s vs the bare HTTP echo: PGlite ${fmt((lite.max.rps / ceiling) * 100, 1)} %, PostgreSQL ${fmt((server.max.rps / ceiling) * 100, 1)} %`,
    );
    for (const [name, r] of [
      ['PGlite', lite],
      ['PostgreSQL', server],
    ] as const) {
      console.log(
        `${name} p99 at ${PACED_RATE} req/s: ${fmt(r.paced.p99, 1)} ms (target < 50) ${r.paced.p99 < 50 ? 'OK' : 'ABOVE TARGET'}; peak RSS ${fmt(r.rss)} MB (target < 300) ${r.rss < 300 ? 'OK' : 'ABOVE TARGET'}`,
      );
    }
  } finally {
    pgServer.stop();
  }
}

await main();
