import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { writeControlFile } from './ops/control.js';
import { controlRoutes } from './ops/routes.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { hasJurisdiction, loadDemo } from './demo/load.js';
import { startDelivery } from './jobs/delivery.js';
import { startSweeps } from './jobs/scheduler.js';
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

export type RunningServer = { app: FastifyInstance; ctx: AppContext; url: string; close(): Promise<void> };

export async function startServer(
  config: Config,
  opts: { demoIfEmpty?: boolean; logger?: boolean } = {},
): Promise<RunningServer> {
  const { ctx, database } = await openContext(config);
  if (opts.demoIfEmpty && !(await hasJurisdiction(ctx, config.defaultJurisdiction))) {
    ctx.log.info('empty database: loading the demo city 相城区 …');
    const loaded = await loadDemo(ctx);
    ctx.log.info(`demo city loaded: ${loaded.users} users, ${loaded.requests} requests`);
  }
  const app = await buildApp(ctx, { logger: opts.logger ?? false });
  // The classifier and jieba's dictionary load on first use, which would hold the thread for most of a second
  // under the first registrations' triage: load them before taking requests.
  sharedClassifier().predict('', '小区门口道路积水', 1);
  controlRoutes(app, ctx, database);
  const address = await app.listen({ port: config.port, host: config.host });
  const removeControlFile =
    database.kind === 'pglite'
      ? writeControlFile(config.dataDir, controlUrl(app, config.host))
      : () => undefined;
  const stopSweeps = startSweeps(ctx);
  const stopDelivery = startDelivery(ctx);
  // Registrations a previous run committed but did not triage (it was killed in between).
  void recoverTriage(ctx);
  // A year of the calendar nobody entered is told to the admins at once, not one sweep interval later.
  void alertMissingYearsEverywhere(ctx);
  return {
    app,
    ctx,
    url: address,
    close: async () => {
      stopSweeps();
      removeControlFile();
      await stopHttp(app);
      await stopDelivery();
      await triageQueue(ctx.db).idle();
      await database.close();
    },
  };
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
