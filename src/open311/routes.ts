/**
 * Open311 GeoReport v2 under /open311/v2, every resource in .xml and .json, plus the mySociety/FixMyStreet
 * servicerequestupdates extension. Raw Fastify routes in their own scope: form bodies, errors (including body
 * parsing errors and 404s) and content types follow the spec, not the /api/v1 conventions.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiKey } from '../auth/api-keys.js';
import type { AppContext } from '../context.js';
import type { ApiKeyActor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { locatePoint } from '../routing/areas.js';
import { parseAttributeFields, validateAttributes } from './attributes.js';
import { Catalogue } from './catalogue.js';
import { applyOpen311Update, createOpen311Request } from './commands.js';
import {
  badRequest,
  forbidden,
  jsonPairs,
  notFound,
  Open311Error,
  Params,
  parseForm,
  queryPairs,
  type Pair,
} from './params.js';
import {
  MAX_DESCRIPTION,
  presentRequest,
  presentUpdate,
  reporterMask,
  statusNotes,
  type Mask,
} from './presenter.js';
import {
  departmentNames,
  feedEvents,
  findRequests,
  listJurisdictions,
  publicEvents,
  requestByToken,
  type Geo,
} from './queries.js';
import { parseExtendedStatus, type BaseStatus } from './status-map.js';
import { toXml, type Value } from './xml.js';

export { open311AdminRoutes } from './admin-routes.js';

export const OPEN311_PREFIX = '/open311/v2';
/** When this implementation's behaviour last changed (discovery's changeset). */
export const CHANGESET = '2025-06-01T00:00:00+08:00';
const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 90 * DAY_MS;
const MAX_RESULTS = 1000;

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The form body, marked so that a JSON array body is never mistaken for it. */
class FormBody {
  constructor(readonly pairs: Pair[]) {}
}

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  return reply
    .code(status)
    .header('content-type', CONTENT_TYPES[format])
    .send(format === 'json' ? JSON.stringify(value) : toXml(root, value));
}

/** The format an error is written in: the extension of the path, else the Accept header, else XML. */
function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0] ?? '';
  const ext = /\.(json|xml)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'xml') return ext;
  const accept = String(req.headers.accept ?? '').toLowerCase();
  const j = accept.indexOf('json');
  const x = accept.indexOf('xml');
  return j >= 0 && (x < 0 || j < x) ? 'json' : 'xml';
}

function sendError(reply: FastifyReply, format: Format, err: Open311Error) {
  const errors = err.descriptions.map((description) => ({ code: err.status, description }));
  return send(reply, format, 'errors', errors, err.status);
}

/** Our own errors (from shared commands and helpers) in the spec's three codes. */
function fromAppError(err: AppError): Open311Error {
  const details = err.details === undefined ? '' : `: ${JSON.stringify(err.details).slice(0, 300)}`;
  const text = `${err.messageEn}${details}`;
  if (err.status === 401 || err.status === 403) return new Open311Error(403, text);
  if (err.status === 404) return new Open311Error(404, text);
  if (err.status === 429) return new Open311Error(429, text);
  if (err.status >= 500) return new Open311Error(500, 'internal server error');
  return new Open311Error(400, text);
}

/** `abc.json` → ['abc', 'json']; any other extension is an unknown resource. */
function splitFormat(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw notFound(`unknown resource or format: ${file.slice(0, 80)}`);
  return [m[1]!, m[2] as Format];
}

type Jurisdiction = Awaited<ReturnType<typeof listJurisdictions>>[number];

export function open311Routes(app: FastifyInstance, ctx: AppContext): void {
  app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'buffer' },
        (_req, body: Buffer, done) => {
          try {
            done(null, new FormBody(parseForm(body)));
          } catch (err) {
            done(err as Error, undefined);
          }
        },
      );

      scope.setErrorHandler((err: FastifyError | AppError | Open311Error, req, reply) => {
        const format = formatOf(req);
        if (err instanceof Open311Error) return sendError(reply, format, err);
        if (err instanceof AppError) return sendError(reply, format, fromAppError(err));
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 429)
          return sendError(reply, format, new Open311Error(429, 'too many requests; retry later'));
        if ((err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
          return sendError(
            reply,
            format,
            badRequest('post the parameters as application/x-www-form-urlencoded'),
          );
        if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return sendError(reply, format, badRequest('the request body is too large'));
        if (status === 404) return sendError(reply, format, notFound('not found'));
        if (status && status >= 400 && status < 500)
          return sendError(reply, format, badRequest(String((err as Error).message ?? 'bad request')));
        req.log.error(err);
        ctx.log.error(`open311: unhandled error on ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
        return sendError(reply, format, new Open311Error(500, 'internal server error'));
      });
      const unknown = (req: FastifyRequest, reply: FastifyReply) =>
        sendError(reply, formatOf(req), notFound(`unknown resource: ${req.method} ${req.url.split('?')[0]}`));
      scope.setNotFoundHandler(unknown);
      // A catch-all of our own: a wildcard elsewhere in the app (the web UI's) must not answer under our prefix.
      scope.route({
        method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        url: '/*',
        handler: unknown,
      });

      const limited = { config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: 60_000 } } };

      /** jurisdiction_id: required when the deployment serves several, optional with one; unknown → 404. */
      const jurisdiction = async (p: Params): Promise<Jurisdiction> => {
        const all = await listJurisdictions(ctx.db);
        const given = p.get('jurisdiction_id');
        if (given !== undefined) {
          const j = all.find((x) => x.jurisdiction_id === given);
          if (!j) throw notFound(`jurisdiction_id not found: ${given.slice(0, 80)}`);
          return j;
        }
        if (all.length === 1) return all[0]!;
        if (all.length === 0) throw notFound('no jurisdiction is served here');
        throw badRequest('jurisdiction_id is required: this server serves several jurisdictions');
      };

      /** api_key (form, query) or the X-Api-Key header; missing, wrong, revoked or another city's → 403. */
      const apiKey = async (p: Params, req: FastifyRequest, j: Jurisdiction): Promise<ApiKeyActor> => {
        const header = req.headers['x-api-key'];
        const key =
          p.get('api_key') ?? (typeof header === 'string' && header.trim() ? header.trim() : undefined);
        if (!key) throw forbidden('api_key is required');
        const actor = await resolveApiKey(ctx.db, key);
        if (!actor) throw forbidden('api_key is not valid (unknown or revoked)');
        if (actor.jurisdictionId !== j.jurisdiction_id)
          throw forbidden('api_key is not valid for this jurisdiction');
        return actor;
      };

      const getParams = (req: FastifyRequest) => new Params(queryPairs(req.query));
      const postParams = (req: FastifyRequest) => {
        const body = req.body instanceof FormBody ? req.body.pairs : jsonPairs(req.body);
        return Params.merge(body, queryPairs(req.query));
      };

      for (const format of FORMATS) {
        // ── discovery ────────────────────────────────────────────────────────────────────────────────
        scope.get(`/discovery.${format}`, limited, async (req, reply) => {
          const all = await listJurisdictions(ctx.db);
          const home = all.find((j) => j.jurisdiction_id === ctx.config.defaultJurisdiction) ?? all[0];
          const settings = (home?.settings ?? {}) as Record<string, unknown>;
          const contact =
            typeof settings.open311_contact === 'string'
              ? settings.open311_contact
              : `${home?.name ?? ''} 12345政务服务便民热线；接口问题请联系平台管理员`;
          return send(reply, format, 'discovery', {
            changeset: CHANGESET,
            contact,
            key_service:
              'API 密钥由平台管理员在控制台创建（POST /api/v1/admin/api-keys），或在服务器上运行 banshi apikey create --name NAME',
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url: `${req.protocol}://${req.host}${OPEN311_PREFIX}`,
                changeset: CHANGESET,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          });
        });

        // ── services ─────────────────────────────────────────────────────────────────────────────────
        scope.get(`/services.${format}`, limited, async (req, reply) => {
          const j = await jurisdiction(getParams(req));
          const cat = await Catalogue.load(ctx.db, j.jurisdiction_id);
          return send(reply, format, 'services', cat.services());
        });

        // ── requests ─────────────────────────────────────────────────────────────────────────────────
        scope.get(`/requests.${format}`, limited, async (req, reply) => {
          const p = getParams(req);
          const j = await jurisdiction(p);
          const cat = await Catalogue.load(ctx.db, j.jurisdiction_id);
          const ids = p.list('service_request_id');
          let rows;
          if (ids) {
            if (ids.length > MAX_RESULTS) throw badRequest(`at most ${MAX_RESULTS} service_request_id`);
            rows = await findRequests(ctx.db, j.jurisdiction_id, { kind: 'ids', ids });
          } else {
            const serviceCodes = p.list('service_code');
            for (const c of serviceCodes ?? [])
              if (!cat.get(c)) throw notFound(`service_code not found: ${c}`);
            const statuses = p.list('status');
            for (const s of statuses ?? [])
              if (s !== 'open' && s !== 'closed')
                throw badRequest(`status: must be open or closed, not ${s}`);
            const { start, end } = dateWindow(p, ctx.now());
            const { limit, offset } = paging(p);
            rows = await findRequests(ctx.db, j.jurisdiction_id, {
              kind: 'search',
              serviceCodes,
              statuses: statuses as BaseStatus[] | undefined,
              start,
              end,
              geo: geoFilter(p),
              limit,
              offset,
            });
          }
          return send(reply, format, 'service_requests', await present(j, cat, rows));
        });

        scope.post(`/requests.${format}`, async (req, reply) => {
          const p = postParams(req);
          const j = await jurisdiction(p);
          const actor = await apiKey(p, req, j);
          const cat = await Catalogue.load(ctx.db, j.jurisdiction_id);
          const serviceCode = p.require('service_code');
          if (!cat.offers(serviceCode)) throw notFound(`service_code not found: ${serviceCode.slice(0, 80)}`);

          const lat = p.number('lat', { min: -90, max: 90 });
          const lon = p.number('long', { min: -180, max: 180 });
          if ((lat === undefined) !== (lon === undefined)) throw badRequest('lat and long go together');
          const addressString = p.get('address_string')?.trim();
          const addressId = p.get('address_id')?.trim();
          if (lat === undefined && !addressString && !addressId)
            throw badRequest('a location is required: lat and long, address_string or address_id');
          if (addressString && [...addressString].length > 300)
            throw badRequest('address_string: longer than 300 characters');
          if (addressId) {
            const area = await ctx.db
              .selectFrom('areas')
              .select('code')
              .where('jurisdiction_id', '=', j.jurisdiction_id)
              .where('code', '=', addressId)
              .executeTakeFirst();
            if (!area) throw badRequest(`address_id is not a known area code: ${addressId.slice(0, 80)}`);
          }
          if (lat !== undefined && lon !== undefined) {
            if (!(await locatePoint(ctx.db, j.jurisdiction_id, lon, lat)))
              throw badRequest('lat/long is outside the jurisdiction');
          }

          const description = p.get('description');
          if (description !== undefined && [...description].length > MAX_DESCRIPTION)
            throw badRequest(`description: longer than ${MAX_DESCRIPTION} characters`);
          const attributes = validateAttributes(
            cat.attributesFor(serviceCode),
            parseAttributeFields(p.pairs),
          );
          const mediaUrl = p.get('media_url');
          if (mediaUrl !== undefined) checkUrl('media_url', mediaUrl);
          const email = p.get('email')?.trim();
          if (email !== undefined && (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)))
            throw badRequest('email: not an e-mail address');
          for (const k of ['first_name', 'last_name', 'phone', 'account_id', 'device_id'])
            if ((p.get(k)?.length ?? 0) > 200) throw badRequest(`${k}: too long`);

          const created = await createOpen311Request(ctx, actor, cat, {
            serviceCode,
            description,
            lat,
            lon,
            addressString,
            addressId,
            attributes,
            mediaUrl,
            email,
            phone: p.get('phone'),
            firstName: p.get('first_name'),
            lastName: p.get('last_name'),
            accountId: p.get('account_id'),
            deviceId: p.get('device_id'),
          });
          return send(reply, format, 'service_requests', [
            {
              service_request_id: created.request.ticket_no,
              token: created.token,
              service_notice: created.serviceNotice,
              account_id: created.accountId,
            },
          ]);
        });

        // ── the mySociety/FixMyStreet update extension ───────────────────────────────────────────────
        scope.get(`/servicerequestupdates.${format}`, limited, async (req, reply) => {
          const p = getParams(req);
          const j = await jurisdiction(p);
          const { start, end } = dateWindow(p, ctx.now());
          const { limit, offset } = paging(p);
          // One mask per request of the page: its names are decrypted once, not per event.
          const masks = new Map<number, Mask>();
          const [events, names] = await Promise.all([
            feedEvents(ctx.db, j.jurisdiction_id, {
              start,
              end,
              ids: p.list('service_request_id'),
              limit,
              offset,
            }),
            departmentNames(ctx.db, j.jurisdiction_id),
          ]);
          return send(
            reply,
            format,
            'service_request_updates',
            events.map((e) => presentUpdate(e, names, j.timezone, maskFor(masks, e))),
          );
        });

        scope.post(`/servicerequestupdates.${format}`, async (req, reply) => {
          const p = postParams(req);
          const j = await jurisdiction(p);
          const actor = await apiKey(p, req, j);
          const serviceRequestId = p.require('service_request_id');
          const updateId = p.require('update_id');
          if (updateId.length > 200) throw badRequest('update_id: too long');
          const rawStatus = p.require('status');
          const status = parseExtendedStatus(rawStatus);
          if (!status) throw badRequest(`status: not an extended status: ${rawStatus.slice(0, 40)}`);
          p.require('updated_datetime');
          const updatedAt = p.date('updated_datetime')!;
          const description = p.get('description');
          if (description !== undefined && [...description].length > MAX_DESCRIPTION)
            throw badRequest(`description: longer than ${MAX_DESCRIPTION} characters`);
          const mediaUrls = [...new Set(p.all('media_url').filter((u) => u.trim() !== ''))];
          for (const u of mediaUrls) checkUrl('media_url', u);
          const result = await applyOpen311Update(ctx, actor, {
            serviceRequestId,
            updateId,
            status,
            updatedAt,
            description,
            mediaUrls,
          });
          return send(reply, format, 'service_request_updates', [{ update_id: result.updateId }]);
        });
      }

      // ── resources named in the path: services/{code}, requests/{id}, tokens/{token} ──────────────────
      scope.get('/services/:file', limited, async (req, reply) => {
        const [code, format] = splitFormat((req.params as { file: string }).file);
        const j = await jurisdiction(getParams(req));
        const cat = await Catalogue.load(ctx.db, j.jurisdiction_id);
        if (!cat.offers(code)) throw notFound(`service_code not found: ${code.slice(0, 80)}`);
        const attributes = cat.attributesFor(code).map((a) => ({
          variable: a.variable,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.datatype_description,
          order: a.order,
          description: a.description,
          ...(a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist'
            ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) }
            : {}),
        }));
        return send(reply, format, 'service_definition', { service_code: code, attributes });
      });

      scope.get('/requests/:file', limited, async (req, reply) => {
        const [id, format] = splitFormat((req.params as { file: string }).file);
        const j = await jurisdiction(getParams(req));
        const cat = await Catalogue.load(ctx.db, j.jurisdiction_id);
        const rows = await findRequests(ctx.db, j.jurisdiction_id, { kind: 'ids', ids: [id] });
        if (rows.length === 0) throw notFound(`service_request_id not found: ${id.slice(0, 80)}`);
        return send(reply, format, 'service_requests', await present(j, cat, rows));
      });

      scope.get('/tokens/:file', limited, async (req, reply) => {
        const [token, format] = splitFormat((req.params as { file: string }).file);
        const j = await jurisdiction(getParams(req));
        const found = await requestByToken(ctx.db, j.jurisdiction_id, token);
        if (!found) throw notFound(`token not found: ${token.slice(0, 80)}`);
        return send(reply, format, 'service_requests', [
          { service_request_id: found.ticket_no, token: found.token },
        ]);
      });

      async function present(
        j: Jurisdiction,
        cat: Catalogue,
        rows: Awaited<ReturnType<typeof findRequests>>,
      ) {
        const [events, names] = await Promise.all([
          publicEvents(
            ctx.db,
            j.jurisdiction_id,
            rows.map((r) => r.id),
          ),
          departmentNames(ctx.db, j.jurisdiction_id),
        ]);
        return rows.map((r) => {
          const mask = reporterMask(ctx.vault, r.reporter_name_enc, r.name_enc);
          const notes = statusNotes(r.status, events.get(r.id) ?? [], names, r.ticket_no, mask);
          return presentRequest(r, cat, notes, j.timezone, mask);
        });
      }

      function maskFor(
        masks: Map<number, Mask>,
        e: { request_id: number; reporter_name_enc: string | null; name_enc: string | null },
      ) {
        let m = masks.get(e.request_id);
        if (!m) {
          m = reporterMask(ctx.vault, e.reporter_name_enc, e.name_enc);
          masks.set(e.request_id, m);
        }
        return m;
      }
    },
    { prefix: OPEN311_PREFIX },
  );
}

/**
 * start_date/end_date: both → at most 90 days apart (else 400), end not before start; one → the 90 days
 * after (or before) it; none → the last 90 days.
 */
export function dateWindow(p: Params, now: Date): { start: Date; end: Date } {
  const start = p.date('start_date');
  const end = p.date('end_date');
  if (start && end) {
    if (end.getTime() < start.getTime()) throw badRequest('end_date is before start_date');
    if (end.getTime() - start.getTime() > MAX_WINDOW_MS)
      throw badRequest('start_date and end_date are more than 90 days apart');
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + MAX_WINDOW_MS) };
  if (end) return { start: new Date(end.getTime() - MAX_WINDOW_MS), end };
  return { start: new Date(now.getTime() - MAX_WINDOW_MS), end: now };
}

/** The page / page_size extension; by default the first 1,000 results. */
export function paging(p: Params): { limit: number; offset: number } {
  const pageSize = p.number('page_size', { min: 1, max: MAX_RESULTS, integer: true }) ?? MAX_RESULTS;
  const page = p.number('page', { min: 1, max: 1_000_000, integer: true }) ?? 1;
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/** lat/long (+ radius in metres, default 1,000) or bbox=minlon,minlat,maxlon,maxlat. */
export function geoFilter(p: Params): Geo | undefined {
  const lat = p.number('lat', { min: -90, max: 90 });
  const lon = p.number('long', { min: -180, max: 180 });
  const radius = p.number('radius', { min: 1, max: 100_000 });
  const bbox = p.get('bbox');
  if ((lat === undefined) !== (lon === undefined)) throw badRequest('lat and long go together');
  if (radius !== undefined && lat === undefined) throw badRequest('radius needs lat and long');
  if (bbox !== undefined && lat !== undefined) throw badRequest('give either lat/long/radius or bbox');
  if (lat !== undefined && lon !== undefined) return { kind: 'radius', lat, lon, metres: radius ?? 1000 };
  if (bbox === undefined) return undefined;
  const parts = bbox.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 4 || parts.some((s) => s === '') || nums.some((n) => !Number.isFinite(n)))
    throw badRequest('bbox: four numbers minlon,minlat,maxlon,maxlat');
  const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
  if (minLon > maxLon || minLat > maxLat || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
    throw badRequest('bbox: minlon,minlat,maxlon,maxlat within -180..180 and -90..90, min before max');
  return { kind: 'bbox', minLon, minLat, maxLon, maxLat };
}

function checkUrl(name: string, value: string): void {
  let ok = false;
  try {
    const u = new URL(value);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && value.length <= 2000;
  } catch {
    ok = false;
  }
  if (!ok) throw badRequest(`${name}: not an http(s) URL`);
}
