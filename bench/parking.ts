/**
 * 锡慧停 at the source report's scale: 7,395 sites and 1,214,760 spaces imported (the CLI's command, every row
 * checked), 110,000 spaces with live data, two weeks of their half-hour history and a stored forecast each. The
 * server (this process's main thread, real HTTP) then takes, from worker threads:
 *   - observations pushed with an integration key in batches of BATCH, as fast as they are answered
 *     (target ≥ 5,000/s sustained while reads are served);
 *   - the nearby query (1 km, each site's live figure and next-hour forecast) at READ_RATE/s, open loop
 *     (target p99 < 20 ms);
 *   - bookings by residents at BOOK_RATE/s, open loop (target p99 < 50 ms);
 * each first alone for ALONE_SECONDS, then all three at once for SECONDS; then bursts of 200 residents at once
 * for the last 5 spaces of a window, and the database is searched for any instant where a window holds more live
 * bookings than its spaces (target 0 overbookings).
 *
 * On PGlite, and on PostgreSQL too when a server URL is given (`npm run bench -- parking` with
 * BENCH_DATABASE_URL=postgres://…/postgres): a fresh database of its own is made there and dropped after.
 *
 * For scale: 110,000 spaces each reported every 30 s would be 3,667 observations/s if every space were its own
 * sensor; gate systems report a site's count, which at this city's mean of 164 spaces a site is ~22/s.
 */
import http from 'node:http';
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { createApiKey } from '../src/auth/api-keys.js';
import { sessionStore } from '../src/auth/sessions.js';
import { refreshForecasts } from '../src/parking/commands/forecasts.js';
import { importSites } from '../src/parking/commands/import-sites.js';
import { createWindow } from '../src/parking/commands/windows.js';
import { WindowBody } from '../src/parking/schemas.js';
import { areaLocator } from '../src/routing/areas.js';
import { findOrCreateResident } from '../src/users/users.js';
import { actorFor } from '../test/support/actors.js';
import { openTestContext, type DbKind, type TestContext } from '../test/support/db.js';
import { fmt } from './lib.js';

const J = 'xiangcheng';
const SITES = 7_395;
const SPACES = 1_214_760;
const LIVE_SPACES = 110_000;
const HISTORY_DAYS = 14;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ALONE_SECONDS = Number(process.env.BENCH_ALONE_SECONDS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const PUSHERS = Number(process.env.BENCH_PUSHERS ?? 4);
const READ_RATE = Number(process.env.BENCH_READ_RATE ?? 50);
const BOOK_RATE = Number(process.env.BENCH_BOOK_RATE ?? 20);
const WINDOWS = 200;
const RESIDENTS = 2_000;
const BURSTS = 5;
const BURST_SIZE = 200;

type Job =
  | {
      kind: 'push';
      url: string;
      key: string;
      codes: string[];
      seconds: number;
      pushers: number;
      batch: number;
    }
  | { kind: 'read'; url: string; rate: number; seconds: number; points: [number, number][] }
  | {
      kind: 'book';
      url: string;
      rate: number;
      seconds: number;
      tokens: string[];
      windows: number[];
      firstPlate: number;
    };
type Outcome = {
  sent: number;
  ok: number;
  failed: Record<string, number>;
  latencies: number[];
  items: number;
};

// ── the load, in worker threads ──────────────────────────────────────────────────────────────────────────────

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
    req.end(body);
  });
}

function outcome(): Outcome {
  return { sent: 0, ok: 0, failed: {}, latencies: [], items: 0 };
}
function count(o: Outcome, status: number, text: string) {
  if (status >= 200 && status < 300) o.ok++;
  else {
    const code = /"code":"([a-z_]+)"/.exec(text)?.[1] ?? String(status);
    o.failed[code] = (o.failed[code] ?? 0) + 1;
  }
}

/** Requests due at start + i / rate, each sent then whatever the earlier ones did; latency from when due. */
async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<{ status: number; text: string }>,
): Promise<Outcome> {
  const o = outcome();
  const start = performance.now() + 20;
  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    o.sent++;
    pending.push(
      send(i).then(({ status, text }) => {
        o.latencies.push(performance.now() - due);
        count(o, status, text);
      }),
    );
  }
  await Promise.all(pending);
  return o;
}

async function push(job: Extract<Job, { kind: 'push' }>): Promise<Outcome> {
  const o = outcome();
  const until = performance.now() + job.seconds * 1000;
  let next = 0;
  // Observation times step by a millisecond per batch, so that no two are the same (site, observed_at).
  let clock = Date.now() - 60_000 + Math.floor(Math.random() * 1000);
  const headers = { 'content-type': 'application/json', 'x-api-key': job.key };
  const pusher = async () => {
    while (performance.now() < until) {
      const at = new Date(Math.min(++clock, Date.now())).toISOString();
      const observations = Array.from({ length: job.batch }, () => {
        const site = job.codes[next++ % job.codes.length]!;
        return { site, observed_at: at, occupied: 0 };
      });
      const body = JSON.stringify({ observations });
      const t0 = performance.now();
      o.sent++;
      const { status, text } = await call(`${job.url}/api/v1/parking/observations`, 'POST', headers, body);
      o.latencies.push(performance.now() - t0);
      count(o, status, text);
      if (status === 200) o.items += job.batch;
    }
  };
  await Promise.all(Array.from({ length: job.pushers }, pusher));
  return o;
}

async function runJob(job: Job): Promise<Outcome> {
  if (job.kind === 'push') return push(job);
  if (job.kind === 'read')
    return openLoop(job.rate, job.seconds, (i) => {
      const [lat, lon] = job.points[i % job.points.length]!;
      return call(`${job.url}/api/v1/parking/nearby?lat=${lat}&lon=${lon}&radius=1000&limit=50`, 'GET', {});
    });
  const hour = 3_600_000;
  const base = Math.ceil(Date.now() / hour) * hour + hour;
  return openLoop(job.rate, job.seconds, (i) => {
    const starts = base + (i % 72) * hour;
    return call(
      `${job.url}/api/v1/parking/bookings`,
      'POST',
      { 'content-type': 'application/json', authorization: `Bearer ${job.tokens[i % job.tokens.length]}` },
      JSON.stringify({
        window_id: job.windows[(i * 7919) % job.windows.length],
        starts_at: new Date(starts).toISOString(),
        ends_at: new Date(starts + 2 * hour).toISOString(),
        plate: `苏E${String(job.firstPlate + i).padStart(5, '0')}`,
      }),
    );
  });
}

if (!isMainThread) {
  const result = await runJob(workerData as Job);
  agent.destroy();
  parentPort!.postMessage(result);
}

function inWorker(job: Job): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: it registers it, then loads this file.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const w = new Worker(boot, { eval: true, workerData: job });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

// ── the city, the server, the figures ────────────────────────────────────────────────────────────────────────

/** A seeded generator (mulberry32), so that every run builds the same city. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['public', 'on_street', 'unit', 'school', 'residential', 'commercial'] as const;
const KIND_NAMES = {
  public: '公共停车场',
  on_street: '路内泊位',
  unit: '机关企事业单位',
  school: '学校',
  residential: '居住小区',
  commercial: '商业综合体',
};

/** 7,395 sites inside the district, their capacities adding up to 1,214,760, as the import's CSV. */
async function cityCsv(t: TestContext) {
  const locate = await areaLocator(t.ctx.db, J);
  const next = random(14);
  const weights = Array.from({ length: SITES }, () => Math.exp(next() * 3));
  const sum = weights.reduce((a, b) => a + b, 0);
  const capacities = weights.map((w) => Math.max(8, Math.floor((w / sum) * SPACES)));
  let short = SPACES - capacities.reduce((a, b) => a + b, 0);
  for (let i = 0; short !== 0; i = (i + 1) % SITES) {
    const step = Math.sign(short);
    if (capacities[i]! + step >= 8) {
      capacities[i]! += step;
      short -= step;
    }
  }
  const rows = ['编码,名称,类型,地址,纬度,经度,总泊位,开放时间,是否共享,数据上报间隔'];
  const sites: { code: string; lat: number; lon: number; capacity: number }[] = [];
  for (let i = 0; i < SITES; i++) {
    let lat: number, lon: number;
    do {
      lat = 31.3 + next() * 0.25;
      lon = 120.45 + next() * 0.3;
    } while (!locate(lon, lat));
    const kind = KINDS[i % KINDS.length]!;
    const code = `XH-${String(i + 1).padStart(5, '0')}`;
    sites.push({ code, lat, lon, capacity: capacities[i]! });
    rows.push(
      `${code},${KIND_NAMES[kind]}${i + 1},${KIND_NAMES[kind]},相城区第${i + 1}号,${lat.toFixed(6)},${lon.toFixed(6)},` +
        `${capacities[i]},24/7,${i % 30 === 0 ? '是' : '否'},30`,
    );
  }
  return { csv: rows.join('\n'), sites };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const failures = (o: Outcome) =>
  Object.entries(o.failed)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

async function benchOn(kind: DbKind) {
  const t = await openTestContext(kind, {
    BANSHI_VALIDATE_RESPONSES: '0',
    BANSHI_PUBLIC_RATE_LIMIT: '100000000',
  });
  const { ctx } = t;
  try {
    console.log(`\n── ${kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} ──`);
    let started = performance.now();
    const { csv, sites } = await cityCsv(t);
    const admin = await actorFor(ctx, 'admin');
    const report = await importSites(ctx, {
      actor: admin,
      file: Buffer.from(csv),
      format: 'csv',
      dryRun: false,
    });
    if (report.errors.length) throw new Error(`import: ${JSON.stringify(report.errors.slice(0, 3))}`);
    console.log(
      `import: ${fmt(report.created)} sites, ${fmt(SPACES)} spaces checked and written in ` +
        `${fmt((performance.now() - started) / 1000, 1)} s`,
    );

    // Live sites (the largest first… no: every 11th, until their spaces reach 110,000) and their history.
    const live: typeof sites = [];
    let liveSpaces = 0;
    for (let i = 0; liveSpaces < LIVE_SPACES; i = (i + 11) % SITES) {
      if (live.includes(sites[i]!)) continue;
      live.push(sites[i]!);
      liveSpaces += sites[i]!.capacity;
    }
    started = performance.now();
    const now = Date.now();
    const halfHour = 1_800_000;
    const firstSlot = Math.floor(now / halfHour) * halfHour - HISTORY_DAYS * 48 * halfHour;
    await sql`
      insert into parking_occupancy_slots (jurisdiction_id, site_id, slot_start, rate_sum, n)
      select ${J}, s.id, to_timestamp(${firstSlot / 1000}::float8 + k * 1800),
        greatest(0.02, least(0.98, 0.45 + 0.35 * sin(((k % 48) - 14) * pi() / 24)
          * case when extract(isodow from to_timestamp(${firstSlot / 1000}::float8 + k * 1800)) > 5 then 0.6 else 1 end
          + 0.05 * sin(s.id + k))) * 60, 60
      from parking_sites s, generate_series(0, ${HISTORY_DAYS * 48 - 1}) k
      where s.jurisdiction_id = ${J} and s.code = any(${live.map((s) => s.code)}::text[])
    `.execute(ctx.db);
    await sql`
      insert into parking_live (jurisdiction_id, site_id, observed_at, free, capacity, received_at)
      select ${J}, id, now(), capacity / 2, capacity, now() from parking_sites
      where jurisdiction_id = ${J} and code = any(${live.map((s) => s.code)}::text[])
    `.execute(ctx.db);
    const forecasts = await refreshForecasts(ctx, J, live.length);
    console.log(
      `live: ${fmt(live.length)} sites with ${fmt(liveSpaces)} spaces, ${HISTORY_DAYS} days of half-hour history, ` +
        `${fmt(forecasts)} forecasts stored, in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );

    // Windows to book, residents with sessions.
    const windows: number[] = [];
    for (let i = 0; i < WINDOWS; i++) {
      const site = await ctx.db
        .selectFrom('parking_sites')
        .select('id')
        .where('code', '=', sites[i * 30]!.code)
        .executeTakeFirstOrThrow();
      windows.push(
        await createWindow(ctx, {
          actor: admin,
          siteId: site.id,
          input: WindowBody.parse({ audience: 'public', spaces: 5, hours: '24/7', valid_from: '2020-01-01' }),
        }),
      );
    }
    const sessions = sessionStore(ctx.db);
    const tokens: string[] = [];
    for (let i = 0; i < RESIDENTS; i++) {
      const id = await findOrCreateResident(ctx.db, ctx.vault, J, `1350000${String(i).padStart(4, '0')}`);
      tokens.push((await sessions.create(J, id, new Date())).token);
    }
    const key = (await createApiKey(ctx.db, J, '停车诱导平台')).key;

    const app = await buildApp(ctx);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const points = live.map((s) => [s.lat, s.lon] as [number, number]);
      const base = { url, seconds: SECONDS };
      // Each load alone first (what one kind of work costs), then all three at once.
      const alone = { url, seconds: ALONE_SECONDS };
      const soloReads = await inWorker({ ...alone, kind: 'read', rate: READ_RATE, points });
      const soloBooks = await inWorker({
        ...alone,
        kind: 'book',
        rate: BOOK_RATE,
        tokens: tokens.slice(0, RESIDENTS / 4),
        windows,
        firstPlate: 50_000,
      });
      const soloPush = await inWorker({
        ...alone,
        kind: 'push',
        key,
        codes: live.map((s) => s.code),
        pushers: PUSHERS,
        batch: BATCH,
      });
      console.log(
        `alone, ${ALONE_SECONDS} s each: ingest ${fmt(soloPush.items / ALONE_SECONDS)}/s (batch p99 ` +
          `${fmt(quantile(soloPush.latencies, 0.99), 1)} ms); nearby at ${READ_RATE}/s p50 ` +
          `${fmt(quantile(soloReads.latencies, 0.5), 1)} ms, p99 ${fmt(quantile(soloReads.latencies, 0.99), 1)} ms; ` +
          `bookings at ${BOOK_RATE}/s p50 ${fmt(quantile(soloBooks.latencies, 0.5), 1)} ms, p99 ` +
          `${fmt(quantile(soloBooks.latencies, 0.99), 1)} ms (${fmt(soloBooks.ok)} booked, refused: ${failures(soloBooks)})`,
      );
      const [pushed, reads, books] = await Promise.all([
        inWorker({
          ...base,
          kind: 'push',
          key,
          codes: live.map((s) => s.code),
          pushers: PUSHERS,
          batch: BATCH,
        }),
        inWorker({ ...base, kind: 'read', rate: READ_RATE, points }),
        inWorker({
          ...base,
          kind: 'book',
          rate: BOOK_RATE,
          tokens: tokens.slice(RESIDENTS / 4, RESIDENTS / 2),
          windows,
          firstPlate: 0,
        }),
      ]);
      const rate = pushed.items / SECONDS;
      console.log(
        `ingest: ${fmt(pushed.items)} observations in ${SECONDS} s = ${fmt(rate)}/s sustained ` +
          `(batches of ${BATCH}, ${PUSHERS} at once; batch p50 ${fmt(quantile(pushed.latencies, 0.5), 1)} ms, ` +
          `p99 ${fmt(quantile(pushed.latencies, 0.99), 1)} ms; failed: ${failures(pushed)}) — target ≥ 5,000/s: ` +
          `${rate >= 5000 ? 'met' : 'NOT met'}`,
      );
      const readP99 = quantile(reads.latencies, 0.99);
      console.log(
        `nearby (1 km, live figure + next-hour forecast) at ${READ_RATE}/s during the ingest: ${fmt(reads.sent)} ` +
          `queries, p50 ${fmt(quantile(reads.latencies, 0.5), 1)} ms, p99 ${fmt(readP99, 1)} ms, max ` +
          `${fmt(quantile(reads.latencies, 1), 1)} ms; failed: ${failures(reads)} — target p99 < 20 ms: ` +
          `${readP99 < 20 ? 'met' : 'NOT met'}`,
      );
      const bookP99 = quantile(books.latencies, 0.99);
      console.log(
        `bookings at ${BOOK_RATE}/s during the ingest: ${fmt(books.sent)} attempts, ${fmt(books.ok)} booked, ` +
          `refused: ${failures(books)}; p50 ${fmt(quantile(books.latencies, 0.5), 1)} ms, p99 ${fmt(bookP99, 1)} ms ` +
          `— target p99 < 50 ms: ${bookP99 < 50 ? 'met' : 'NOT met'}`,
      );

      // Bursts: BURST_SIZE residents at once for the last 5 spaces of a fresh window, at one time.
      const hour = 3_600_000;
      const at = Math.ceil(Date.now() / hour) * hour + 100 * hour;
      let won = 0;
      const burstLatencies: number[] = [];
      for (let b = 0; b < BURSTS; b++) {
        const window = windows[WINDOWS - 1 - b]!;
        const results = await Promise.all(
          Array.from({ length: BURST_SIZE }, async (_, i) => {
            const t0 = performance.now();
            const r = await call(
              `${url}/api/v1/parking/bookings`,
              'POST',
              {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens[RESIDENTS / 2 + ((b * BURST_SIZE + i) % (RESIDENTS / 2))]}`,
              },
              JSON.stringify({
                window_id: window,
                starts_at: new Date(at).toISOString(),
                ends_at: new Date(at + hour).toISOString(),
                plate: `苏F${String(b * BURST_SIZE + i).padStart(5, '0')}`,
              }),
            );
            burstLatencies.push(performance.now() - t0);
            return r.status;
          }),
        );
        won += results.filter((s) => s === 201).length;
      }
      const overbooked = await sql<{ n: number }>`
        select count(*)::int as n from parking_bookings b join parking_windows w
          on w.jurisdiction_id = b.jurisdiction_id and w.id = b.window_id
        where b.status in ('confirmed', 'checked_in') and (
          select count(*) from parking_bookings o
          where o.jurisdiction_id = b.jurisdiction_id and o.window_id = b.window_id
            and o.status in ('confirmed', 'checked_in') and o.starts_at <= b.starts_at and o.ends_at > b.starts_at
        ) > w.spaces
      `.execute(ctx.db);
      const over = overbooked.rows[0]!.n;
      console.log(
        `bursts: ${BURSTS} × ${BURST_SIZE} residents at once for the 5 spaces of a window: ${won} booked ` +
          `(expected ${BURSTS * 5}), p99 ${fmt(quantile(burstLatencies, 0.99), 1)} ms under a burst; ` +
          `instants over a window's spaces in the database: ${over} — target 0 overbookings: ` +
          `${over === 0 && won === BURSTS * 5 ? 'met' : 'NOT met'}`,
      );
      return { rate, readP99, bookP99, over };
    } finally {
      await app.close();
    }
  } finally {
    await t.close();
  }
}

if (isMainThread) {
  console.log(
    `bench/parking: ${fmt(SITES)} sites, ${fmt(SPACES)} spaces, ${fmt(LIVE_SPACES)} with live data; ` +
      `${SECONDS} s of load; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  await benchOn('pglite');
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    process.env.TEST_DATABASE_URL = url;
    await benchOn('postgres');
  } else console.log('\n(PostgreSQL: set BENCH_DATABASE_URL=postgres://…/postgres to run there too)');
}
