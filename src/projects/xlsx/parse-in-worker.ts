/**
 * Parses a ledger in a worker thread: the server keeps answering while a large file is read, a file that
 * inflates past the worker's memory cap kills the worker (not the server), and whatever it allocated is
 * returned when it ends. The archive is checked first (./archive.ts).
 */
import { Worker } from 'node:worker_threads';
import type { Names } from '../queries.js';
import { checkArchive } from '../../http/xlsx-archive.js';
import type { ParsedLedger, ProgressSink } from './reader.js';

export const WORKER_LIMITS = { heapMb: 512, timeoutMs: 120_000 };

type Message =
  | { kind: 'start'; total: number; value: number; payload?: object }
  | { kind: 'update'; value: number; payload?: object }
  | { kind: 'stop' }
  | { kind: 'done'; parsed: ParsedLedger };

const refused = (reason: string): ParsedLedger => ({
  projects: [],
  errors: [{ sheet: '', line: 0, reasons: [reason] }],
  warnings: [],
  absent: new Set(),
});

/**
 * The compiled worker (lib/), or from the TypeScript sources (tests, development) a bootstrap that registers
 * tsx in the worker first: a worker does not inherit this thread's loader, and Node 20 will not load a .ts entry.
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./ledger-worker.js', import.meta.url), {}];
  const entry = new URL('./ledger-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return [
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  ];
}

export async function parseLedger(
  file: Buffer | ArrayBuffer,
  names: Names,
  today: string,
  opts: { progress?: ProgressSink | undefined; limits?: typeof WORKER_LIMITS } = {},
): Promise<ParsedLedger> {
  const limits = opts.limits ?? WORKER_LIMITS;
  const buffer = Buffer.isBuffer(file) ? file : Buffer.from(file);
  const problem = await checkArchive(buffer);
  if (problem) return refused(problem);
  const [entry, options] = workerEntry();
  const worker = new Worker(entry, {
    ...options,
    workerData: { buffer, names: { departments: names.departments, areas: names.areas }, today },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
  });
  return new Promise<ParsedLedger>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(refused(`文件读取超过${limits.timeoutMs / 1000}秒，请拆分后再导入`));
    }, limits.timeoutMs);
    worker.on('message', (m: Message) => {
      if (m.kind === 'start') opts.progress?.start(m.total, m.value, m.payload);
      else if (m.kind === 'update') opts.progress?.update(m.value, m.payload);
      else if (m.kind === 'stop') opts.progress?.stop();
      else {
        clearTimeout(timer);
        resolve(m.parsed);
        void worker.terminate();
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
        resolve(refused('文件解压后过大，不像一份台账（疑为压缩炸弹）'));
      else reject(err);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) resolve(refused('文件读取失败'));
    });
  });
}
