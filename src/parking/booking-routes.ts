/** 锡慧停: residents' bookings, the operators' check-in, and the passes that admit residents to an audience. */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { actsOn, creates, type ApiRegistry } from '../http/route.js';
import { bookSpace } from './commands/book.js';
import { cancelBooking, checkIn, completeBooking } from './commands/bookings.js';
import { grantPass, revokePass } from './commands/passes.js';
import {
  BookingBody,
  CheckedIn,
  CheckInBody,
  IdParams,
  MyBooking,
  MyBookingList,
  ParkingPass,
  ParkingPassList,
  PassBody,
  PassesQuery,
  SiteBooking,
  SiteBookingList,
  SiteBookingsQuery,
} from './schemas.js';
import {
  checkedInView,
  myBookingsView,
  myBookingView,
  passesView,
  passView,
  siteBookingsView,
  siteBookingView,
} from './views.js';

export function parkingBookingRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('parking');
  const myBooking = (actor: Actor, id: number) => myBookingView(ctx, actor, id);
  const pass = (actor: Actor, id: number) => passView(ctx, actor, id);

  route.post(
    '/api/v1/parking/bookings',
    '预约共享泊位 A resident books a shared space in a window for a plate (409 parking_full when the window has no space left then)',
    { body: BookingBody, response: { 201: MyBooking }, errors: [403, 404, 409, 422] },
    creates(ctx, bookSpace, myBooking),
  );

  route.get(
    '/api/v1/parking/bookings/mine',
    '我的预约 The resident’s bookings (the current one first: find my car)',
    { response: { 200: MyBookingList } },
    async ({ actor }) => myBookingsView(ctx, actor),
  );

  route.get(
    '/api/v1/parking/bookings/:id',
    '预约详情 One of the resident’s bookings',
    { params: IdParams, response: { 200: MyBooking } },
    async ({ actor, params }) => myBooking(actor, params.id),
  );

  route.post(
    '/api/v1/parking/bookings/:id/cancel',
    '取消预约 The resident cancels a booking before checking in',
    { params: IdParams, response: { 200: MyBooking }, errors: [409] },
    actsOn(ctx, cancelBooking, myBooking),
  );

  route.get(
    '/api/v1/parking/sites/:id/bookings',
    '停车场预约 A site’s bookings of a day for its operator (plates masked)',
    { params: IdParams, query: SiteBookingsQuery, response: { 200: SiteBookingList }, errors: [403] },
    async ({ actor, params, query }) => siteBookingsView(ctx, actor, params.id, query),
  );

  route.post(
    '/api/v1/parking/sites/:id/check-in',
    '入场核验 The site’s operator checks a car in by its plate (the answer shows the plate in full)',
    { params: IdParams, body: CheckInBody, response: { 200: CheckedIn }, errors: [403] },
    async ({ actor, params, body }) => {
      const id = await checkIn(ctx, { actor, siteId: params.id, plate: body.plate });
      return checkedInView(ctx, actor, id);
    },
  );

  route.post(
    '/api/v1/parking/bookings/:id/complete',
    '离场 The site’s operator marks a checked-in car gone',
    { params: IdParams, response: { 200: SiteBooking }, errors: [409] },
    actsOn(ctx, completeBooking, (actor, id) => siteBookingView(ctx, actor, id)),
  );

  route.post(
    '/api/v1/parking/passes',
    '准入名单 Admit a phone to an audience: a school’s parents or a unit’s staff (site_id), a community’s residents (area_code)',
    { body: PassBody, response: { 201: ParkingPass }, errors: [403, 404, 422] },
    creates(ctx, grantPass, pass),
  );

  route.get(
    '/api/v1/parking/passes',
    '准入名单列表 Passes of a site (its operator) or of a community (its committee); all for admins',
    { query: PassesQuery, response: { 200: ParkingPassList }, errors: [403] },
    async ({ actor, query }) => passesView(ctx, actor, { siteId: query.site_id, areaCode: query.area_code }),
  );

  route.delete(
    '/api/v1/parking/passes/:id',
    '撤销准入 Revoke a pass',
    { params: IdParams, response: { 200: ParkingPass } },
    actsOn(ctx, revokePass, pass),
  );
}
