/**
 * What every GeoReport resource shares: answers and errors in the format the path asks for, the form body,
 * the jurisdiction and the API key of a call.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiKey } from '../../auth/api-keys.js';
import { lockedFor, recordFailure } from '../../auth/throttle.js';
import type { AppContext } from '../../context.js';
import type { ApiKeyActor } from '../../http/actor.js';
import type { AppError } from '../../http/errors.js';
import {
  badRequest,
  forbidden,
  tooManyRequests,
  jsonPairs,
  notFound,
  Open311Error,
  Params,
  queryPairs,
  type Pair,
} from '../params.js';
import { listJurisdictions } from '../queries.js';
import { toXml, type Value } from '../xml.js';

export const OPEN311_PREFIX = '/open311/v2';

/** Wrong api_keys one address may send in a window before it is answered 429. */
const KEY_GUESSES = { failures: 20, windowMs: 10 * 60_000 };

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];
const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The form body, marked so that a JSON array body is never mistaken for it. */
export class FormBody {
  constructor(readonly pairs: Pair[]) {}
}

export function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  return reply
    .code(status)
    .header('content-type', CONTENT_TYPES[format])
    .send(format === 'json' ? JSON.stringify(value) : toXml(root, value));
}

/** The format an error is written in: the extension of the path, else the Accept header, else XML. */
export function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0] ?? '';
  const ext = /\.(json|xml)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'xml') return ext;
  const accept = String(req.headers.accept ?? '').toLowerCase();
  const j = accept.indexOf('json');
  const x = accept.indexOf('xml');
  return j >= 0 && (x < 0 || j < x) ? 'json' : 'xml';
}

export function sendError(reply: FastifyReply, format: Format, err: Open311Error) {
  const errors = err.descriptions.map((description) => ({ code: err.status, description }));
  return send(reply, format, 'errors', errors, err.status);
}

/** Our own errors (from shared commands and helpers) in the spec's three codes. */
export function fromAppError(err: AppError): Open311Error {
  const details = err.details === undefined ? '' : `: ${JSON.stringify(err.details).slice(0, 300)}`;
  const text = `${err.messageEn}${details}`;
  if (err.status === 401 || err.status === 403) return new Open311Error(403, text);
  if (err.status === 404) return new Open311Error(404, text);
  if (err.status === 429) return new Open311Error(429, text);
  if (err.status >= 500) return new Open311Error(500, 'internal server error');
  return new Open311Error(400, text);
}

/** `abc.json` → ['abc', 'json']; any other extension is an unknown resource. */
export function splitFormat(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw notFound(`unknown resource or format: ${file.slice(0, 80)}`);
  return [m[1]!, m[2] as Format];
}

export type Jurisdiction = Awaited<ReturnType<typeof listJurisdictions>>[number];

/** The parameters of a GET (the query string), of a POST (the form, then the query string). */
export const getParams = (req: FastifyRequest) => new Params(queryPairs(req.query));
export const postParams = (req: FastifyRequest) => {
  const body = req.body instanceof FormBody ? req.body.pairs : jsonPairs(req.body);
  return Params.merge(body, queryPairs(req.query));
};

/** What a call is about besides its resource: the jurisdiction, the caller's key, the public rate limit. */
export function callContext(ctx: AppContext) {
  return {
    /** Options of a public (GET) route: rate-limited per address. */
    limited: { config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: 60_000 } } },
    /** Options of a POST: rate-limited per address at the integrations' own rate. */
    writeLimited: { config: { rateLimit: { max: ctx.config.open311WriteRateLimit, timeWindow: 60_000 } } },

    /** jurisdiction_id: required when the deployment serves several, optional with one; unknown → 404. */
    async jurisdiction(p: Params): Promise<Jurisdiction> {
      const all = await listJurisdictions(ctx);
      const given = p.get('jurisdiction_id');
      if (given !== undefined) {
        const j = all.find((x) => x.jurisdiction_id === given);
        if (!j) throw notFound(`jurisdiction_id not found: ${given.slice(0, 80)}`);
        return j;
      }
      if (all.length === 1) return all[0]!;
      if (all.length === 0) throw notFound('no jurisdiction is served here');
      throw badRequest('jurisdiction_id is required: this server serves several jurisdictions');
    },

    /**
     * api_key (form, query) or the X-Api-Key header; missing, wrong, revoked or another city's → 403. An address
     * that has sent KEY_GUESSES.failures wrong keys in the window is answered 429 until the window ends, whatever it
     * sends: keys cannot be guessed at the write rate.
     */
    async apiKey(p: Params, req: FastifyRequest, j: Jurisdiction): Promise<ApiKeyActor> {
      const header = req.headers['x-api-key'];
      const key =
        p.get('api_key') ?? (typeof header === 'string' && header.trim() ? header.trim() : undefined);
      if (!key) throw forbidden('api_key is required');
      const guesses = `address:${ctx.vault.hash(`open311-api-key:${req.ip}`)}`;
      const wait = await lockedFor(ctx.db, j.jurisdiction_id, guesses, KEY_GUESSES, ctx.now());
      if (wait !== null)
        throw tooManyRequests(`too many invalid api_key attempts; retry in ${Math.ceil(wait / 1000)} s`);
      const actor = await resolveApiKey(ctx, key);
      const refusal = !actor
        ? 'api_key is not valid (unknown or revoked)'
        : actor.jurisdictionId !== j.jurisdiction_id
          ? 'api_key is not valid for this jurisdiction'
          : null;
      if (refusal) {
        await recordFailure(ctx.db, j.jurisdiction_id, guesses, KEY_GUESSES.windowMs, ctx.now());
        throw forbidden(refusal);
      }
      return actor!;
    },
  };
}
export type CallContext = ReturnType<typeof callContext>;
