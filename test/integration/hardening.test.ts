/**
 * Findings of an attack on a fresh server, each fixed and held here: bodies nested deep enough to overflow a
 * recursive walk, …  Every refusal is a 4xx with the error format, never a 500.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { testApp } from '../support/http.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';

/** How long until the server closes a socket that sent `data` and then nothing (null: still open at `limitMs`). */
function closedAfter(port: number, data: string, limitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, limitMs);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

for (const kind of dbKinds()) {
  describe(`hardening (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const post = (url: string, payload: string) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

    test('a body nested 100,000 deep answers 400 before login, on every JSON route', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      for (const url of [
        '/api/v1/auth/logout',
        '/api/v1/auth/login',
        '/api/v1/requests',
        '/api/v1/auth/otp',
      ]) {
        const res = await post(url, deep);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        const body = JSON.parse(res.body);
        assert.equal(body.error.code, 'validation_failed');
        assert.match(body.error.details.reason, /nested deeper than 32/);
      }
      const objects = '{"a":'.repeat(50) + '1' + '}'.repeat(50);
      assert.equal((await post('/api/v1/auth/login', objects)).statusCode, 400);
      // Nesting the API needs (a GeoJSON polygon, five levels) is fine.
      const login = await post('/api/v1/auth/login', JSON.stringify({ username: 'admin', password: 'x' }));
      assert.equal(login.statusCode, 401);
    });

    test('partial headers and partial bodies do not hold a connection open', async () => {
      const config = loadConfig({
        BANSHI_DATA_DIR: t.config.dataDir,
        BANSHI_SECRET_KEY: 'a'.repeat(64),
        BANSHI_HEADERS_TIMEOUT_MS: '1000',
        BANSHI_REQUEST_TIMEOUT_MS: '2000',
      });
      const slow = await buildApp({ ...t.ctx, config });
      await slow.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = slow.server.address() as net.AddressInfo;
        const headers = await closedAfter(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1', 10_000);
        assert.ok(headers !== null && headers < 4_000, `partial headers closed after ${headers} ms`);
        const body = await closedAfter(
          port,
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
          10_000,
        );
        assert.ok(body !== null && body < 6_000, `partial body closed after ${body} ms`);
      } finally {
        await slow.close();
      }
    });

    test('HSTS and secure cookies follow the public address: off over http, on over https', async () => {
      const plain = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(plain.headers['strict-transport-security'], undefined);
      const config = loadConfig({
        BANSHI_DATA_DIR: t.config.dataDir,
        BANSHI_SECRET_KEY: 'a'.repeat(64),
        BANSHI_PUBLIC_URL: 'https://12345.example.gov.cn/',
      });
      assert.equal(config.publicUrl, 'https://12345.example.gov.cn');
      assert.equal(config.secureCookies, true);
      const secure = await buildApp({ ...t.ctx, config });
      try {
        const res = await secure.inject({ method: 'GET', url: '/healthz' });
        assert.match(String(res.headers['strict-transport-security']), /max-age=15552000/);
        const login = await secure.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin', password: 'banshi-demo' },
        });
        assert.match(String(login.headers['set-cookie']), /; Secure/);
      } finally {
        await secure.close();
      }
      assert.equal(
        loadConfig({ BANSHI_PUBLIC_URL: 'https://x.cn', BANSHI_SECURE_COOKIES: 'false' }).secureCookies,
        false,
      );
    });
  });
}
