/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate, and is sent then whether or not the
 * earlier ones have been answered; its latency runs from when it was due, so a server (or a generator) that falls
 * behind is charged for the wait (no coordinated omission).
 *
 * Why not autocannon's `overallRate` here: it gives each connection a quota per second, which the connections
 * spend in a burst at the start of every second (500 req/s arrives as ~500 requests at once, then silence), and it
 * back-fills latencies as if requests were due every millisecond. Against a bare Fastify echo on this machine it
 * reports p99 ≈ 200 ms at 500 req/s. autocannon still measures the peak rate (closed loop) in bench/intake.
 */
import http from 'node:http';

export type OpenLoopResult = {
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
};

export async function openLoop(opts: {
  url: string;
  rate: number;
  seconds: number;
  headers: Record<string, string>;
  body: (i: number) => string;
  /** Sockets kept open to the server (requests beyond them wait in the agent's queue, and that wait counts). */
  sockets?: number;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.sockets ?? 64 });
  const target = new URL(opts.url);
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = opts.body(i);
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...opts.headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode! >= 200 && res.statusCode! < 300) latencies.push(performance.now() - due);
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i, due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    sent: total,
    ok: latencies.length,
    failed,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies.at(-1) ?? NaN,
  };
}
