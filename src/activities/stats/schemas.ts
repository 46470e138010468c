/** What the 宣讲/学习 statistics, the bulletin and the public calendar take and answer. */
import { z } from 'zod';
import { IsoDate } from '../../http/inputs.js';
import { binary, Instant, itemsOf, LocalDate } from '../../http/responses.js';
import { AUDIENCES, SESSION_FORMATS, SESSION_KINDS } from '../schema.js';
import { GROUPINGS } from './grouping.js';

const TopicId = z.coerce.number().int().positive();
const periodInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || q.from <= q.to;
const periodOrder = { message: 'from after to', path: ['to'] };

/** Local days, both optional, `to` included. */
const period = { from: IsoDate.optional(), to: IsoDate.optional() };

export const StatsQuery = z
  .object({ group_by: z.enum(GROUPINGS).default('topic'), ...period, topic_id: TopicId.optional() })
  .strict()
  .refine(periodInOrder, periodOrder);
export const StatsFileQuery = z
  .object({ ...period, topic_id: TopicId.optional() })
  .strict()
  .refine(periodInOrder, periodOrder);
export const BulletinQuery = StatsFileQuery;

const rowFields = {
  key: z.string(),
  label: z.string(),
  /** Sessions held (not cancelled, ended) that started in the period. */
  sessions: z.number().int(),
  /** Attendees checked in by name (phone, party member, offline list). */
  named: z.number().int(),
  /** Walk-ins counted by the organisers. */
  headcount: z.number().int(),
  attendance: z.number().int(),
  communities_covered: z.number().int(),
  /** Topic rows and the total: the communities the target(s) ask for; null without a target. */
  communities_target: z.number().int().nullable(),
  needs_raised: z.number().int(),
  needs_resolved: z.number().int(),
};
export const StatsRow = z.strictObject(rowFields).meta({ id: 'ActivityStatsRow' });

export const Stats = z
  .strictObject({
    group_by: z.enum(GROUPINGS),
    from: LocalDate.nullable(),
    to: LocalDate.nullable(),
    rows: z.array(StatsRow),
    total: StatsRow,
  })
  .meta({ id: 'ActivityStats' });

export const Bulletin = z.strictObject({
  /** The sentence in the style of the source reports. */
  text: z.string(),
});

export const StatsWorkbook = binary(
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'The statistics as an xlsx workbook: one sheet per grouping',
);

export const PublicActivitiesQuery = z.object(period).strict().refine(periodInOrder, periodOrder);

export const PublicActivity = z
  .strictObject({
    id: z.number().int(),
    title: z.string(),
    kind: z.enum(SESSION_KINDS),
    kind_label: z.string(),
    format: z.enum(SESSION_FORMATS),
    format_label: z.string(),
    topic: z.string().nullable(),
    starts_at: Instant,
    ends_at: Instant,
    area: z.strictObject({ code: z.string(), name: z.string() }),
    venue: z.string(),
    audiences: z.array(z.enum(AUDIENCES)),
    audience_labels: z.array(z.string()),
    capacity: z.number().int().nullable(),
    /** Capacity less those already counted; null without a capacity. */
    places_left: z.number().int().nullable(),
    registration_required: z.boolean(),
  })
  .meta({ id: 'PublicActivity' });
export const PublicActivityList = itemsOf(PublicActivity);
