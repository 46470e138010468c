/**
 * Findings of an attack on a fresh server, each fixed and held here: bodies nested deep enough to overflow a
 * recursive walk, …  Every refusal is a 4xx with the error format, never a 500.
 */
import JSZip from 'jszip';
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, testApp } from '../support/http.js';
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
    let clock = new Date();
    const codes = new Map<string, string>();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(
        { ...t.ctx, now: () => clock },
        { deliverOtp: async (p, c) => void codes.set(p, c) },
      );
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    const post = (url: string, payload: string, address = '127.0.0.1') =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload,
        remoteAddress: address,
      });
    /** Each call from its own address, so that the per-address limits stay out of the way of the per-phone ones. */
    let addresses = 0;
    const sendCode = (phone: string, body: object = {}) =>
      post(
        '/api/v1/auth/otp',
        JSON.stringify({ phone, ...body }),
        `10.0.${addresses >> 8}.${++addresses & 255}`,
      );
    const verify = (phone: string, code: string) =>
      post(
        '/api/v1/auth/otp/verify',
        JSON.stringify({ phone, code }),
        `10.1.${addresses >> 8}.${++addresses & 255}`,
      );
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

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

    test('wrong codes at once get past the five-tries rule never: the sixth and the right one find it locked', async () => {
      const phone = '13900000101';
      assert.equal((await sendCode(phone)).statusCode, 200);
      const code = codes.get(phone)!;
      const guesses = await Promise.all(Array.from({ length: 6 }, () => verify(phone, wrong(code))));
      const statuses = guesses.map((r) => `${r.statusCode} ${JSON.parse(r.body).error.code}`).sort();
      // The fifth wrong try is read and says the code is now dead; the sixth is not read at all.
      assert.deepEqual(statuses, [
        ...Array(4).fill('401 invalid_code'),
        '429 code_locked',
        '429 code_locked',
      ]);
      const right = await verify(phone, code);
      assert.equal(right.statusCode, 429, right.body);
      assert.equal(JSON.parse(right.body).error.code, 'code_locked');
    });

    test('twelve tries at once, the right one among them: at most five are read, one login at most', async () => {
      for (let trial = 0; trial < 3; trial++) {
        const phone = `1390000020${trial}`;
        await sendCode(phone);
        const code = codes.get(phone)!;
        const tries = [...Array(6).fill(wrong(code)), code, ...Array(5).fill(wrong(code))] as string[];
        const answers = await Promise.all(tries.map((c) => verify(phone, c)));
        const outcome = (r: (typeof answers)[number]) =>
          r.statusCode === 200
            ? 'login'
            : `${JSON.parse(r.body).error.code} ${JSON.parse(r.body).error.details?.reason ?? ''}`;
        const outcomes = answers.map(outcome);
        // Read and wrong, read and dead (the fifth), read and right; the rest find the code dead or used up.
        const read = outcomes.filter((o) => o === 'login' || o === 'invalid_code invalid').length;
        assert.ok(read <= 5, outcomes.join(', '));
        assert.ok(outcomes.filter((o) => o === 'login').length <= 1, outcomes.join(', '));
      }
    });

    test('codes to one phone back off and are rationed; a new code keeps the count of wrong ones', async () => {
      const phone = '13900000301';
      const start = clock;
      try {
        assert.equal((await sendCode(phone)).statusCode, 200);
        const again = await sendCode(phone);
        assert.equal(again.statusCode, 429);
        const wait = JSON.parse(again.body).error.details.retry_after_ms;
        assert.ok(wait > 55_000 && wait <= 60_000, String(wait));
        // Two wrong codes of five tries each, a new code between them: the phone is locked for the day.
        for (let round = 0; round < 2; round++) {
          const code = codes.get(phone)!;
          for (let i = 0; i < 5; i++) await verify(phone, wrong(code));
          clock = new Date(clock.getTime() + 3 * 60_000);
          if (round === 0) assert.equal((await sendCode(phone)).statusCode, 200);
        }
        clock = new Date(clock.getTime() + 10 * 60_000);
        assert.equal((await sendCode(phone)).statusCode, 200, 'a code may still be sent');
        const locked = await verify(phone, codes.get(phone)!);
        assert.equal(locked.statusCode, 429);
        assert.ok(JSON.parse(locked.body).error.details.retry_after_ms > 20 * 3_600_000);
        // The next day the count starts again.
        clock = new Date(start.getTime() + 25 * 3_600_000);
        assert.equal((await sendCode(phone)).statusCode, 200);
        assert.equal((await verify(phone, codes.get(phone)!)).statusCode, 200);
      } finally {
        clock = new Date();
      }
    });

    test('a code for a jurisdiction that does not exist is a 422, not a 500', async () => {
      const res = await sendCode('13900009999', { jurisdiction_id: 'nope' });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(JSON.parse(res.body).error.code, 'unknown_reference');
    });

    const login = async (username: string) => {
      const res = await post('/api/v1/auth/login', JSON.stringify({ username, password: 'banshi-demo' }));
      assert.equal(res.statusCode, 200, res.body);
      return JSON.parse(res.body).token as string;
    };
    const me = (token: string) =>
      app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

    test('ten wrong passwords for one account, from ten addresses, lock it for fifteen minutes', async () => {
      const tryLogin = (password: string, i: number) =>
        post('/api/v1/auth/login', JSON.stringify({ username: 'head.housing', password }), `198.51.100.${i}`);
      const start = clock;
      try {
        for (let i = 0; i < 10; i++) assert.equal((await tryLogin('wrong-password', i)).statusCode, 401);
        const locked = await tryLogin('banshi-demo', 50);
        assert.equal(locked.statusCode, 429, locked.body);
        assert.equal(JSON.parse(locked.body).error.code, 'account_locked');
        assert.ok(JSON.parse(locked.body).error.details.retry_after_ms > 14 * 60_000);
        // Unknown names are counted the same way, so a lock tells nothing of which names exist.
        for (let i = 0; i < 10; i++)
          await post(
            '/api/v1/auth/login',
            JSON.stringify({ username: 'ghost', password: 'x' }),
            `198.51.101.${i}`,
          );
        const ghost = await post('/api/v1/auth/login', JSON.stringify({ username: 'ghost', password: 'x' }));
        assert.equal(JSON.parse(ghost.body).error.code, 'account_locked');
        clock = new Date(start.getTime() + 16 * 60_000);
        assert.equal((await tryLogin('banshi-demo', 51)).statusCode, 200);
      } finally {
        clock = new Date();
      }
    });

    test('logging out a bearer token ends it at once (the session cache included)', async () => {
      const token = await login('supervisor');
      assert.equal((await me(token)).statusCode, 200, 'cached now');
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(out.statusCode, 200);
      assert.equal((await me(token)).statusCode, 401);
    });

    test("a password reset ends the user's sessions at once", async () => {
      const admin = await login('admin');
      const victim = await login('dispatcher');
      assert.equal((await me(victim)).statusCode, 200);
      const reset = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/users/dispatcher/password',
        headers: { authorization: `Bearer ${admin}` },
        payload: { password: 'banshi-demo' },
      });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal((await me(victim)).statusCode, 401);
      assert.equal((await me(admin)).statusCode, 200, "another user's session lives on");
    });

    test('a write with the session cookie from another site is refused; from the site itself it goes through', async () => {
      const res = await post(
        '/api/v1/auth/login',
        JSON.stringify({ username: 'operator', password: 'banshi-demo' }),
      );
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const write = (headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/requests',
          headers: { cookie, 'content-type': 'application/json', host: 'localhost:3000', ...headers },
          payload: { body: '路灯不亮', reporter: { phone: '13900000401' } },
        });
      for (const headers of <Record<string, string>[]>[
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
      ]) {
        const refused = await write(headers);
        assert.equal(refused.statusCode, 403, JSON.stringify(headers));
        assert.equal(JSON.parse(refused.body).error.details.reason, 'cross_site');
      }
      for (const headers of <Record<string, string>[]>[
        { origin: 'http://localhost:3000' },
        { 'sec-fetch-site': 'same-origin' },
        {},
      ]) {
        const accepted = await write(headers);
        assert.equal(accepted.statusCode, 201, `${JSON.stringify(headers)}: ${accepted.body}`);
      }
      // A read from elsewhere is harmless and allowed; a bearer token is not sent by a browser on its own.
      const read = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie, origin: 'https://evil.example' },
      });
      assert.equal(read.statusCode, 200);
    });

    test("a department that loses a request to a colleague's return is told it changed (409), others still 404", async () => {
      const login = (u: string) => Client.login(app, u);
      const [operator, dispatcher, handler, head, other] = await Promise.all([
        login('operator'),
        login('dispatcher'),
        login('handler.transport'),
        login('head.transport'),
        login('handler.housing'),
      ]);
      const r = (
        await operator.post('/api/v1/requests', { body: '公交站台破损', reporter: { phone: '13900000501' } })
      ).body;
      await dispatcher.act(r.id, 'dispatch', { department_code: 'transport' });
      await handler.act(r.id, 'sign');
      const stale = (await handler.get(`/api/v1/requests/${r.id}`)).body.version;
      assert.equal((await head.act(r.id, 'return', { reason: '不属于本部门职责' })).status, 200);
      const late = await handler.post(`/api/v1/requests/${r.id}/actions/reply`, {
        text: '已处理',
        expected_version: stale,
      });
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.error.code, 'illegal_transition');
      assert.equal(late.body.error.details.status, 'returned');
      const stranger = await other.post(`/api/v1/requests/${r.id}/actions/reply`, { text: 'x' });
      assert.equal(stranger.status, 404);
    });

    test("举报 is never published; public text hides the reporter's name and phones however written", async () => {
      const operator = await Client.login(app, 'operator');
      const report = await operator.post('/api/v1/requests', {
        type: '举报',
        body: '我是欧阳克明，举报楼下饭店违建，电话１３９１２３４５６７８',
        area_code: 'xc-wangting',
        reporter: { name: '欧阳克明', phone: '13912345678' },
      });
      assert.equal(report.status, 201, JSON.stringify(report.body));
      const help = await operator.post('/api/v1/requests', {
        type: '求助',
        body: '我是欧阳克明，楼道灯坏了，电话１３９１２３４５６７８，也可打139.1234.5678或1 3 9 1 2 3 4 5 6 7 8',
        area_code: 'xc-wangting',
        reporter: { name: '欧阳克明', phone: '13912345678' },
      });
      const anonymous = Client.withToken(app, '');
      const listed = (await anonymous.get('/api/v1/public/requests')).body.items as {
        ticket_no: string;
        body: string;
      }[];
      assert.ok(!listed.some((r) => r.ticket_no === report.body.ticket_no), '举报 listed');
      const mine = listed.find((r) => r.ticket_no === help.body.ticket_no)!;
      assert.ok(mine, 'the 求助 is listed');
      assert.doesNotMatch(mine.body, /欧阳克明|12345678|１２３４５６７８|1234\.5678|4 5 6 7 8/);
      assert.match(mine.body, /欧\*\*\*/);
      const xml = await app.inject({ method: 'GET', url: '/open311/v2/requests.xml' });
      assert.ok(!xml.body.includes(report.body.ticket_no), '举报 in Open311');
    });

    test('a zip bomb sent as a ledger is refused quickly, without inflating it in the server', async () => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file(
        'xl/worksheets/sheet1.xml',
        `<worksheet><sheetData>${'<row/>'.repeat(25_000_000)}</sheetData></worksheet>`,
      );
      const file = await zip.generateAsync({
        type: 'nodebuffer',
        compression: 'DEFLATE',
        compressionOptions: { level: 9 },
      });
      const admin = await Client.login(app, 'admin');
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const res = await admin.post('/api/v1/projects/import', {
        file_base64: file.toString('base64'),
        dry_run: true,
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'invalid_file');
      assert.equal(res.body.error.details.file_error, 'too_large');
      assert.match(JSON.stringify(res.body), /解压后超过64MB/);
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
      assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, 'the server did not inflate it');
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
