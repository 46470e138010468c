import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import { parse } from './validate.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Handler<P, Q, B, A> = (input: {
  params: P;
  query: Q;
  body: B;
  actor: A;
  req: FastifyRequest;
  reply: FastifyReply;
}) => Promise<unknown>;

export type RouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  Auth extends 'public' | 'actor',
> = {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  auth: Auth;
  params?: P;
  query?: Q;
  body?: B;
  /** Requests per minute per client address; public routes always get a limit. */
  rateLimit?: number;
  handler: Handler<z.output<P>, z.output<Q>, z.output<B>, Auth extends 'actor' ? Actor : Actor | null>;
};

export type Authenticate = (req: FastifyRequest) => Promise<Actor | null>;

/** Collects the OpenAPI description of every route registered through `route()`. */
export class ApiRegistry {
  readonly paths: Record<string, Record<string, unknown>> = {};
  /** Handlers still running: a shutdown waits for them before closing the database. */
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticate: Authenticate,
    private readonly publicRateLimit: number,
  ) {}

  route<
    P extends z.ZodType = z.ZodObject<{}>,
    Q extends z.ZodType = z.ZodObject<{}>,
    B extends z.ZodType = z.ZodUnknown,
    Auth extends 'public' | 'actor' = 'actor',
  >(spec: RouteSpec<P, Q, B, Auth>) {
    const limit = spec.rateLimit ?? (spec.auth === 'public' ? this.publicRateLimit : undefined);
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: limit ? { rateLimit: { max: limit, timeWindow: 60_000 } } : {},
      handler: async (req, reply) => {
        this.running++;
        try {
          return await this.handle(spec, req, reply);
        } finally {
          if (--this.running === 0) this.idleWaiters.splice(0).forEach((w) => w());
        }
      },
    });
    this.describe(spec);
  }

  /** Resolves when no handler is running. */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  private async handle(
    spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, 'public' | 'actor'>,
    req: FastifyRequest,
    reply: FastifyReply,
  ) {
    const actor = await this.authenticate(req);
    if (spec.auth === 'actor' && !actor) throw new AppError('unauthenticated');
    const params = spec.params ? parse(spec.params, req.params) : {};
    const query = spec.query ? parse(spec.query, req.query) : {};
    const body = spec.body ? parse(spec.body, req.body) : undefined;
    const result = await spec.handler({
      params,
      query,
      body,
      actor: actor as Actor,
      req,
      reply,
    } as Parameters<typeof spec.handler>[0]);
    return reply.sent ? reply : result;
  }

  private describe(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, 'public' | 'actor'>) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const js = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    (this.paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      parameters,
      ...(spec.body
        ? { requestBody: { content: { 'application/json': { schema: toSchema(spec.body) } } } }
        : {}),
      ...(spec.auth === 'actor' ? { security: [{ session: [] }, { apiKey: [] }] } : {}),
      responses: { 200: { description: 'OK' }, 400: { description: 'Error: {"error":{"code","message"}}' } },
    };
  }

  document() {
    return {
      openapi: '3.0.3',
      info: { title: 'banshi API', version: '1', description: '办事 — 12345 接诉即办 platform API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'banshi_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      paths: this.paths,
    };
  }
}
