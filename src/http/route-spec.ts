/** What a route of the API declares: its input, its answers, its policy and its handler (see ./route.ts). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from './actor.js';
import type { BinaryResponse } from './responses.js';

/** Who may call a route: anyone, or a logged-in actor (an API key, a session). */
export type Auth = 'public' | 'actor';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route answers when it succeeds: a JSON schema per status, or a binary body. */
export type ResponseSpec = Partial<Record<200 | 201 | 204, z.ZodType | BinaryResponse>>;

/** Error statuses a route may answer besides those every route of its kind may (see ./openapi.ts). */
export type ErrorStatus = 403 | 404 | 409 | 410 | 413 | 415 | 422 | 503;

/** Who calls a route with `auth` A: a logged-in actor, or anyone. */
export type Caller<A extends Auth> = A extends 'actor' ? Actor : Actor | null;

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
  A extends Auth,
  R extends ResponseSpec,
> = {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  auth: A;
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
  /** The policy the caller must pass once the input is parsed, before the handler runs: 403 otherwise. */
  allow?: (actor: Caller<A>) => boolean;
  handler: Handler<z.output<P>, z.output<Q>, z.output<B>, Caller<A>, R>;
};

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType, Auth, ResponseSpec>;

/** What a route declares besides its method, url, summary and handler; `auth` defaults to its feature's. */
export type RouteOptions<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  A extends Auth,
  R extends ResponseSpec,
> = Omit<RouteSpec<P, Q, B, A, R>, 'method' | 'url' | 'summary' | 'tag' | 'auth' | 'handler'> & { auth?: A };
