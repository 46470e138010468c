/**
 * What the 锡慧停 parking API takes and answers. Sites go out with ParkAPI v3's field names (ParkenDD's
 * parkapi-sources-v3: capacity, realtime_free_capacity, realtime_opening_status, opening_hours, has_fee, …) so
 * that open parking clients read banshi; banshi's own fields (kind, area, shares, availability, forecast) sit
 * beside them. Histories and forecasts have ParkAPI's timespan shape: {version: 1.1, data: [{timestamp, free}]}.
 */
import { z } from 'zod';
import { PARKING_AUDIENCES, PARKING_SITE_KINDS, BOOKING_STATUSES } from '../db/schema.js';
import {
  BboxQuery,
  BooleanQuery,
  DateTimeQuery,
  IdParams,
  IsoDate,
  Latitude,
  Longitude,
  paging,
} from '../http/inputs.js';
import { importCounts, Instant, itemsOf, LocalDate, pageOf } from '../http/responses.js';
import { PhoneInput } from '../requests/schemas.js';

export { IdParams };

const Code = z.string().trim().min(1).max(64);
const Text = (max: number) => z.string().trim().max(max);
const Count = z.number().int().min(0).max(100_000);
/** An instant with its offset, as integrations and phones send it. */
const InstantInput = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const SiteKind = z.enum(PARKING_SITE_KINDS);
export const Audience = z.enum(PARKING_AUDIENCES);
const PassAudience = z.enum(['residents', 'parents', 'staff']);
const Version = z.number().int().positive().optional();

const siteFields = {
  code: Code,
  name: z.string().trim().min(1).max(200),
  kind: SiteKind,
  operator_name: Text(200),
  operator_department_code: Code.nullable(),
  address: Text(300),
  lat: Latitude,
  lon: Longitude,
  capacity: Count,
  capacity_disabled: Count,
  capacity_charging: Count,
  has_fee: z.boolean(),
  fee_description: Text(1000),
  opening_hours: z.string().trim().min(1).max(500),
  shares: z.boolean(),
  osm_id: z
    .string()
    .regex(/^(node|way|relation)\/\d{1,15}$/)
    .nullable(),
  realtime_interval_seconds: z.number().int().min(5).max(86_400),
  active: z.boolean(),
};

export const SiteBody = z
  .object({
    ...siteFields,
    operator_name: siteFields.operator_name.default(''),
    operator_department_code: siteFields.operator_department_code.default(null),
    address: siteFields.address.default(''),
    capacity_disabled: Count.default(0),
    capacity_charging: Count.default(0),
    has_fee: z.boolean().default(true),
    fee_description: siteFields.fee_description.default(''),
    opening_hours: siteFields.opening_hours.default('24/7'),
    shares: z.boolean().default(false),
    osm_id: siteFields.osm_id.default(null),
    realtime_interval_seconds: siteFields.realtime_interval_seconds.default(300),
    active: z.boolean().default(true),
  })
  .strict();
export type SiteInput = z.output<typeof SiteBody>;

export const SitePatchBody = z
  .object({ ...siteFields, expected_version: Version })
  .omit({ code: true })
  .partial()
  .strict();

export const SitesQuery = z
  .object({
    kind: SiteKind.optional(),
    area: Code.optional(),
    shares: BooleanQuery.optional(),
    text: z.string().trim().min(1).max(100).optional(),
    include_inactive: BooleanQuery.optional(),
    ...paging({ defaultSize: 50, maxSize: 500 }),
  })
  .strict();
export type SitesFilter = z.output<typeof SitesQuery>;

export const NearbyQuery = z
  .object({
    lat: z.coerce.number().pipe(Latitude),
    lon: z.coerce.number().pipe(Longitude),
    /** Metres. */
    radius: z.coerce.number().int().min(50).max(5000).default(1000),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    shares: BooleanQuery.optional(),
  })
  .strict();

export const TimespanQuery = z.object({ from: DateTimeQuery, to: DateTimeQuery }).strict();
export const ForecastQuery = z.object({ hours: z.coerce.number().int().min(1).max(48).default(36) }).strict();

export const ImportBody = z
  .object({
    /** The workbook or CSV, base64-encoded (the JSON body limit is 1 MB). */
    file_base64: z.string().min(1),
    format: z.enum(['xlsx', 'csv']).optional(),
    dry_run: z.boolean().default(false),
  })
  .strict();

export const WindowBody = z
  .object({
    name: Text(100).default(''),
    audience: Audience,
    /** For residents: the communities (area codes) whose residents may book. */
    communities: z.array(Code).max(50).default([]),
    spaces: z.number().int().min(1).max(100_000),
    hours: z.string().trim().min(1).max(500),
    valid_from: IsoDate,
    valid_to: IsoDate.nullable().default(null),
    has_fee: z.boolean().default(false),
    fee_description: Text(500).default(''),
    max_stay_minutes: z.number().int().min(15).max(10_080).nullable().default(null),
    /** The community order (社区点单) this window answers. */
    order_request_id: z.number().int().positive().optional(),
  })
  .strict()
  .refine((w) => !w.valid_to || w.valid_from <= w.valid_to, {
    message: 'valid_from after valid_to',
    path: ['valid_to'],
  })
  .refine((w) => (w.audience === 'residents') === w.communities.length > 0, {
    message: 'communities are given exactly for an audience of residents',
    path: ['communities'],
  });
export type WindowInput = z.output<typeof WindowBody>;

export const WindowPatchBody = z
  .object({
    name: Text(100),
    spaces: z.number().int().min(1).max(100_000),
    hours: z.string().trim().min(1).max(500),
    valid_to: IsoDate.nullable(),
    has_fee: z.boolean(),
    fee_description: Text(500),
    max_stay_minutes: z.number().int().min(15).max(10_080).nullable(),
    active: z.boolean(),
    expected_version: Version,
  })
  .partial()
  .strict();

export const WindowsQuery = z.object({ order_request_id: z.coerce.number().int().positive() }).strict();

const Observation = z
  .object({
    /** The site's code (ParkAPI's original_uid). */
    site: Code,
    observed_at: InstantInput,
    free: Count.optional(),
    occupied: Count.optional(),
    /** The spaces counted now, when fewer than the site's (a level closed); the site's capacity otherwise. */
    capacity: Count.optional(),
  })
  .strict()
  .refine((o) => o.free !== undefined || o.occupied !== undefined, {
    message: 'free or occupied',
    path: ['free'],
  });
export type ObservationInput = z.output<typeof Observation>;

export const MAX_OBSERVATIONS = 1000;
/** One observation, or a batch of them. */
export const ObservationsBody = z.union([
  Observation,
  z.object({ observations: z.array(Observation).min(1).max(MAX_OBSERVATIONS) }).strict(),
]);

export const BookingBody = z
  .object({
    window_id: z.number().int().positive(),
    starts_at: InstantInput,
    ends_at: InstantInput,
    plate: z.string().trim().min(1).max(20),
  })
  .strict()
  .refine((b) => b.starts_at < b.ends_at, { message: 'starts_at before ends_at', path: ['ends_at'] });

export const CheckInBody = z.object({ plate: z.string().trim().min(1).max(20) }).strict();

export const SiteBookingsQuery = z
  .object({
    date: IsoDate.optional(),
    status: z.enum(BOOKING_STATUSES).optional(),
  })
  .strict();

export const PassBody = z
  .object({
    phone: PhoneInput,
    audience: PassAudience,
    site_id: z.number().int().positive().optional(),
    area_code: Code.optional(),
    note: Text(200).default(''),
  })
  .strict()
  .refine((p) => (p.audience === 'residents' ? !!p.area_code && !p.site_id : !!p.site_id && !p.area_code), {
    message: 'residents: area_code; parents and staff: site_id',
    path: ['audience'],
  });

export const PassesQuery = z
  .object({
    site_id: z.coerce.number().int().positive().optional(),
    area_code: Code.optional(),
  })
  .strict();

export const RequestParkingQuery = z
  .object({ radius: z.coerce.number().int().min(50).max(3000).default(500) })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const Named = z.strictObject({ code: z.string(), name: z.string() });
const OpeningStatus = z.enum(['OPEN', 'CLOSED', 'UNKNOWN']);
const Availability = z.enum(['ample', 'few', 'full', 'unknown']);

const ForecastPoint = z.strictObject({
  timestamp: Instant,
  free: z.number().int(),
  occupancy_rate: z.number(),
});

const siteOut = {
  id: z.number().int(),
  original_uid: z.string(),
  name: z.string(),
  purpose: z.literal('CAR'),
  /** ParkAPI's type: CAR_PARK, ON_STREET or OFF_STREET_PARKING_GROUND. */
  type: z.enum(['CAR_PARK', 'ON_STREET', 'OFF_STREET_PARKING_GROUND']),
  operator_name: z.string(),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
  capacity: z.number().int(),
  capacity_disabled: z.number().int(),
  capacity_charging: z.number().int(),
  has_fee: z.boolean(),
  fee_description: z.string(),
  opening_hours: z.string(),
  external_identifiers: z.array(z.strictObject({ type: z.literal('OSM'), value: z.string() })),
  /** A live figure is known now (pushed within three intervals). */
  has_realtime_data: z.boolean(),
  realtime_data_updated_at: Instant.nullable(),
  realtime_opening_status: OpeningStatus,
  realtime_capacity: z.number().int().nullable(),
  realtime_free_capacity: z.number().int().nullable(),
  // banshi's own fields
  kind: SiteKind,
  kind_label: z.string(),
  area: Named.nullable(),
  shares: z.boolean(),
  availability: Availability,
  open_now: z.boolean(),
  operator_department_code: z.string().nullable(),
  realtime_interval_seconds: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  updated_at: Instant,
};
export const ParkingSite = z.strictObject(siteOut).meta({ id: 'ParkingSite' });
export const ParkingSitePage = pageOf(ParkingSite);

export const ParkingWindow = z
  .strictObject({
    id: z.number().int(),
    site_id: z.number().int(),
    site_name: z.string(),
    name: z.string(),
    audience: Audience,
    audience_label: z.string(),
    communities: z.array(Named),
    spaces: z.number().int(),
    hours: z.string(),
    valid_from: LocalDate,
    valid_to: LocalDate.nullable(),
    has_fee: z.boolean(),
    fee_description: z.string(),
    max_stay_minutes: z.number().int().nullable(),
    active: z.boolean(),
    open_now: z.boolean(),
    /** The next open interval (or the current one), within the coming week. */
    next_open: z.strictObject({ from: Instant, to: Instant }).nullable(),
    /** For a logged-in resident: whether they are of its audience. */
    eligible: z.boolean().optional(),
    /** Staff only: the community order the window answers. */
    order_request_id: z.number().int().nullable().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'ParkingWindow' });
export const ParkingWindowList = itemsOf(ParkingWindow);

export const SiteWithWindows = z.strictObject({ ...siteOut, windows: z.array(ParkingWindow) });

export const NearbySite = z.strictObject({
  ...siteOut,
  distance_m: z.number().int(),
  /** Expected in an hour: the stored forecast, pulled toward the live figure. */
  forecast_next_hour: ForecastPoint.nullable(),
});
export const NearbyList = itemsOf(NearbySite);

/** ParkAPI's timespan: the free spaces at each observation. */
export const Timespan = z.strictObject({
  version: z.literal(1.1),
  data: z.array(z.strictObject({ timestamp: Instant, free: z.number().int() })),
});

export const Forecast = z.strictObject({
  version: z.literal(1.1),
  /** model: learnt from the site's history; none: too little history yet. */
  source: z.enum(['model', 'none']),
  computed_at: Instant.nullable(),
  data: z.array(ForecastPoint),
});

export const ObservationsReceipt = z.strictObject({
  received: z.number().int(),
  /** New observations, kept for history. */
  applied: z.number().int(),
  /** Repeats of a (site, observed_at) already received: applied once. */
  duplicates: z.number().int(),
  /** Sites whose live figure moved (an observation older than the latest does not move it). */
  live_updated: z.number().int(),
});

export const ImportReport = z.strictObject({
  ...importCounts,
  errors: z.array(
    z.strictObject({ line: z.number().int(), code: z.string().nullable(), reasons: z.array(z.string()) }),
  ),
});

const BookingSite = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
});
const bookingOut = {
  id: z.number().int(),
  status: z.enum(BOOKING_STATUSES),
  status_label: z.string(),
  site: BookingSite,
  window: z.strictObject({ id: z.number().int(), name: z.string(), audience: Audience }),
  starts_at: Instant,
  ends_at: Instant,
  created_at: Instant,
  checked_in_at: Instant.nullable(),
  finished_at: Instant.nullable(),
  /** A confirmed booking nobody checks in is released (no-show) at this instant. */
  release_at: Instant.nullable(),
};
/** A resident's own booking: their plate in full, and a link to navigate to the site. */
export const MyBooking = z
  .strictObject({ ...bookingOut, plate: z.string(), navigation_url: z.string() })
  .meta({ id: 'MyBooking' });
export const MyBookingList = itemsOf(MyBooking);
/** A booking as a site's operator sees it: the plate masked. */
export const SiteBooking = z
  .strictObject({ ...bookingOut, plate_mask: z.string() })
  .meta({ id: 'SiteBooking' });
export const SiteBookingList = itemsOf(SiteBooking);
/** At check-in the operator reads the plate in full, to match it with the car at the gate. */
export const CheckedIn = z.strictObject({ ...bookingOut, plate: z.string(), plate_mask: z.string() });

export const ParkingPass = z
  .strictObject({
    id: z.number().int(),
    audience: PassAudience,
    site: z.strictObject({ id: z.number().int(), name: z.string() }).nullable(),
    area: Named.nullable(),
    phone_mask: z.string(),
    note: z.string(),
    granted_at: Instant,
    revoked_at: Instant.nullable(),
  })
  .meta({ id: 'ParkingPass' });
export const ParkingPassList = itemsOf(ParkingPass);

export const RequestParking = z.strictObject({
  request_id: z.number().int(),
  /** The request's text or category is about parking (停车, 车位, 泊位 …). */
  about_parking: z.boolean(),
  radius_m: z.number().int(),
  sites: z.array(
    z.strictObject({ ...siteOut, distance_m: z.number().int().nullable(), windows: z.array(ParkingWindow) }),
  ),
});

// ── the dashboard's figures ──────────────────────────────────────────────────────────────────────────────

/** The period of the figures: the 30 days up to now by default, 92 days at most. */
export const FiguresQuery = z
  .object({ from: DateTimeQuery.optional(), to: DateTimeQuery.optional() })
  .strict();

const SpaceHours = z.number().min(0);
export const ParkingFigures = z.strictObject({
  from: Instant,
  to: Instant,
  /** 共享泊位: the spaces of the share windows in force on the period's last day (active windows of active sites). */
  shared_spaces: z.number().int(),
  sharing_sites: z.number().int(),
  windows: z.number().int(),
  /** Space-hours booked ÷ space-hours the windows were open over the period; null when none were. */
  utilisation: z.number().nullable(),
  /** The same by local hour of the day (0–23), summed over the period's days. */
  utilisation_by_hour: z.array(
    z.strictObject({
      hour: z.number().int().min(0).max(23),
      offered_space_hours: SpaceHours,
      booked_space_hours: SpaceHours,
      utilisation: z.number().nullable(),
    }),
  ),
  /** The bookings starting in the period, by status. */
  bookings: z.strictObject({
    total: z.number().int(),
    confirmed: z.number().int(),
    checked_in: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    no_show: z.number().int(),
  }),
  /** No-shows ÷ the bookings whose car was due (checked in, completed, no-show); null when none was. */
  no_show_rate: z.number().nullable(),
  /** Active sites, and those without live data now (silent for three intervals, or never heard from). */
  sites: z.number().int(),
  sites_without_live_data: z.number().int(),
  /** The first 20 of them by name. */
  silent_sites: z.array(
    z.strictObject({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      last_observed_at: Instant.nullable(),
    }),
  ),
});

// ── the public availability map ──────────────────────────────────────────────────────────────────────────

export const AvailabilityQuery = z
  .object({
    bbox: BboxQuery.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

/** What the public map reads of a site: ParkAPI v3's fields and the live figure; no department, no version. */
export const PUBLIC_SITE_FIELDS = [
  'id',
  'original_uid',
  'name',
  'purpose',
  'type',
  'operator_name',
  'address',
  'lat',
  'lon',
  'capacity',
  'capacity_disabled',
  'capacity_charging',
  'has_fee',
  'fee_description',
  'opening_hours',
  'external_identifiers',
  'has_realtime_data',
  'realtime_data_updated_at',
  'realtime_opening_status',
  'realtime_capacity',
  'realtime_free_capacity',
  'kind',
  'kind_label',
  'area',
  'shares',
  'availability',
  'open_now',
] as const satisfies readonly (keyof typeof siteOut)[];

export const PublicParkingSite = z
  .strictObject(
    Object.fromEntries(PUBLIC_SITE_FIELDS.map((k) => [k, siteOut[k]])) as {
      [K in (typeof PUBLIC_SITE_FIELDS)[number]]: (typeof siteOut)[K];
    },
  )
  .meta({ id: 'PublicParkingSite' });

export const PublicParkingSites = z.strictObject({
  items: z.array(PublicParkingSite),
  /** The active sites in the box; more than the items when the limit clipped them. */
  total: z.number().int(),
  clipped: z.boolean(),
});
