import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor } from './actor.js';
import { AppError } from './errors.js';
import { OpenApiDocument } from './openapi.js';
import { BinaryResponse } from './responses.js';
import type {
  AnyRoute,
  Auth,
  Caller,
  Handler,
  Method,
  ResponseSpec,
  RouteOptions,
  RouteSpec,
} from './route-spec.js';
import { parse } from './validate.js';

export type Authenticate = (req: FastifyRequest) => Promise<Actor | null>;

export type RegistryOptions = {
  /** Parse every 2xx JSON answer with its schema; a mismatch is a 500 (the tests run with it on). */
  validateResponses?: boolean;
};

/** A 2xx answer its route does not describe: a bug of the server, answered 500 and logged with the issues. */
export class ResponseMismatch extends Error {
  constructor(route: string, status: number, issues: unknown) {
    super(`${route} answered ${status} with a body its response schema refuses: ${JSON.stringify(issues)}`);
  }
}

/** Registers the API's routes and collects their OpenAPI description. */
export class ApiRegistry {
  /** Handlers still running: a shutdown waits for them before closing the database. */
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticate: Authenticate,
    private readonly publicRateLimit: number,
    private readonly options: RegistryOptions = {},
    /** Shared with the registries of plugin scopes. */
    private readonly doc = new OpenApiDocument(),
  ) {}

  /** The same registry for routes of a plugin scope (its own body parsers), described in the same document. */
  scoped(scope: FastifyInstance): ApiRegistry {
    return new ApiRegistry(scope, this.authenticate, this.publicRateLimit, this.options, this.doc);
  }

  /** Routes of one feature: its OpenAPI tag, and who may call them unless a route says otherwise. */
  feature<D extends Auth = 'actor'>(tag: string, auth?: D): FeatureRoutes<D> {
    return new FeatureRoutes(this, tag, auth ?? ('actor' as D));
  }

  route<
    P extends z.ZodType = z.ZodObject<Record<never, never>>,
    Q extends z.ZodType = z.ZodObject<Record<never, never>>,
    B extends z.ZodType = z.ZodUnknown,
    A extends Auth = 'actor',
    R extends ResponseSpec = ResponseSpec,
  >(spec: RouteSpec<P, Q, B, A, R>) {
    const limit = this.rateLimitOf(spec as unknown as AnyRoute);
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: limit ? { rateLimit: { max: limit, timeWindow: 60_000 } } : {},
      handler: async (req, reply) => {
        this.running++;
        try {
          return await this.handle(spec as unknown as AnyRoute, req, reply);
        } finally {
          if (--this.running === 0) this.idleWaiters.splice(0).forEach((w) => w());
        }
      },
    });
    this.doc.describe(spec as unknown as AnyRoute, !!limit);
  }

  /** Resolves when no handler is running. */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  private rateLimitOf(spec: AnyRoute) {
    return spec.rateLimit ?? (spec.auth === 'public' ? this.publicRateLimit : undefined);
  }

  private async handle(spec: AnyRoute, req: FastifyRequest, reply: FastifyReply) {
    const actor = await this.authenticate(req);
    if (spec.auth === 'actor' && !actor) throw new AppError('unauthenticated');
    const params = spec.params ? parse(spec.params, req.params) : {};
    const query = spec.query ? parse(spec.query, req.query) : {};
    const body = spec.body ? parse(spec.body, req.body) : undefined;
    if (spec.allow && !spec.allow(actor as Actor)) throw new AppError('forbidden');
    const result = await spec.handler({
      params,
      query,
      body,
      actor: actor as Actor,
      req,
      reply,
    } as Parameters<typeof spec.handler>[0]);
    if (reply.sent) return reply;
    if (this.options.validateResponses) this.check(spec, reply.statusCode, result);
    return result;
  }

  /** The answer as the client will read it (JSON), against the schema of its status. */
  private check(spec: AnyRoute, status: number, result: unknown) {
    const route = `${spec.method} ${spec.url}`;
    const schema = spec.response[status as keyof ResponseSpec];
    if (!schema) throw new ResponseMismatch(route, status, 'no response schema for this status');
    if (schema instanceof BinaryResponse) return;
    const json: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ResponseMismatch(route, status, parsed.error.issues);
  }

  document() {
    return this.doc.document();
  }
}

/**
 * The routes of one feature, declared as `route.get(url, summary, { query, response, … }, handler)`: the feature
 * gives the OpenAPI tag and the default `auth`, the registry does the rest (parsing, policy, rate limit, OpenAPI).
 */
export class FeatureRoutes<D extends Auth> {
  constructor(
    private readonly api: ApiRegistry,
    private readonly tag: string,
    private readonly auth: D,
  ) {}

  readonly get = this.method('GET');
  readonly post = this.method('POST');
  readonly put = this.method('PUT');
  readonly patch = this.method('PATCH');
  readonly delete = this.method('DELETE');

  private method(method: Method) {
    return <
      P extends z.ZodType = z.ZodObject<Record<never, never>>,
      Q extends z.ZodType = z.ZodObject<Record<never, never>>,
      B extends z.ZodType = z.ZodUnknown,
      A extends Auth = D,
      R extends ResponseSpec = ResponseSpec,
    >(
      url: string,
      summary: string,
      options: RouteOptions<P, Q, B, A, R>,
      handler: Handler<z.output<P>, z.output<Q>, z.output<B>, Caller<A>, R>,
    ) =>
      this.api.route<P, Q, B, A, R>({
        method,
        url,
        summary,
        tag: this.tag,
        ...options,
        auth: options.auth ?? (this.auth as unknown as A),
        handler,
      });
  }
}

/** A handler answering `{ items }`: the caller's jurisdiction's list (an anonymous caller's: the default one). */
export const listItems =
  <T>(ctx: AppContext, list: (ctx: AppContext, jurisdictionId: string) => Promise<T[]>) =>
  async ({ actor }: { actor: Actor | null }) => ({
    items: await list(ctx, jurisdictionOf(actor, ctx.config.defaultJurisdiction)),
  });

/** How the record handlers below answer: the record of an id as the actor sees it. */
type Present<Out> = (actor: Actor, id: number) => Out | Promise<Out>;

/** The handler of a route that creates a record from its body with `command(ctx, { actor, input })`: 201. */
export const creates =
  <I, Out>(
    ctx: AppContext,
    command: (ctx: AppContext, opts: { actor: Actor; input: I }) => Promise<number>,
    present: Present<Out>,
  ) =>
  async ({ actor, body, reply }: { actor: Actor; body: I; reply: FastifyReply }) => {
    const id = await command(ctx, { actor, input: body });
    reply.code(201);
    return present(actor, id);
  };

/**
 * The handler of a route that acts on the record of its path with `command(ctx, { actor, id, input })`, the
 * input being the route's body (if it has one).
 */
export const actsOn =
  <I, Out>(
    ctx: AppContext,
    command: (ctx: AppContext, opts: { actor: Actor; id: number; input: I }) => Promise<unknown>,
    present: Present<Out>,
  ) =>
  async ({ actor, params, body }: { actor: Actor; params: { id: number }; body: I }) => {
    await command(ctx, { actor, id: params.id, input: body });
    return present(actor, params.id);
  };

/**
 * The handler of a route that edits the record of its path under optimistic locking: the body's
 * `expected_version` guards the edit, the rest of the body is the patch.
 */
export const edits =
  <P, Out>(
    ctx: AppContext,
    command: (
      ctx: AppContext,
      opts: { actor: Actor; id: number; patch: P; expectedVersion?: number | undefined },
    ) => Promise<unknown>,
    present: Present<Out>,
  ) =>
  async ({
    actor,
    params,
    body,
  }: {
    actor: Actor;
    params: { id: number };
    body: P & { expected_version?: number | undefined };
  }) => {
    const { expected_version: expectedVersion, ...patch } = body;
    // What is left of the body once its expected_version is taken is the patch (TypeScript cannot see it of a P).
    await command(ctx, { actor, id: params.id, patch: patch as P, expectedVersion });
    return present(actor, params.id);
  };
