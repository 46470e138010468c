/**
 * `banshi serve --role web --processes N`: N web processes on one port (node:cluster). The primary loads the demo
 * city when asked, forks the web processes, says where they listen once all do, starts another when one dies
 * (unless none has listened yet: then it stops with an error), and on SIGTERM or SIGINT stops them all (each
 * drains its requests) before it exits. It opens no port and runs
 * no job of its own.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import type { RunningServer } from './server.js';

// The primary forks at once: it loads the server's modules (all the features) only for the demo city.
const server = () => import('./server.js');

/** How long the primary waits for its web processes to stop before killing them. */
const STOP_GRACE_MS = 30_000;
/** A web process that died is replaced after this pause (one that dies at once does not spin). */
const RESTART_DELAY_MS = 1_000;

type Listening = { type: 'listening'; url: string };

export async function serveCluster(
  config: Config,
  opts: { processes: number; demoIfEmpty: boolean; logger: boolean },
): Promise<void> {
  if (cluster.isPrimary) return primary(config, opts);
  const web = await (await server()).startServer(config, { role: 'web', logger: opts.logger });
  process.send?.({ type: 'listening', url: web.url! } satisfies Listening);
  stopOnSignal(web);
  // The primary is gone (killed): nobody would stop or replace this process.
  process.once('disconnect', () => void stop(web));
}

async function primary(config: Config, opts: { processes: number; demoIfEmpty: boolean }): Promise<void> {
  if (opts.demoIfEmpty) {
    const { loadDemoIfEmpty, openContext } = await server();
    const { ctx, database } = await openContext(config);
    try {
      await loadDemoIfEmpty(ctx);
    } finally {
      await database.close();
    }
  }
  let stopping = false;
  let announced = false;
  const listening = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m: Listening) => {
      if (m?.type !== 'listening') return;
      listening.add(worker);
      if (!announced && listening.size === opts.processes) {
        announced = true;
        console.log(
          `banshi listening on ${m.url} (${dbKind(config)}, role web, ${opts.processes} processes)`,
        );
      }
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker);
    if (stopping) return;
    // One that fails before the service ever listened (a port in use, a database refused) would fail again.
    if (!announced) {
      console.error(`web process ${worker.process.pid} failed to start (${signal ?? code}): stopping`);
      return void stopAll(1);
    }
    console.warn(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS);
  });
  for (let i = 0; i < opts.processes; i++) fork();
  const stopAll = async (exitCode = 0) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(workers.map(stopWorker));
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
}

/** SIGTERM to a web process, SIGKILL when it has not stopped within STOP_GRACE_MS. */
function stopWorker(worker: Worker): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

const dbKind = (config: Config) => (config.databaseUrl ? 'postgres' : 'pglite');

/** A process stops on SIGTERM or SIGINT once its work under way is done, and exits. */
export function stopOnSignal(running: RunningServer): void {
  process.once('SIGINT', () => void stop(running));
  process.once('SIGTERM', () => void stop(running));
}

let stopping: Promise<void> | null = null;
function stop(running: RunningServer): Promise<void> {
  stopping ??= running.close().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`stopping failed: ${err.message}`);
      process.exit(1);
    },
  );
  return stopping;
}
