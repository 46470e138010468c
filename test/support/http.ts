import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import type { AppContext } from '../../src/context.js';
import { DEMO_PASSWORD, type TestContext } from './db.js';

export type Res = { status: number; body: any; headers: Record<string, unknown> };

/** The answer's body, once its status is the one expected. */
export function ok(res: { status: number; body: any }, status = 200): any {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** An error answer: its status, its code, and a message in both languages. Returns the body. */
export function refused(res: { status: number; body: any }, status: number, code: string): any {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  assert.ok(res.body.error.message && res.body.error.message_en);
  return res.body;
}

/** A staff user's session token, for raw app.inject calls (bodies that are not JSON: photos, evidence files). */
export async function tokenFor(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const res = await new Client(app).post('/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A thin client over app.inject that keeps one session per logged-in user. */
export class Client {
  private token: string | undefined;
  private apiKey: string | undefined;
  constructor(private readonly app: FastifyInstance) {}

  static async login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Client> {
    return Client.withToken(app, await tokenFor(app, username, password));
  }

  /** A resident logged in by phone with the one-time code the test app delivered into `otps` (its deliverOtp). */
  static async resident(
    app: FastifyInstance,
    otps: ReadonlyMap<string, string>,
    phone: string,
  ): Promise<Client> {
    const anyone = new Client(app);
    ok(await anyone.post('/api/v1/auth/otp', { phone }));
    const code = otps.get(phone);
    assert.ok(code, `a one-time code was delivered to ${phone}`);
    return Client.withToken(app, ok(await anyone.post('/api/v1/auth/otp/verify', { phone, code })).token);
  }

  /** A client for each user, in the order named. */
  static loginAll<const U extends readonly string[]>(
    app: FastifyInstance,
    ...usernames: U
  ): Promise<{ [K in keyof U]: Client }> {
    return Promise.all(usernames.map((u) => Client.login(app, u))) as Promise<{ [K in keyof U]: Client }>;
  }

  static withApiKey(app: FastifyInstance, key: string): Client {
    const c = new Client(app);
    c.apiKey = key;
    return c;
  }

  static withToken(app: FastifyInstance, token: string): Client {
    const c = new Client(app);
    c.token = token;
    return c;
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.apiKey) h['x-api-key'] = this.apiKey;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(payload !== undefined ? { payload } : {}),
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // not JSON (XML, HTML)
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  /** A lifecycle action with the request's current version. */
  async act(id: number, action: string, body: Record<string, unknown> = {}, version?: number): Promise<Res> {
    const v = version ?? (await this.get(`/api/v1/requests/${id}`)).body.version;
    return this.post(`/api/v1/requests/${id}/actions/${action}`, { ...body, expected_version: v });
  }
}

export async function testApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(ctx, opts);
  await app.ready();
  return app;
}

/** Closes a suite's app, then its database (an `after` hook). */
export async function closeTestApp(app: FastifyInstance, t: TestContext): Promise<void> {
  await app.close();
  await t.close();
}
