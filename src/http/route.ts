import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import { BinaryResponse, ErrorBody } from './responses.js';
import { parse } from './validate.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route answers when it succeeds: a JSON schema per status, or a binary body. */
export type ResponseSpec = Partial<Record<200 | 201 | 204, z.ZodType | BinaryResponse>>;

/** Error statuses a route may answer besides those every route of its kind may (see `errorStatuses`). */
export type ErrorStatus = 403 | 404 | 409 | 413 | 415 | 422;

/**
 * The values a handler may return for a schema's input type, checked by the compiler for their shape (keys,
 * nesting, nullability); the values themselves (enums, formats) are checked at run time when responses are
 * validated. Dates become ISO strings when the answer is serialised.
 */
type Loose<T> = T extends string | Date
  ? string | Date
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer U)[]
        ? readonly Loose<U>[]
        : T extends object
          ? { [K in keyof T]: Loose<T[K]> }
          : T;

type ResponseBody<R extends ResponseSpec> = {
  [S in keyof R]: R[S] extends z.ZodType ? Loose<z.input<R[S]>> : never;
}[keyof R];

export type Handler<P, Q, B, A, R extends ResponseSpec> = (input: {
  params: P;
  query: Q;
  body: B;
  actor: A;
  req: FastifyRequest;
  reply: FastifyReply;
}) => Promise<ResponseBody<R> | FastifyReply>;

export type RouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  Auth extends 'public' | 'actor',
  R extends ResponseSpec,
> = {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  auth: Auth;
  params?: P;
  query?: Q;
  body?: B;
  /** A body that is not JSON (a photo): the handler reads it; the document describes it. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  response: R;
  /** Honours the Idempotency-Key header (./idempotency.ts): the document describes it. */
  idempotent?: true;
  /** Refusals beyond 400 (every route), 401 (logged-in routes), 404 (a path with ids), 429 (rate-limited). */
  errors?: readonly ErrorStatus[];
  /** Requests per minute per client address; public routes always get a limit. */
  rateLimit?: number;
  handler: Handler<z.output<P>, z.output<Q>, z.output<B>, Auth extends 'actor' ? Actor : Actor | null, R>;
};

type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType, 'public' | 'actor', ResponseSpec>;

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

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input (validation_failed, malformed_json, invalid_characters, text_too_long …)',
  401: 'Not logged in (unauthenticated), or wrong credentials',
  403: 'Not allowed (forbidden)',
  404: 'Not found, or not visible to the caller (not_found)',
  409: 'Conflicts with the current state (conflict, version_conflict, illegal_transition, idempotency_conflict)',
  413: 'The body is too large (payload_too_large)',
  415: 'Unsupported content type (unsupported_media_type)',
  422: 'A referenced code does not exist, or a place is outside the jurisdiction',
  429: 'Too many requests (rate_limited)',
};

/** The OpenAPI document being written: its paths, and the schemas named with zod's `.meta({ id })`. */
type Document = { paths: Record<string, Record<string, unknown>>; schemas: Record<string, unknown> };

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
    private readonly doc: Document = { paths: {}, schemas: {} },
  ) {}

  /** The same registry for routes of a plugin scope (its own body parsers), described in the same document. */
  scoped(scope: FastifyInstance): ApiRegistry {
    return new ApiRegistry(scope, this.authenticate, this.publicRateLimit, this.options, this.doc);
  }

  route<
    P extends z.ZodType = z.ZodObject<Record<never, never>>,
    Q extends z.ZodType = z.ZodObject<Record<never, never>>,
    B extends z.ZodType = z.ZodUnknown,
    Auth extends 'public' | 'actor' = 'actor',
    R extends ResponseSpec = ResponseSpec,
  >(spec: RouteSpec<P, Q, B, Auth, R>) {
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
    this.describe(spec as unknown as AnyRoute);
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

  /**
   * A zod schema as an OpenAPI 3.0 schema object. Schemas named with `.meta({ id })` become components that
   * every use refers to, so that a generated client has them as named types.
   */
  private docSchema(s: z.ZodType, io: 'input' | 'output') {
    const { definitions, ...schema } = z.toJSONSchema(s, {
      io,
      target: 'openapi-3.0',
      unrepresentable: 'any',
    }) as Record<string, unknown> & { definitions?: Record<string, unknown> };
    const refs = (x: unknown) =>
      JSON.parse(JSON.stringify(x).replaceAll('"#/definitions/', '"#/components/schemas/')) as Record<
        string,
        unknown
      >;
    for (const [id, def] of Object.entries(definitions ?? {})) this.doc.schemas[id] = refs(def);
    return refs(schema);
  }

  private errorStatuses(spec: AnyRoute): number[] {
    const statuses = new Set<number>([400, ...(spec.errors ?? [])]);
    if (spec.auth === 'actor') statuses.add(401);
    if (spec.url.includes('/:')) statuses.add(404);
    if (this.rateLimitOf(spec)) statuses.add(429);
    return [...statuses].sort((a, b) => a - b);
  }

  /** The body a route reads: JSON checked by its schema (required unless the schema takes none), or raw. */
  private requestBody(spec: AnyRoute) {
    if (spec.rawBody) {
      const binary = { schema: { type: 'string', format: 'binary' } };
      const content = Object.fromEntries(spec.rawBody.contentTypes.map((type) => [type, binary]));
      return { requestBody: { description: spec.rawBody.description, required: true, content } };
    }
    if (!spec.body) return {};
    const schema = this.docSchema(spec.body, 'input');
    const required = !spec.body.safeParse(undefined).success;
    return { requestBody: { required, content: { 'application/json': { schema } } } };
  }

  private describe(spec: AnyRoute) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const js = this.docSchema(schema, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    if (spec.idempotent)
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'A retry with the same key returns the first result and creates nothing',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(spec.response)) {
      if (schema instanceof BinaryResponse)
        responses[status] = {
          description: schema.description,
          content: { [schema.contentType]: { schema: { type: 'string', format: 'binary' } } },
        };
      else if (status === '204') responses[status] = { description: 'No content' };
      else
        responses[status] = {
          description: status === '201' ? 'Created' : 'OK',
          content: { 'application/json': { schema: this.docSchema(schema!, 'output') } },
        };
    }
    for (const status of this.errorStatuses(spec))
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    (this.doc.paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      parameters,
      ...this.requestBody(spec),
      ...(spec.auth === 'actor' ? { security: [{ session: [] }, { apiKey: [] }] } : {}),
      responses,
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
        schemas: { Error: this.docSchema(ErrorBody, 'output'), ...this.doc.schemas },
      },
      paths: this.doc.paths,
    };
  }
}
