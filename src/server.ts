import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { hasJurisdiction, loadDemo } from './demo/load.js';
import { startDelivery } from './jobs/delivery.js';
import { startSweeps } from './jobs/scheduler.js';
import { startTriageWorker } from './jobs/triage.js';
import { registerHealth } from './health.js';
import type { Role } from './roles.js';
import { alertMissingYearsEverywhere } from './holidays/alerts.js';
import { triageQueue } from './triage/queue.js';
import { createVault, resolveSecretKey } from './privacy/crypto.js';
import { sharedClassifier } from './text/suggest.js';

export const consoleLog: AppContext['log'] = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** Opens the database, applies migrations and builds the context every command needs. */
export async function openContext(
  config: Config,
  log = consoleLog,
): Promise<{ ctx: AppContext; database: Database }> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    replicaUrl: config.replicaUrl,
    dataDir: config.dataDir,
  });
  try {
    const applied = await migrate(database);
    if (applied.length) log.info(`migrations applied: ${applied.join(', ')}`);
  } catch (err) {
    await database.close();
    throw err;
  }
  const vault = createVault(resolveSecretKey(config.secretKey, config.dataDir));
  const ctx: AppContext = {
    db: database.db,
    replica: database.replica,
    dbKind: database.kind,
    config,
    vault,
    now: () => new Date(),
    log,
    triage: triageQueue(database.db),
  };
  return { ctx, database };
}

export type RunningServer = {
  role: Role;
  ctx: AppContext;
  /** Where it answers HTTP: the whole application (web, all), or a worker's /healthz alone; null: nowhere. */
  url: string | null;
  close(): Promise<void>;
};

/** What a web process does with its registrations: nothing, the workers triage them from the database. */
const LEFT_TO_WORKERS: AppContext['triage'] = { enqueue: () => undefined };

/** Starts a process of the given role (./roles.ts; `all` by default). */
export async function startServer(
  config: Config,
  opts: { role?: Role; demoIfEmpty?: boolean; logger?: boolean } = {},
): Promise<RunningServer> {
  const role = opts.role ?? 'all';
  const opened = await openContext(config);
  const { database } = opened;
  const ctx: AppContext = role === 'web' ? { ...opened.ctx, triage: LEFT_TO_WORKERS } : opened.ctx;
  if (opts.demoIfEmpty) await loadDemoIfEmpty(ctx);
  if (role !== 'web')
    // The classifier and jieba's dictionary load on first use, which would hold the thread for most of a second
    // under the first registrations' triage: load them before taking requests.
    sharedClassifier().predict('', '小区门口道路积水', 1);
  const web = role === 'worker' ? null : await startWeb(ctx, database, role, opts.logger ?? false);
  const stopJobs = role === 'web' ? null : startJobs(ctx, role);
  const health =
    role === 'worker' && config.healthPort !== undefined ? await startHealth(ctx, config.healthPort) : null;
  return {
    role,
    ctx,
    url: web?.url ?? health?.url ?? null,
    close: async () => {
      await Promise.all([web?.close(), health?.close(), stopJobs?.()]);
      await triageQueue(ctx.db).idle();
      await database.close();
    },
  };
}

/** Loads the demo city into an empty database (`serve --demo-if-empty`). */
export async function loadDemoIfEmpty(ctx: AppContext): Promise<void> {
  if (await hasJurisdiction(ctx, ctx.config.defaultJurisdiction)) return;
  ctx.log.info('empty database: loading the demo city 相城区 …');
  const loaded = await loadDemo(ctx);
  ctx.log.info(`demo city loaded: ${loaded.users} users, ${loaded.requests} requests`);
}

/** The HTTP application on the configured port; closing it drains the requests under way. */
async function startWeb(ctx: AppContext, database: Database, role: Role, logger: boolean) {
  const { config } = ctx;
  // Loaded here, so that a worker never loads the routes of every feature.
  const [{ buildApp }, { controlRoutes }, { writeControlFile }] = await Promise.all([
    import('./app.js'),
    import('./ops/routes.js'),
    import('./ops/control.js'),
  ]);
  const app = await buildApp(ctx, { logger, role });
  controlRoutes(app, ctx, database);
  const url = await app.listen({ port: config.port, host: config.host });
  const removeControlFile =
    database.kind === 'pglite'
      ? writeControlFile(config.dataDir, controlUrl(app, config.host))
      : () => undefined;
  return {
    url,
    close: async () => {
      removeControlFile();
      await stopHttp(app);
    },
  };
}

/**
 * The background work: sweeps, the outbox's delivery and triage (a worker claims every untriaged request; `all`
 * triages its own registrations in-process and recovers the rest). Stopping lets the work under way finish.
 */
function startJobs(ctx: AppContext, role: 'worker' | 'all'): () => Promise<void> {
  const stopSweeps = startSweeps(ctx, { recoverTriage: role === 'all' });
  const stopDelivery = startDelivery(ctx);
  const stopTriage = role === 'worker' ? startTriageWorker(ctx) : null;
  // Registrations a previous run committed but did not triage (it was killed in between).
  if (role === 'all') void recoverTriage(ctx);
  // A year of the calendar nobody entered is told to the admins at once, not one sweep interval later.
  void alertMissingYearsEverywhere(ctx);
  return async () => {
    await Promise.all([stopSweeps(), stopDelivery(), stopTriage?.()]);
  };
}

/** A worker's /healthz alone, on its own port. */
async function startHealth(ctx: AppContext, port: number) {
  const app = Fastify({ logger: false });
  registerHealth(app, ctx, 'worker');
  const url = await app.listen({ port, host: ctx.config.host });
  return { url, close: () => app.close() };
}

/** Where a command on this machine reaches the server: loopback when it listens on every interface. */
function controlUrl(app: FastifyInstance, host: string): string {
  const { port } = app.server.address() as AddressInfo;
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', 'localhost', '::1'].includes(host);
  return `http://${wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function recoverTriage(ctx: AppContext): Promise<void> {
  const cap = ctx.config.sweepCap;
  try {
    for (;;) if ((await triageQueue(ctx.db).recover(ctx, { cap })) < cap) break;
  } catch (err) {
    ctx.log.error(`triage recovery failed: ${(err as Error).message}`);
  }
}

/**
 * Stops taking requests, lets the running ones finish (their transactions commit or roll back, and their
 * clients get an answer), then returns. Idle keep-alive sockets are closed at once rather than waiting for
 * their timeout; after 10 s every socket is closed.
 */
async function stopHttp(app: FastifyInstance): Promise<void> {
  const closing = app.close();
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  const force = setTimeout(() => app.server.closeAllConnections(), 10_000);
  try {
    await closing;
    await app.drain();
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}
