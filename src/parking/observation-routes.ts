/** 锡慧停: live occupancy pushed by integrations, and the sites near a 12345 request. */
import type { AppContext } from '../context.js';
import type { ApiRegistry } from '../http/route.js';
import { ensureAllowed, mayReadParkingNearRequests } from '../http/policies.js';
import { recordObservations } from './commands/observations.js';
import {
  IdParams,
  ObservationsBody,
  ObservationsReceipt,
  RequestParking,
  RequestParkingQuery,
} from './schemas.js';
import { requestParkingView } from './views.js';

export function parkingObservationRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('parking');
  route.post(
    '/api/v1/parking/observations',
    '实时泊位上报 Gate and sensor systems push occupancy (X-Api-Key): one observation or {observations:[…]} of up to 1,000; checked whole, a repeat applied once',
    { body: ObservationsBody, response: { 200: ObservationsReceipt }, errors: [403] },
    async ({ actor, body }) =>
      recordObservations(ctx, { actor, observations: 'observations' in body ? body.observations : [body] }),
  );

  route.get(
    '/api/v1/requests/:id/parking',
    '诉求周边停车 The parking sites near a request and their share windows, and whether it is about parking (for the dispatcher)',
    { params: IdParams, query: RequestParkingQuery, response: { 200: RequestParking }, errors: [403] },
    async ({ actor, params, query }) => {
      ensureAllowed(mayReadParkingNearRequests(actor));
      return requestParkingView(ctx, actor, params.id, query.radius);
    },
  );
}
