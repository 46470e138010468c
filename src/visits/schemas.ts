/** What the field visits and campaigns API (两进两问 · 三联三解) takes and answers. */
import { z } from 'zod';
import { CAMPAIGN_KINDS, VISITEE_KINDS, VISITOR_KINDS } from '../db/schema.js';
import {
  DateTimeQuery,
  IdParams,
  IsoDate,
  LatLonFields,
  pairedLatLon,
  paging,
  RequestTypeInput,
} from '../http/inputs.js';
import { Instant, itemsOf, LocalDate, pageOf } from '../http/responses.js';
import { MAX_BODY_CHARS, PhoneInput, PlaceAnswer, RequestItem } from '../requests/schemas.js';

export { IdParams };

const Code = z.string().min(1).max(100);

const Need = z
  .object({
    body: z.string().trim().min(1).max(MAX_BODY_CHARS),
    title: z.string().trim().max(200).optional(),
    type: RequestTypeInput.optional(),
    category_code: Code.optional(),
    urgent: z.boolean().optional(),
  })
  .strict();

export const VisitBody = pairedLatLon(
  z
    .object({
      campaign_id: z.number().int().positive().optional(),
      visitor_kind: z.enum(VISITOR_KINDS).optional(),
      visitee: z
        .object({
          kind: z.enum(VISITEE_KINDS),
          name: z.string().trim().min(1).max(100).optional(),
          phone: PhoneInput.optional(),
        })
        .strict(),
      visited_at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
      area_code: Code.optional(),
      address: z.string().trim().max(300).optional(),
      ...LatLonFields,
      notes: z.string().trim().max(MAX_BODY_CHARS).optional(),
      needs: z.array(Need).max(20).default([]),
    })
    .strict(),
);

const Target = z
  .object({
    visitor_user_id: z.number().int().positive().optional(),
    area_code: Code.optional(),
    planned_visits: z.number().int().min(1).max(1_000_000),
  })
  .strict()
  .refine((t) => t.visitor_user_id !== undefined || t.area_code !== undefined, {
    message: 'a visitor, an area, or both',
  });
const Targets = z.array(Target).max(5000);

export const CampaignBody = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).default(''),
    starts_on: IsoDate.nullable().default(null),
    ends_on: IsoDate.nullable().default(null),
    targets: Targets.default([]),
  })
  .strict()
  .refine((c) => !c.starts_on || !c.ends_on || c.starts_on <= c.ends_on, {
    message: 'starts_on after ends_on',
    path: ['ends_on'],
  });
export const TargetsBody = z.object({ targets: Targets }).strict();

export const VisitsQuery = z
  .object({
    campaign_id: z.coerce.number().int().positive().optional(),
    visitor_user_id: z.coerce.number().int().positive().optional(),
    area: Code.optional(),
    from: DateTimeQuery.optional(),
    to: DateTimeQuery.optional(),
    ...paging({ defaultSize: 20, maxSize: 200 }),
  })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const visitFields = {
  id: z.number().int(),
  campaign_id: z.number().int().nullable(),
  visitor: z.strictObject({
    user_id: z.number().int(),
    name: z.string(),
    kind: z.enum(VISITOR_KINDS),
    kind_label: z.string(),
  }),
  /** The household's name and phone masked (孙**家 139****0000). */
  visitee: z.strictObject({ kind: z.enum(VISITEE_KINDS), kind_label: z.string(), label: z.string() }),
  visited_at: Instant,
  place: PlaceAnswer.extend({ area_name: z.string().nullable() }),
  notes: z.string(),
  /** The requests the needs became. */
  needs: z.array(
    RequestItem.pick({
      ticket_no: true,
      status: true,
      title: true,
      body: true,
      department_code: true,
    }).extend({
      request_id: z.number().int(),
    }),
  ),
  created_at: Instant,
};
export const Visit = z.strictObject(visitFields).meta({ id: 'Visit' });
export const RecordedVisit = z.strictObject({ ...visitFields, request_ids: z.array(z.number().int()) });
export const VisitPage = pageOf(Visit);

export const Campaign = z
  .strictObject({
    id: z.number().int(),
    kind: z.enum(CAMPAIGN_KINDS),
    kind_label: z.string(),
    name: z.string(),
    description: z.string(),
    starts_on: LocalDate.nullable(),
    ends_on: LocalDate.nullable(),
    created_at: Instant,
  })
  .meta({ id: 'Campaign' });
export const CampaignList = itemsOf(Campaign);

/** Done against planned; a rate (null without a plan) may pass 1. */
const figures = {
  planned: z.number().int(),
  done: z.number().int(),
  needs: z.number().int(),
  rate: z.number().nullable(),
};
const Visitor = z.strictObject({ user_id: z.number().int(), name: z.string() });
const NamedArea = z.strictObject({ code: z.string(), name: z.string() });

export const CampaignProgress = z.strictObject({
  campaign: Campaign,
  totals: z.strictObject(figures),
  targets: z.array(
    z.strictObject({
      seq: z.number().int(),
      planned_visits: z.number().int(),
      done: z.number().int(),
      rate: z.number().nullable(),
      visitor: Visitor.nullable(),
      area: NamedArea.nullable(),
    }),
  ),
  by_visitor: z.array(z.strictObject({ visitor: Visitor, ...figures })),
  by_area: z.array(z.strictObject({ area: NamedArea, ...figures })),
});
