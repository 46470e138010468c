/** Answers are checked against their response schemas when the registry is told to, and documented. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { z } from 'zod';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import { ApiRegistry } from './route.js';

const Answer = z.strictObject({ id: z.number().int(), status: z.enum(['open', 'closed']) });

async function appWith(validateResponses: boolean, body: unknown) {
  const app = Fastify();
  const logged: string[] = [];
  app.setErrorHandler((err: Error, _req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send({ error: err.code });
    logged.push(err.message);
    return reply.code(500).send({ error: 'internal_error' });
  });
  const api = new ApiRegistry(app, async () => null, 100, { validateResponses });
  api
    .feature('test', 'public')
    .get('/thing', 'a thing', { response: { 200: Answer } }, async () => body as z.input<typeof Answer>);
  await app.ready();
  return { app, api, logged };
}

describe('ApiRegistry responses', () => {
  test('an answer that matches its schema goes out as it is', async () => {
    const { app } = await appWith(true, { id: 1, status: 'open' });
    const res = await app.inject({ method: 'GET', url: '/thing' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { id: 1, status: 'open' });
  });

  test('a mismatch is a 500 with the zod issues in the log, when responses are validated', async () => {
    const { app, logged } = await appWith(true, { id: 1, status: 'lost', extra: true });
    const res = await app.inject({ method: 'GET', url: '/thing' });
    assert.equal(res.statusCode, 500);
    assert.match(logged[0]!, /GET \/thing answered 200/);
    assert.match(logged[0]!, /"path":\["status"\]/);
    assert.match(logged[0]!, /unrecognized_keys/);
  });

  test('without validation the answer is sent unchecked', async () => {
    const { app } = await appWith(false, { id: 1, status: 'lost' });
    assert.equal((await app.inject({ method: 'GET', url: '/thing' })).statusCode, 200);
  });

  test('the document describes the answer and the refusals', async () => {
    const { api } = await appWith(false, {});
    const op = api.document().paths['/thing']!.get as { responses: Record<string, any> };
    const schema = op.responses['200'].content['application/json'].schema;
    assert.deepEqual(schema.properties.status, { type: 'string', enum: ['open', 'closed'] });
    assert.deepEqual(Object.keys(op.responses), ['200', '400', '429']);
  });
});

describe('feature routes', () => {
  const user = { kind: 'user', jurisdictionId: 'j', userId: 1, role: 'admin' } as Actor;

  async function featureApp(caller: Actor | null) {
    const app = Fastify();
    app.setErrorHandler((err: Error, _req, reply) =>
      reply.code(err instanceof AppError ? err.status : 500).send({ error: (err as AppError).code }),
    );
    const api = new ApiRegistry(app, async () => caller, 100, { validateResponses: true });
    const route = api.feature('things');
    const allowed: (Actor | null)[] = [];
    route.get(
      '/things/:id',
      'a thing, for admins',
      {
        params: z.object({ id: z.coerce.number().int() }),
        response: { 200: Answer },
        allow: (actor) => (allowed.push(actor), actor.kind === 'user' && actor.role === 'admin'),
      },
      async ({ params }) => ({ id: params.id, status: 'open' }),
    );
    api
      .feature('things', 'public')
      .post('/things', 'anyone', { response: { 201: Answer } }, async ({ reply }) => {
        reply.code(201);
        return { id: 2, status: 'closed' };
      });
    await app.ready();
    return { app, api, allowed };
  }

  test('the feature gives the tag and the default auth; a route may open itself to the public', async () => {
    const { api } = await featureApp(null);
    const paths = api.document().paths as Record<string, Record<string, any>>;
    assert.deepEqual(paths['/things/{id}']!.get.tags, ['things']);
    assert.ok(paths['/things/{id}']!.get.security);
    assert.deepEqual(Object.keys(paths['/things/{id}']!.get.responses), ['200', '400', '401', '403', '404']);
    assert.equal(paths['/things']!.post.security, undefined);
    assert.deepEqual(Object.keys(paths['/things']!.post.responses), ['201', '400', '429']);
  });

  test('the policy runs once the input is parsed: bad input 400, a refused caller 403, no caller 401', async () => {
    const admin = await featureApp(user);
    assert.equal((await admin.app.inject({ method: 'GET', url: '/things/x' })).statusCode, 400);
    assert.deepEqual(admin.allowed, []);
    const ok = await admin.app.inject({ method: 'GET', url: '/things/7' });
    assert.deepEqual([ok.statusCode, ok.json()], [200, { id: 7, status: 'open' }]);
    assert.deepEqual(admin.allowed, [user]);
    const other = await featureApp({ ...user, role: 'dispatcher' } as Actor);
    assert.equal((await other.app.inject({ method: 'GET', url: '/things/7' })).statusCode, 403);
    const nobody = await featureApp(null);
    assert.equal((await nobody.app.inject({ method: 'GET', url: '/things/7' })).statusCode, 401);
    assert.deepEqual(nobody.allowed, []);
    assert.equal((await nobody.app.inject({ method: 'POST', url: '/things' })).statusCode, 201);
  });
});

describe('ApiRegistry request bodies', () => {
  const register = (
    api: ApiRegistry,
    url: string,
    input: { body?: z.ZodType; rawBody?: { contentTypes: string[]; description: string } },
  ) =>
    api.feature('test', 'public').post(url, url, { ...input, response: { 200: Answer } }, async () => ({
      id: 1,
      status: 'open' as const,
    }));
  const requestBody = (api: ApiRegistry, url: string) =>
    (api.document().paths[url]!.post as { requestBody?: Record<string, any> }).requestBody;

  test('a JSON body is required unless its schema takes none', () => {
    const api = new ApiRegistry(Fastify(), async () => null, 100);
    register(api, '/required', { body: z.strictObject({ name: z.string() }) });
    register(api, '/optional', { body: z.strictObject({ name: z.string() }).optional() });
    register(api, '/none', {});
    assert.equal(requestBody(api, '/required')!.required, true);
    assert.equal(requestBody(api, '/optional')!.required, false);
    assert.equal(requestBody(api, '/none'), undefined);
  });

  test('a raw body is described by its content types', () => {
    const api = new ApiRegistry(Fastify(), async () => null, 100);
    register(api, '/photo', {
      rawBody: { contentTypes: ['image/png', 'image/webp'], description: 'a photo' },
    });
    const binary = { schema: { type: 'string', format: 'binary' } };
    assert.deepEqual(requestBody(api, '/photo'), {
      description: 'a photo',
      required: true,
      content: { 'image/png': binary, 'image/webp': binary },
    });
  });
});

test('a route that honours Idempotency-Key describes the header', () => {
  const api = new ApiRegistry(Fastify(), async () => null, 100);
  api
    .feature('test', 'public')
    .post('/orders', 'an order', { idempotent: true, response: { 201: Answer } }, async () => ({
      id: 1,
      status: 'open' as const,
    }));
  const op = api.document().paths['/orders']!.post as { parameters: Record<string, unknown>[] };
  assert.deepEqual(
    op.parameters.map((p) => [p.name, p.in, p.required]),
    [['Idempotency-Key', 'header', false]],
  );
});
