/**
 * bench/activities: check-in at a 宣讲 session on PGlite, over real HTTP (the server in this process).
 *
 * 1. ATTENDEES (500) attendees check in to one session within SECONDS (60), open loop (each check-in sent when
 *    due, whatever the earlier ones did): half residents logged in by phone, half party members by name and
 *    branch, each with the code of the minute it is sent in. Figures: p50/p99 per check-in (target p99 < 100 ms),
 *    answers by status, attendees written, duplicate attendees (target 0); then every attendee tries again and
 *    each is refused already_checked_in.
 * 2. The same number at once (a burst: everyone scans when the organiser says so), into a session with
 *    CAPACITY places: p99, and no overflow (target: exactly CAPACITY written).
 * 3. An offline batch of BATCH (300) names synced twice under one Idempotency-Key: applied once (target: the
 *    second answers the first's result, and the attendees written are BATCH).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { activitiesDb } from '../src/activities/schema.js';
import { buildApp } from '../src/app.js';
import { sessionStore } from '../src/auth/sessions.js';
import { findOrCreateResident } from '../src/users/users.js';
import { openTestContext } from '../test/support/db.js';
import { fmt } from './lib.js';

const J = 'xiangcheng';
const ATTENDEES = Number(process.env.BENCH_ACTIVITIES_ATTENDEES ?? 500);
const SECONDS = Number(process.env.BENCH_ACTIVITIES_SECONDS ?? 60);
const CAPACITY = Number(process.env.BENCH_ACTIVITIES_CAPACITY ?? 400);
const BATCH = Number(process.env.BENCH_ACTIVITIES_BATCH ?? 300);
const MINUTE = 60_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
type Answer = { status: number; body: any; ms: number };

function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
      },
    );
    req.on('error', (e) => resolve({ status: 0, body: e.message, ms: performance.now() - started }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const byStatus = (answers: Answer[]) =>
  Object.entries(
    answers.reduce<Record<string, number>>((acc, a) => {
      const key =
        a.status === 0
          ? `no answer (${String(a.body)})`
          : a.status >= 400
            ? `${a.status} ${a.body?.error?.code ?? ''}`
            : String(a.status);
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {}),
  )
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');

async function main() {
  const t = await openTestContext('pglite', { BANSHI_PUBLIC_RATE_LIMIT: '100000000' });
  const { ctx } = t;
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  // the bench's keep-alive sockets wait between its parts: the server must not close them under a request
  app.server.keepAliveTimeout = 10 * MINUTE;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const api = `${base}/api/v1/activities`;
  try {
    const login = await call(
      `${base}/api/v1/auth/login`,
      'POST',
      {},
      {
        username: 'fieldworker',
        password: 'banshi-demo',
      },
    );
    const organiser = { authorization: `Bearer ${login.body.token}` };
    const session = async (capacity: number | null) => {
      const now = Date.now();
      const created = await call(`${api}/sessions`, 'POST', organiser, {
        title: '百姓茶馆宣讲（压测）',
        kind: 'lecture',
        format: 'teahouse',
        starts_at: new Date(now - 10 * MINUTE).toISOString(),
        ends_at: new Date(now + 90 * MINUTE).toISOString(),
        area_code: 'xc-wangting-guoyuan',
        venue: '果园社区百姓茶馆',
        capacity,
      });
      if (created.status !== 201)
        throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id as number;
    };
    /** The code of the current minute, as the organiser's page shows it (fetched again when it turns). */
    const codes = new Map<number, { minute: number; token: Promise<string> }>();
    const tokenFor = (sessionId: number) => {
      const minute = Math.floor(Date.now() / MINUTE);
      const held = codes.get(sessionId);
      if (held?.minute === minute) return held.token;
      const token = call(`${api}/sessions/${sessionId}/check-in-code`, 'GET', organiser).then((r) =>
        decodeURIComponent(new URL(r.body.content).searchParams.get('t')!),
      );
      codes.set(sessionId, { minute, token });
      return token;
    };

    // attendees: half residents with a session, half party members
    const sessions = sessionStore(ctx.db);
    const residents: string[] = [];
    for (let i = 0; i < ATTENDEES / 2; i++) {
      const id = await findOrCreateResident(ctx.db, ctx.vault, J, `1360000${String(i).padStart(4, '0')}`);
      residents.push((await sessions.create(J, id, new Date())).token);
    }
    const attendee = (i: number): { headers: Record<string, string>; body: Record<string, string> } =>
      i % 2 === 0 && residents[i / 2]
        ? { headers: { authorization: `Bearer ${residents[i / 2]}` }, body: { method: 'phone' } }
        : { headers: {}, body: { method: 'member', name: `党员${i}`, branch: `第${i % 7}党支部` } };
    const checkIn = async (sessionId: number, i: number) => {
      const a = attendee(i);
      return call(`${api}/sessions/${sessionId}/check-ins`, 'POST', a.headers, {
        ...a.body,
        token: await tokenFor(sessionId),
      });
    };
    const written = async (sessionId: number) => {
      const rows = await activitiesDb(ctx.db)
        .selectFrom('activity_attendees')
        .select(['phone_hash', 'name_key'])
        .where('session_id', '=', sessionId)
        .execute();
      const people = new Set(rows.map((r) => r.phone_hash ?? r.name_key));
      return { rows: rows.length, duplicates: rows.length - people.size };
    };

    // 1. open loop: ATTENDEES within SECONDS
    const spread = await session(null);
    await tokenFor(spread);
    const answers: Answer[] = [];
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < ATTENDEES; i++) {
      const due = start + (i * SECONDS * 1000) / ATTENDEES;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(checkIn(spread, i).then((a) => void answers.push(a)));
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    const spreadRows = await written(spread);
    const again = await Promise.all(Array.from({ length: ATTENDEES }, (_, i) => checkIn(spread, i)));
    const refusedAgain = again.filter((a) => a.body?.error?.code === 'already_checked_in').length;
    console.log(
      `${fmt(ATTENDEES)} attendees into one session over ${fmt(elapsed, 1)} s (open loop, half by phone, half party members):`,
    );
    console.log(
      `  per check-in p50 ${fmt(
        percentile(
          answers.map((a) => a.ms),
          50,
        ),
        1,
      )} ms, p99 ${fmt(
        percentile(
          answers.map((a) => a.ms),
          99,
        ),
        1,
      )} ms (target < 100 ms); answers ${byStatus(answers)}`,
    );
    console.log(
      `  attendees written ${fmt(spreadRows.rows)}, duplicate attendees ${spreadRows.duplicates} (target 0); checking in again: ${refusedAgain} of ${ATTENDEES} refused already_checked_in (${byStatus(again)})`,
    );

    // 2. a burst: everyone at once, into CAPACITY places
    const full = await session(CAPACITY);
    await tokenFor(full);
    const burstStart = performance.now();
    const burst = await Promise.all(Array.from({ length: ATTENDEES }, (_, i) => checkIn(full, i)));
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const fullRows = await written(full);
    console.log(
      `${fmt(ATTENDEES)} attendees at once into ${fmt(CAPACITY)} places: ${fmt(burstSeconds, 2)} s, p99 ${fmt(
        percentile(
          burst.map((a) => a.ms),
          99,
        ),
        1,
      )} ms; answers ${byStatus(burst)}`,
    );
    console.log(
      `  attendees written ${fmt(fullRows.rows)} (target ${fmt(CAPACITY)}: no overflow), duplicate attendees ${fullRows.duplicates} (target 0)`,
    );

    // 3. the offline batch, synced twice
    const offline = await session(null);
    const entries = Array.from({ length: BATCH }, (_, i) => ({
      client_id: `tablet-${String(i).padStart(4, '0')}`,
      name: `居民${i}`,
      ...(i % 3 === 0 ? { phone: `1370000${String(i).padStart(4, '0')}` } : { branch: `第${i % 5}党支部` }),
      at: new Date(Date.now() - MINUTE).toISOString(),
    }));
    const key = { ...organiser, 'idempotency-key': `bench-offline-${offline}` };
    const first = await call(`${api}/sessions/${offline}/check-ins/batch`, 'POST', key, { entries });
    const second = await call(`${api}/sessions/${offline}/check-ins/batch`, 'POST', key, { entries });
    const offlineRows = await written(offline);
    console.log(
      `an offline batch of ${fmt(BATCH)} names synced twice: first ${first.status} ${JSON.stringify({ ...first.body, refused: first.body.refused?.length })} in ${fmt(first.ms, 0)} ms, second ${second.status} (the first's answer replayed: ${isDeepStrictEqual(second.body, first.body)}) in ${fmt(second.ms, 0)} ms`,
    );
    console.log(
      `  attendees written ${fmt(offlineRows.rows)} (target ${fmt(BATCH)}: applied once), duplicate attendees ${offlineRows.duplicates}`,
    );
  } finally {
    agent.destroy();
    await app.close();
    await t.close();
  }
}

await main();
