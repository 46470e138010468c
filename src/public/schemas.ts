/** What the public pages' API (no login, no personal data) takes and answers. */
import { z } from 'zod';
import { REQUEST_TYPES, ROLES } from '../db/schema.js';
import { BboxQuery } from '../http/inputs.js';
import { Instant, LocalDate, pageOf } from '../http/responses.js';
import { Definitions, RateFields } from '../metrics/schemas.js';
import { PUBLIC_PHASES } from './anonymise.js';
import { PUBLIC_UPDATES } from './ticket.js';

export const PublicRequestsQuery = z
  .object({
    area: z.string().min(1).max(100).optional(),
    category: z.string().min(1).max(100).optional(),
    status: z.enum(PUBLIC_PHASES).optional(),
    /** Whose places on the public grid lie in the map view `west,south,east,north` (a click on a cluster). */
    bbox: BboxQuery.optional(),
    page: z.coerce.number().int().min(1).max(500).default(1),
  })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const Me = z.union([
  z.strictObject({
    kind: z.literal('user'),
    id: z.number().int(),
    role: z.enum(ROLES),
    display_name: z.string(),
    department_code: z.string().nullable(),
    area_code: z.string().nullable(),
  }),
  z.strictObject({
    kind: z.enum(['api_key', 'system']),
    display_name: z.string(),
    role: z.enum(['api_key', 'system']),
  }),
]);

export const PublicConfig = z.strictObject({
  jurisdiction: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      name_en: z.string(),
      timezone: z.string(),
      /** [lon, lat] */
      center: z.tuple([z.number(), z.number()]).nullable(),
    })
    .nullable(),
  map: z.strictObject({ tile_url: z.string().nullable(), attribution: z.string() }),
  /** Who is logged in (null: nobody), so that an anonymous page load makes no failing request. */
  me: Me.nullable(),
});

const Named = z.strictObject({ code: z.string(), name: z.string() });

export const PublicRequest = z.strictObject({
  ticket_no: z.string(),
  status: z.enum(PUBLIC_PHASES),
  type: z.enum(REQUEST_TYPES),
  title: z.string(),
  body: z.string(),
  /** The street or town, never finer. */
  area: Named.nullable(),
  category: z.strictObject({ code: z.string(), name: z.string(), level1: Named.nullable() }).nullable(),
  created_date: LocalDate,
  replied_date: LocalDate.nullable(),
  closed_date: LocalDate.nullable(),
});

export const PublicRequestPage = pageOf(PublicRequest);

export const TicketParams = z.object({ ticket_no: z.string().regex(/^\d{8,24}$/) });

export const PublicTicket = PublicRequest.extend({
  /** What happened, by day: received, dispatched (to which department), signed, answered, reopened, closed. */
  updates: z.array(
    z.strictObject({
      kind: z.enum(PUBLIC_UPDATES),
      date: LocalDate,
      department: z.string().nullable(),
      /** The answer's text, masked; null for the other updates. */
      text: z.string().nullable(),
    }),
  ),
  answer: z.strictObject({ text: z.string(), date: LocalDate }).nullable(),
});

const count = z.number().int();
const PublicFigures = { total: count, followed_up: count, dispatched: count, ...RateFields };

export const PublicMetrics = z.strictObject({
  from: Instant,
  to: Instant,
  overall: z.strictObject(PublicFigures),
  by_street: z.array(z.strictObject({ code: z.string(), name: z.string(), ...PublicFigures })),
  definitions: Definitions,
});

// ── the public map's pins ──────────────────────────────────────────────────────────────────────────────

export const MAX_PUBLIC_PINS = 1000;

export const PublicPinsQuery = z
  .object({
    bbox: BboxQuery,
    limit: z.coerce.number().int().min(1).max(MAX_PUBLIC_PINS).default(500),
  })
  .strict();

export const PublicPins = z
  .strictObject({
    /** The newest published requests in the view, each placed on the public grid (0.001°, about 100 m). */
    items: z.array(
      z.strictObject({
        ticket_no: z.string(),
        status: z.enum(PUBLIC_PHASES),
        type: z.enum(REQUEST_TYPES),
        lat: z.number(),
        lon: z.number(),
        /** The street or town, never finer. */
        area: Named.nullable(),
      }),
    ),
    /** How many published requests are in the view: more than the items when `clipped`. */
    total: z.number().int(),
    clipped: z.boolean(),
    limit: z.number().int(),
  })
  .meta({ id: 'PublicPins' });
