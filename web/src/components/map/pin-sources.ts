/**
 * Where the maps' pins come from: the staff endpoint under a list's filters (popup: the request's detail), or the
 * public one (popup: the published ticket's page).
 */
import { api } from '../../api/client';
import type { RequestFilters } from '../../api/models';
import { publicStatusText, statusText, typeText } from '../../lib/dict';
import { areaPath } from '../../stores/reference';
import type { PinSource } from './RequestPinsLayer';

/** At most this many pins a view: a map asks again when it moves (and says when a view holds more). */
const LIMIT = 500;

/** The requests the user may see that match the filters (the list's), placed in the view. */
export function staffPins(filters: Omit<RequestFilters, 'phone' | 'sort' | 'bbox'>): PinSource {
  return async (bbox) => {
    const a = await api.GET('/api/v1/requests/pins', {
      params: { query: { ...filters, bbox, limit: LIMIT } },
    });
    return {
      total: a.total,
      clipped: a.clipped,
      pins: a.items.map((p) => ({
        key: String(p.id),
        lat: p.lat,
        lon: p.lon,
        title: p.ticket_no,
        lines: [`${statusText(p.status)} · ${typeText(p.type)}`, areaPath(p.area_code)],
        href: `/print/requests/${p.id}`,
        urgent: p.urgent,
      })),
    };
  };
}

/** Published requests, each on the public grid. */
export const publicPins: PinSource = async (bbox) => {
  const a = await api.GET('/api/v1/public/pins', { params: { query: { bbox, limit: LIMIT } } });
  return {
    total: a.total,
    clipped: a.clipped,
    pins: a.items.map((p) => ({
      key: p.ticket_no,
      lat: p.lat,
      lon: p.lon,
      title: p.ticket_no,
      lines: [`${publicStatusText(p.status)} · ${typeText(p.type)}`, p.area?.name ?? ''],
      href: `/public/requests/${p.ticket_no}`,
    })),
  };
};
