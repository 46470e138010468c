/**
 * What the GeoReport endpoints read from their parameters, checked as the spec and our conventions say: the
 * date window, paging, a place to search around, a request to file, an update to apply. Any bad value is a 400
 * in the spec's format (an Open311Error), never a 500.
 */
import type { AppContext } from '../context.js';
import { locatePoint } from '../routing/areas.js';
import { referenceCache } from '../routing/reference-cache.js';
import { parseAttributeFields, validateAttributes } from './attributes.js';
import type { Catalogue } from './catalogue.js';
import type { IncomingUpdate, NewOpen311Request } from './commands.js';
import { badRequest, notFound, type Params } from './params.js';
import { MAX_DESCRIPTION } from './presenter.js';
import type { Geo, RequestFilter } from './queries.js';
import { parseExtendedStatus, type BaseStatus } from './status-map.js';

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 90 * DAY_MS;
/** The most results a page holds (and the most ids one call may name). */
export const MAX_RESULTS = 1000;

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

/** lat and long, both or neither. */
function point(p: Params): { lat: number; lon: number } | undefined {
  const lat = p.number('lat', { min: -90, max: 90 });
  const lon = p.number('long', { min: -180, max: 180 });
  if ((lat === undefined) !== (lon === undefined)) throw badRequest('lat and long go together');
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

/** lat/long (+ radius in metres, default 1,000) or bbox=minlon,minlat,maxlon,maxlat. */
export function geoFilter(p: Params): Geo | undefined {
  const at = point(p);
  const radius = p.number('radius', { min: 1, max: 100_000 });
  const bbox = p.get('bbox');
  if (radius !== undefined && !at) throw badRequest('radius needs lat and long');
  if (bbox !== undefined && at) throw badRequest('give either lat/long/radius or bbox');
  if (at) return { kind: 'radius', ...at, metres: radius ?? 1000 };
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

/** GET requests: the ids asked for (they override the rest), or a search. */
export function readRequestSearch(p: Params, cat: Catalogue, now: Date): RequestFilter {
  const ids = p.list('service_request_id');
  if (ids) {
    if (ids.length > MAX_RESULTS) throw badRequest(`at most ${MAX_RESULTS} service_request_id`);
    return { kind: 'ids', ids };
  }
  const serviceCodes = p.list('service_code');
  for (const c of serviceCodes ?? []) if (!cat.get(c)) throw notFound(`service_code not found: ${c}`);
  const statuses = p.list('status');
  for (const s of statuses ?? [])
    if (s !== 'open' && s !== 'closed') throw badRequest(`status: must be open or closed, not ${s}`);
  return {
    kind: 'search',
    serviceCodes,
    statuses: statuses as BaseStatus[] | undefined,
    ...dateWindow(p, now),
    geo: geoFilter(p),
    ...paging(p),
  };
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

function checkDescription(description: string | undefined): void {
  if (description !== undefined && [...description].length > MAX_DESCRIPTION)
    throw badRequest(`description: longer than ${MAX_DESCRIPTION} characters`);
}

/**
 * POST requests: a known service, one location (a point inside the jurisdiction, an address, or a known area
 * code), its attributes checked against the service's definition, and the optional fields within bounds.
 */
export async function readNewRequest(
  ctx: AppContext,
  p: Params,
  cat: Catalogue,
  jurisdictionId: string,
): Promise<NewOpen311Request> {
  const serviceCode = p.require('service_code');
  if (!cat.offers(serviceCode)) throw notFound(`service_code not found: ${serviceCode.slice(0, 80)}`);
  const at = point(p);
  const addressString = p.get('address_string')?.trim();
  const addressId = p.get('address_id')?.trim();
  if (!at && !addressString && !addressId)
    throw badRequest('a location is required: lat and long, address_string or address_id');
  if (addressString && [...addressString].length > 300)
    throw badRequest('address_string: longer than 300 characters');
  if (addressId && !(await referenceCache(ctx.db).get(jurisdictionId)).areas.has(addressId))
    throw badRequest(`address_id is not a known area code: ${addressId.slice(0, 80)}`);
  if (at && !(await locatePoint(ctx.db, jurisdictionId, at.lon, at.lat)))
    throw badRequest('lat/long is outside the jurisdiction');

  const description = p.get('description');
  checkDescription(description);
  const attributes = validateAttributes(cat.attributesFor(serviceCode), parseAttributeFields(p.pairs));
  const mediaUrl = p.get('media_url');
  if (mediaUrl !== undefined) checkUrl('media_url', mediaUrl);
  const email = p.get('email')?.trim();
  if (email !== undefined && (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)))
    throw badRequest('email: not an e-mail address');
  for (const k of ['first_name', 'last_name', 'phone', 'account_id', 'device_id'])
    if ((p.get(k)?.length ?? 0) > 200) throw badRequest(`${k}: too long`);
  return {
    serviceCode,
    description,
    lat: at?.lat,
    lon: at?.lon,
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
  };
}

/** POST servicerequestupdates: the request, the client's update id, an extended status, when and what. */
export function readUpdate(p: Params): IncomingUpdate {
  const serviceRequestId = p.require('service_request_id');
  const updateId = p.require('update_id');
  if (updateId.length > 200) throw badRequest('update_id: too long');
  const rawStatus = p.require('status');
  const status = parseExtendedStatus(rawStatus);
  if (!status) throw badRequest(`status: not an extended status: ${rawStatus.slice(0, 40)}`);
  p.require('updated_datetime');
  const updatedAt = p.date('updated_datetime')!;
  const description = p.get('description');
  checkDescription(description);
  const mediaUrls = [...new Set(p.all('media_url').filter((u) => u.trim() !== ''))];
  for (const u of mediaUrls) checkUrl('media_url', u);
  return { serviceRequestId, updateId, status, updatedAt, description, mediaUrls };
}
