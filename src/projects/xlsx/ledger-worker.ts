/** The worker that parses a ledger off the server's event loop (see ./parse-in-worker.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Names } from '../queries.js';
import { readLedger } from './reader.js';

const { buffer, names, today } = workerData as { buffer: Uint8Array; names: Names; today: string };
const port = parentPort!;
const parsed = await readLedger(Buffer.from(buffer), names, today, {
  progress: {
    start: (total, value, payload) => port.postMessage({ kind: 'start', total, value, payload }),
    update: (value, payload) => port.postMessage({ kind: 'update', value, payload }),
    stop: () => port.postMessage({ kind: 'stop' }),
  },
});
port.postMessage({ kind: 'done', parsed });
