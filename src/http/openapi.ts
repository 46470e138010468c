/** The API's OpenAPI document, written as the routes are registered (see ./route.ts). */
import { z } from 'zod';
import { BinaryResponse, ErrorBody } from './responses.js';
import type { AnyRoute } from './route-spec.js';

/** The refusals, each described once as a shared response (components.responses) that operations refer to. */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadInput',
    description: 'Bad input (validation_failed, malformed_json, invalid_characters, text_too_long …)',
  },
  401: { name: 'Unauthenticated', description: 'Not logged in (unauthenticated), or wrong credentials' },
  403: { name: 'Forbidden', description: 'Not allowed (forbidden)' },
  404: { name: 'NotFound', description: 'Not found, or not visible to the caller (not_found)' },
  409: {
    name: 'Conflict',
    description:
      'Conflicts with the current state (conflict, version_conflict, illegal_transition, idempotency_conflict)',
  },
  410: { name: 'Gone', description: 'A link that has expired (link_expired)' },
  413: { name: 'PayloadTooLarge', description: 'The body is too large (payload_too_large)' },
  415: { name: 'UnsupportedMediaType', description: 'Unsupported content type (unsupported_media_type)' },
  422: {
    name: 'UnknownReference',
    description:
      'A referenced code does not exist, a place is outside the jurisdiction, or a value is refused (template_invalid, channel_not_configured)',
  },
  429: { name: 'RateLimited', description: 'Too many requests (rate_limited)' },
  503: {
    name: 'ServiceUnavailable',
    description: 'A service the answer needs is not installed on the server (pdf_unavailable)',
  },
};

/** The refusals a route may answer: 400 always, 401 logged in, 403 with a policy, 404 with ids, 429 limited. */
function errorStatuses(spec: AnyRoute, rateLimited: boolean): number[] {
  const statuses = new Set<number>([400, ...(spec.errors ?? [])]);
  if (spec.allow) statuses.add(403);
  if (spec.auth === 'actor') statuses.add(401);
  if (spec.url.includes('/:')) statuses.add(404);
  if (rateLimited) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

/** The paths being described, and the schemas named with zod's `.meta({ id })`. */
export class OpenApiDocument {
  private readonly paths: Record<string, Record<string, unknown>> = {};
  private readonly schemas: Record<string, unknown> = {};

  /**
   * A zod schema as an OpenAPI 3.0 schema object. Schemas named with `.meta({ id })` become components that
   * every use refers to, so that a generated client has them as named types.
   */
  private schema(s: z.ZodType, io: 'input' | 'output') {
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
    for (const [id, def] of Object.entries(definitions ?? {})) this.schemas[id] = refs(def);
    return refs(schema);
  }

  /** The body a route reads: JSON checked by its schema (required unless the schema takes none), or raw. */
  private requestBody(spec: AnyRoute) {
    if (spec.rawBody) {
      const binary = { schema: { type: 'string', format: 'binary' } };
      const content = Object.fromEntries(spec.rawBody.contentTypes.map((type) => [type, binary]));
      return { requestBody: { description: spec.rawBody.description, required: true, content } };
    }
    if (!spec.body) return {};
    const schema = this.schema(spec.body, 'input');
    const required = !spec.body.safeParse(undefined).success;
    return { requestBody: { required, content: { 'application/json': { schema } } } };
  }

  describe(spec: AnyRoute, rateLimited: boolean) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const js = this.schema(schema, 'input') as {
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
          content: { 'application/json': { schema: this.schema(schema!, 'output') } },
        };
    }
    for (const status of errorStatuses(spec, rateLimited))
      responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` };
    (this.paths[path] ??= {})[spec.method.toLowerCase()] = {
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
        schemas: { Error: this.schema(ErrorBody, 'output'), ...this.schemas },
        responses: Object.fromEntries(
          Object.values(ERROR_RESPONSES).map(({ name, description }) => [
            name,
            {
              description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          ]),
        ),
      },
      paths: this.paths,
    };
  }
}
