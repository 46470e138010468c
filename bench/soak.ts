/**
 * bench/soak: a long mixed load with bad input on a server process (SOAK_MINUTES, 30 by default; PGlite, or
 * PostgreSQL with SOAK_DB=postgres). Workers register requests (some with an Idempotency-Key sent twice),
 * dispatch and read them, read the public pages, Open311 and the metrics, and send bad input of every kind
 * (malformed and deeply nested JSON, wrong types, NUL, invalid UTF-8, out-of-range dates, unknown routes and
 * references, unauthenticated writes, stale versions). It prints the answers by class, every 5xx with its
 * route, the acknowledged registrations that are missing afterwards (there must be none), and the server's
 * resident set size over time, then after a minute's rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, fmt, login, runCli, startPostgres, startServerProcess, tempDir } from './lib.js';
import { CONTROL_HEADER, controlToken } from '../src/ops/control.js';
import { createVault } from '../src/privacy/crypto.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const SAMPLE_MS = Math.max(1000, Math.min(30_000, MINUTES * 1000));

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

type Answer = { status: number; route: string };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

function rssMb(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function main() {
  const pg = process.env.SOAK_DB === 'postgres' ? startPostgres() : null;
  const dataDir = tempDir('banshi-soak-');
  const env: Record<string, string> = {
    BANSHI_DATA_DIR: dataDir,
    BANSHI_SECRET_KEY: 'b'.repeat(64),
    BANSHI_PUBLIC_RATE_LIMIT: '1000000',
    BANSHI_SWEEP_INTERVAL_MS: '60000',
    ...(pg ? { DATABASE_URL: pg.urlFor('postgres') } : {}),
  };
  console.log(`loading the demo city (${pg ? 'PostgreSQL' : 'PGlite'}) …`);
  runCli(['demo'], env);
  const server = await startServerProcess(env);
  const base = server.url;
  const pid = server.proc.pid!;
  const [operator, dispatcher, supervisor] = [
    await login(base, 'operator'),
    await login(base, 'dispatcher'),
    await login(base, 'supervisor'),
  ];
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const counts = new Map<string, number>();
  const fivexx: Answer[] = [];
  const acknowledged = new Set<number>();
  const registered: number[] = [];
  let sent = 0;

  async function call(
    route: string,
    url: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> {
    sent++;
    let status = 0;
    let body: unknown = null;
    try {
      const res = await fetch(base + url, { ...init, signal: AbortSignal.timeout(60_000) });
      status = res.status;
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } catch (err) {
      status = -1;
      body = String(err);
    }
    const cls = status < 0 ? 'network' : `${Math.floor(status / 100)}xx`;
    counts.set(cls, (counts.get(cls) ?? 0) + 1);
    if (status >= 500 || status < 0)
      fivexx.push({ status, route: `${route} ${JSON.stringify(body).slice(0, 160)}` });
    return { status, body };
  }
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  const register = async () => {
    const m = pick(MESSAGES);
    const payload = {
      title: m.title.slice(0, 200),
      body: m.body.slice(0, 4000),
      area_code: pick(COMMUNITIES),
      reporter: { phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    };
    const key = Math.random() < 0.2 ? `soak-${Math.random()}` : null;
    const headers = { ...auth(operator), ...(key ? { 'idempotency-key': key } : {}) };
    const first = await call('register', '/api/v1/requests', json(payload, headers));
    const id = (first.body as { id?: number } | null)?.id;
    if (first.status === 201 && id) {
      acknowledged.add(id);
      registered.push(id);
    }
    if (key) await call('register replay', '/api/v1/requests', json(payload, headers));
  };

  const dispatch = async () => {
    const id = registered.shift();
    if (!id) return;
    const r = await call('read one', `/api/v1/requests/${id}`, { headers: auth(dispatcher) });
    const version = (r.body as { version?: number } | null)?.version;
    await call(
      'dispatch',
      `/api/v1/requests/${id}/actions/dispatch`,
      json({ department_code: 'urban-mgmt', expected_version: version }, auth(dispatcher)),
    );
    // The same again with the old version: a 409, never a 500.
    await call(
      'stale dispatch',
      `/api/v1/requests/${id}/actions/dispatch`,
      json({ department_code: 'urban-mgmt', expected_version: version }, auth(dispatcher)),
    );
  };

  const reads = [
    () => call('list', '/api/v1/requests?per_page=50', { headers: auth(dispatcher) }),
    () => call('public', '/api/v1/public/requests'),
    () => call('public metrics', '/api/v1/public/metrics'),
    () => call('dashboard', '/api/v1/metrics/dashboard', { headers: auth(supervisor) }),
    () => call('open311', '/open311/v2/requests.json'),
    () => call('open311 services', '/open311/v2/services.xml'),
    () => call('areas', '/api/v1/areas?geometry=true'),
  ];

  const BAD: (() => Promise<unknown>)[] = [
    () => call('malformed json', '/api/v1/requests', json('{"body": "x", ', auth(operator))),
    () => call('deep json', '/api/v1/auth/logout', json('['.repeat(50_000) + ']'.repeat(50_000))),
    () =>
      call(
        'wrong types',
        '/api/v1/requests',
        json({ body: 42, lat: 'north', urgent: 'yes' }, auth(operator)),
      ),
    () =>
      call(
        'nul',
        '/api/v1/requests',
        json({ body: 'a\u0000b', reporter: { phone: '13900000000' } }, auth(operator)),
      ),
    () =>
      call('invalid utf-8', '/api/v1/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(operator) },
        body: Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    () => call('huge text', '/api/v1/requests', json({ body: '长'.repeat(200_000) }, auth(operator))),
    () => call('bad date', '/api/v1/metrics?to=10000-01-01', { headers: auth(supervisor) }),
    () => call('bad date 2', '/api/v1/metrics?from=0000-00-00&to=0001-01-01', { headers: auth(supervisor) }),
    () => call('unknown route', `/api/v1/${Math.random().toString(36).slice(2)}`),
    () =>
      call(
        'unknown reference',
        '/api/v1/requests',
        json({ body: 'x', area_code: 'nowhere', reporter: { phone: '13900000000' } }, auth(operator)),
      ),
    () => call('no login', '/api/v1/requests', json({ body: 'x' })),
    () => call('bad token', '/api/v1/requests', { headers: { authorization: 'Bearer nope' } }),
    () => call('bad id', '/api/v1/requests/-1', { headers: auth(dispatcher) }),
    () => call('huge id', '/api/v1/requests/99999999999999999999999', { headers: auth(dispatcher) }),
    () => call('bad action', '/api/v1/requests/1/actions/explode', json({}, auth(dispatcher))),
    () =>
      call(
        'otp unknown jurisdiction',
        '/api/v1/auth/otp',
        json({ phone: '13900009999', jurisdiction_id: 'nope' }),
      ),
    () =>
      call('open311 bad key', '/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'api_key=nope&service_code=x',
      }),
    () => call('bad query', '/api/v1/requests?per_page=-5&status=%00', { headers: auth(dispatcher) }),
  ];

  const token = controlToken(createVault(Buffer.from(env.BANSHI_SECRET_KEY!, 'hex')));
  /** The server's own account of its memory (MB): JavaScript heap, and outside it (buffers, PGlite's WASM memory). */
  const memory = async () => {
    const m = (await fetch(`${base}/internal/memory`, { headers: { [CONTROL_HEADER]: token } }).then((r) =>
      r.json(),
    )) as NodeJS.MemoryUsage;
    return { heap: m.heapUsed / 2 ** 20, external: m.external / 2 ** 20 };
  };
  type Sample = { t: number; rss: number; heap: number; external: number };
  const sample = async (t: number): Promise<Sample> => ({ t, rss: rssMb(pid), ...(await memory()) });
  const deadline = Date.now() + MINUTES * 60_000;
  const started = Date.now();
  const curve: Sample[] = [await sample(0)];
  const sampler = setInterval(
    () => void sample((Date.now() - started) / 1000).then((s) => curve.push(s)),
    SAMPLE_MS,
  );
  console.log(`soak: ${MINUTES} min, ${WORKERS} workers, ${base}`);
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < deadline) {
        const r = Math.random();
        if (r < 0.35) await register();
        else if (r < 0.45) await dispatch();
        else if (r < 0.65) await pick(reads)();
        else await pick(BAD)();
      }
    }),
  );
  clearInterval(sampler);
  const loadEnd = await sample((Date.now() - started) / 1000);

  // Triage catches up; then every acknowledged registration must be there.
  for (let i = 0; i < 600; i++) {
    const h = await fetch(`${base}/healthz`).then((r) => r.json() as Promise<{ triage_pending: number }>);
    if (h.triage_pending === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  let lost = 0;
  for (const id of acknowledged) {
    const r = await fetch(`${base}/api/v1/requests/${id}`, { headers: auth(supervisor) });
    if (r.status !== 200) lost++;
  }
  await new Promise((r) => setTimeout(r, 60_000));
  const rested = await sample((Date.now() - started) / 1000);
  await server.stop();
  pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const seconds = (Date.now() - started) / 1000;
  console.log(
    `answers: ${fmt(sent)} in ${fmt(seconds)} s — ${[...counts].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`,
  );
  console.log(`5xx: ${fivexx.length}`);
  for (const f of fivexx.slice(0, 20)) console.log(`  ${f.status} ${f.route}`);
  console.log(`acknowledged registrations: ${fmt(acknowledged.size)}, missing afterwards: ${lost}`);
  const show = (s: Sample) =>
    `RSS ${fmt(s.rss)} (JS heap ${fmt(s.heap)}, outside the heap ${fmt(s.external)})`;
  console.log('RSS (MB) over time: ' + curve.map((s) => `${fmt(s.t)}s ${fmt(s.rss)}`).join(' · '));
  console.log(`start: ${show(curve[0]!)} MB`);
  console.log(`end of the load: ${show(loadEnd)} MB; after a minute's rest: ${show(rested)} MB`);
  if (fivexx.length > 0 || lost > 0) process.exitCode = 1;
}

await main();
