/**
 * The API's OpenAPI document from its route registrations alone: no server listens and no database opens
 * (`npm run api:generate` writes the web application's client from it).
 */
import Fastify from 'fastify';
import { registerApiRoutes } from './app.js';
import { loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { ApiRegistry } from './http/route.js';

export type OpenApiDocument = ReturnType<ApiRegistry['document']>;

/** Stands for what registering routes must not use: any use of it throws, naming it. */
function unused<T extends object>(name: string): T {
  const refuse = (): never => {
    throw new Error(`${name} was used while registering the API's routes`);
  };
  return new Proxy((() => undefined) as unknown as T, {
    get: refuse,
    has: refuse,
    set: refuse,
    apply: refuse,
  });
}

/** A context with the default configuration whose database, vault, clock, log and triage are never used. */
function registrationContext(): AppContext {
  return {
    db: unused('the database'),
    dbKind: 'pglite',
    config: loadConfig({}),
    vault: unused('the vault'),
    now: unused('the clock'),
    log: unused('the log'),
    triage: unused('the triage queue'),
  };
}

export async function openApiDocument(): Promise<OpenApiDocument> {
  const app = Fastify();
  const ctx = registrationContext();
  const api = new ApiRegistry(app, unused('authentication'), ctx.config.publicRateLimit);
  try {
    await registerApiRoutes(app, api, ctx, unused('OTP delivery'));
    return api.document();
  } finally {
    await app.close();
  }
}
