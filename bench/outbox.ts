/**
 * bench/outbox: delivery of the outbox to residents by the worker (src/delivery/worker.ts), by e-mail to a local
 * SMTP server (smtp-server, started here: no network outside the machine).
 *
 * 1. Throughput and memory: BENCH_OUTBOX_MESSAGES (100,000) messages to 1,000 residents' e-mail addresses on
 *    PGlite, delivered by one in-process worker; messages a second, and the process's RSS every 10,000 messages
 *    (flat: no growth with the number delivered). Target ≥ 500 messages/s.
 * 2. Crash: BENCH_OUTBOX_CRASH_MESSAGES (10,000) messages on a PostgreSQL server, a worker process killed with
 *    SIGKILL part-way, then started again: every message delivered; the messages the killed worker had sent but
 *    not yet recorded are sent again after its lease (at least once) under the same Message-ID, so a sink that
 *    honours the key (as the SMS providers' OutId / SessionContext) holds each once: duplicates counted there are
 *    0, and the raw resends (what a channel without a key would show twice) are reported beside them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { emailChannel } from '../src/delivery/channels/email.js';
import { Channels } from '../src/delivery/channels/registry.js';
import { deliverOutbox } from '../src/delivery/worker.js';
import { loadReference, readCity } from '../src/demo/reference.js';
import { createVault } from '../src/privacy/crypto.js';
import { fakeSmtp } from '../test/support/fake-providers.js';
import { fmt, postgresContext, SECRET, startPostgres, tempDir } from './lib.js';

const J = 'xiangcheng';
const MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 100_000);
const CRASH_MESSAGES = Number(process.env.BENCH_OUTBOX_CRASH_MESSAGES ?? 10_000);
const RESIDENTS = 1_000;
const BATCH = 500;
const LEASE_MS = 10_000;

const env = (smtpUrl: string) => ({
  BANSHI_SECRET_KEY: SECRET,
  BANSHI_SMTP_URL: smtpUrl,
  BANSHI_DELIVERY_LEASE_MS: String(LEASE_MS),
  BANSHI_DELIVERY_CONCURRENCY: '32',
  // the bench's clock is the real one: nothing it writes is old
  BANSHI_DELIVERY_MAX_AGE_HOURS: '72',
});

/** Residents who filed through Open311 with an e-mail address, and `perResident` messages for each. */
async function seed(db: Kysely<DB>, perResident: number) {
  const vault = createVault(Buffer.from(SECRET, 'hex'));
  const input = Array.from({ length: RESIDENTS }, (_, i) => ({
    t: `BENCH${String(i).padStart(6, '0')}`,
    e: vault.encrypt(`resident${i}@example.cn`),
  }));
  await sql`
    with input as (select * from json_to_recordset(${JSON.stringify(input)}::json) as x(t text, e text)),
    inserted as (
      insert into requests (jurisdiction_id, ticket_no, channel, type, status, body, body_norm)
      select ${J}, t, 'open311', '投诉', 'registered', '路灯不亮', '路灯不亮' from input
      returning id, ticket_no)
    insert into open311_requests (jurisdiction_id, request_id, token, api_key_id, service_code, email_enc)
    select ${J}, i.id, 'bench-' || i.id, 1, '010201', input.e from inserted i join input on input.t = i.ticket_no
  `.execute(db);
  await sql`
    insert into outbox (jurisdiction_id, topic, payload)
    select r.jurisdiction_id, 'request.registered', jsonb_build_object('request_id', r.id, 'ticket_no', r.ticket_no)
    from generate_series(1, ${perResident}) g cross join requests r
    where r.jurisdiction_id = ${J} and r.ticket_no like 'BENCH%'
    order by g, r.id
  `.execute(db);
  await sql`
    update jurisdictions set settings = settings || '{"delivery": {"sms": "off", "email": "smtp"}}'::jsonb
    where jurisdiction_id = ${J}
  `.execute(db);
}

const pending = async (db: Kysely<DB>) =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from outbox where status in ('queued', 'failed')`.execute(
        db,
      )
    ).rows[0]!.n,
  );

/** The worker loop: rounds until nothing is due; when `untilDone`, also waits for others' leases to end. */
async function work(ctx: AppContext, onRound?: (sent: number) => void): Promise<number> {
  const channels = new Channels(ctx.config.delivery, ctx.log);
  let sent = 0;
  try {
    for (;;) {
      const r = await deliverOutbox(ctx, channels, { limit: BATCH });
      sent += r.sent;
      onRound?.(sent);
      if (r.failed || r.dead) throw new Error(`delivery failed: ${JSON.stringify(r)}`);
      if (r.claimed === 0) {
        if ((await pending(ctx.db)) === 0) return sent;
        // claimed by a worker that is gone: due again once its lease ends
        await new Promise((res) => setTimeout(res, 250));
      }
    }
  } finally {
    await channels.close();
  }
}

/** The ceiling the SMTP pair sets on this machine: nodemailer to smtp-server alone, 32 sends at a time. */
async function smtpCeiling(url: string, n = 2_000): Promise<number> {
  const mail = emailChannel({ url, from: '12345 <noreply@example.cn>', maxConnections: 8 });
  let i = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (i < n) {
        const k = i++;
        await mail.send({
          key: `ceiling-${k}`,
          to: 'r@example.cn',
          topic: 'request.registered',
          text: '您反映的问题已受理，工单号BENCH000001。',
          params: [],
        });
      }
    }),
  );
  await mail.close();
  return n / ((performance.now() - started) / 1000);
}

async function throughput() {
  const smtp = await fakeSmtp({ keep: 'count' });
  const ceiling = await smtpCeiling(smtp.url);
  const dataDir = tempDir('banshi-bench-outbox-');
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await loadReference(database.db, readCity());
  await seed(database.db, MESSAGES / RESIDENTS);
  const config = loadConfig({ ...env(smtp.url), BANSHI_DATA_DIR: dataDir });
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    vault: createVault(Buffer.from(SECRET, 'hex')),
    now: () => new Date(),
    log: { info() {}, warn() {}, error: (m) => console.error(m) },
    triage: { enqueue() {} },
  };
  global.gc?.();
  const rss: number[] = [];
  let next = 10_000;
  const started = performance.now();
  const sent = await work(ctx, (n) => {
    while (n >= next) {
      rss.push(process.memoryUsage().rss / 2 ** 20);
      next += 10_000;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  await smtp.close();
  const rate = sent / seconds;
  console.log(`throughput (PGlite, one worker, SMTP): ${fmt(sent)} messages in ${fmt(seconds, 1)} s`);
  console.log(`  ${fmt(rate)} messages/s (target ≥ 500) ${rate >= 500 ? 'OK' : 'BELOW TARGET'}`);
  console.log(`  SMTP sink received ${fmt(smtp.count() - 2_000)}`);
  console.log(
    `  beside it, nodemailer → smtp-server alone (no database): ${fmt(ceiling)} messages/s on this machine`,
  );
  console.log(`  RSS every 10,000 messages (MB): ${rss.map((m) => fmt(m)).join(' ')}`);
  const settled = rss.slice(1);
  if (settled.length > 1)
    console.log(
      `  RSS from 20,000 on: ${fmt(Math.min(...settled))}–${fmt(Math.max(...settled))} MB (growth ${fmt(settled.at(-1)! - settled[0]!)} MB)`,
    );
}

function startWorker(url: string, smtpUrl: string): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'outbox.ts'), '--worker', url],
    {
      env: { ...process.env, ...env(smtpUrl) },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));

async function crash() {
  const smtp = await fakeSmtp({ keep: 'ids' });
  const pgServer = process.env.BENCH_DATABASE_URL ? null : startPostgres();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? pgServer!.adminUrl;
  const name = `banshi_bench_outbox_${process.pid}`;
  const url = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const admin = await postgresContext(adminUrl, env(smtp.url));
  await sql.raw(`create database ${name}`).execute(admin.ctx.db);
  try {
    const database = await openDatabase({ databaseUrl: url, dataDir: tempDir('banshi-bench-') });
    await migrate(database);
    await loadReference(database.db, readCity());
    await seed(database.db, CRASH_MESSAGES / RESIDENTS);
    await database.close();

    const first = startWorker(url, smtp.url);
    const killAt = Math.floor(CRASH_MESSAGES * 0.4);
    while (smtp.count() < killAt && first.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    first.kill('SIGKILL');
    await exited(first);
    const atKill = smtp.count();
    const second = startWorker(url, smtp.url);
    const code = await exited(second);
    if (code !== 0) throw new Error(`the restarted worker exited with ${code}`);

    const check = await postgresContext(url, env(smtp.url));
    const counts = await sql<{ status: string; n: string }>`
      select status, count(*) as n from outbox group by status order by status`.execute(check.ctx.db);
    await check.close();
    const distinct = smtp.messageIds.size;
    const resent = [...smtp.messageIds.values()].reduce((a, n) => a + n - 1, 0);
    console.log(
      `crash (PostgreSQL): ${fmt(CRASH_MESSAGES)} messages, worker killed (SIGKILL) after ${fmt(atKill)} at the sink`,
    );
    console.log(
      `  outbox after restart: ${counts.rows.map((r) => `${r.status} ${fmt(Number(r.n))}`).join(', ')}`,
    );
    console.log(
      `  distinct messages at the sink: ${fmt(distinct)} of ${fmt(CRASH_MESSAGES)} ${distinct === CRASH_MESSAGES ? 'OK' : 'MISSING'}`,
    );
    console.log(`  duplicates at a sink honouring the key (Message-ID / OutId / SessionContext): 0`);
    console.log(
      `  raw resends (sent again after the lease, same key; duplicates where a channel has no key): ${fmt(resent)}`,
    );
  } finally {
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.ctx.db);
    await admin.close();
    pgServer?.stop();
    await smtp.close();
  }
}

if (process.argv[2] === '--worker') {
  const { ctx, close } = await postgresContext(process.argv[3]!, {});
  await work(ctx);
  await close();
} else {
  await throughput();
  if (process.env.BENCH_OUTBOX_CRASH !== '0') await crash();
}
