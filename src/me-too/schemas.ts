/** 附议 "me too": what the resident page sends once the place and the text are known, and what it is answered. */
import { z } from 'zod';
import { LatLonFields, pairedLatLon } from '../http/inputs.js';
import { LocalDate } from '../http/responses.js';
import { PublicRequest, TicketParams } from '../public/schemas.js';

export { TicketParams };

export const MeTooQuery = pairedLatLon(
  z
    .object({
      title: z.string().max(200).optional(),
      body: z.string().trim().min(1).max(4000),
      ...LatLonFields,
      area_code: z.string().min(1).max(100).optional(),
      category_code: z.string().min(1).max(100).optional(),
    })
    .strict(),
);

/** An open public request that is probably the same problem: as the public sees it, and how many reported it. */
export const MeTooCandidate = PublicRequest.extend({
  reporter_count: z.number().int(),
  /** Metres from the place given, rounded to 50 m; null when either has no coordinates. */
  distance_m: z.number().int().nullable(),
  /** The caller has added their voice to it already. */
  supported: z.boolean(),
});
export const MeTooCandidates = z.strictObject({ items: z.array(MeTooCandidate) });

export const Supported = z.strictObject({ ticket_no: z.string(), reporter_count: z.number().int() });

/** A request the resident follows because they added their voice to it. */
export const FollowedRequest = PublicRequest.extend({
  reporter_count: z.number().int(),
  supported_date: LocalDate,
});
export const FollowedRequests = z.strictObject({ items: z.array(FollowedRequest) });
