/** What the 宣讲/学习 activities API takes and answers. */
import { z } from 'zod';
import { REQUEST_TYPES } from '../db/schema.js';
import { DateTimeQuery, IdParams, IsoDate, LatLonFields, pairedLatLon, PhoneInput } from '../http/inputs.js';
import { Instant, itemsOf, LocalDate } from '../http/responses.js';
import { formatFitsKind } from './formats.js';
import { NEED_STATES } from './need-state.js';
import {
  AUDIENCES,
  MEMBER_ROLES,
  ROUTE_KINDS,
  SESSION_FORMATS,
  SESSION_KINDS,
  TEAM_KINDS,
  TEAM_LEVELS,
} from './schema.js';
import { SESSION_STATES } from './session-state.js';

export { IdParams };

const Code = z.string().min(1).max(100);
const Name = z.string().trim().min(1).max(200);
const Id = z.number().int().positive();
const Text = (max: number) => z.string().trim().max(max);
const Instant8601 = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const NamedCode = z.strictObject({ code: z.string(), name: z.string() });
const NamedId = z.strictObject({ id: z.number().int(), name: z.string() });

// ── teams ───────────────────────────────────────────────────────────────────────────────────────────────

const Member = z
  .object({
    user_id: Id.optional(),
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(MEMBER_ROLES),
  })
  .strict()
  .refine((m) => (m.user_id === undefined) !== (m.name === undefined), {
    message: 'a member of staff (user_id) or an outsider (name), not both',
  });

const teamFields = {
  name: Name,
  kind: z.enum(TEAM_KINDS),
  level: z.enum(TEAM_LEVELS),
  department_code: Code.nullable().optional(),
  area_code: Code.nullable().optional(),
  members: z.array(Member).max(200),
};
export const TeamBody = z.object({ ...teamFields, members: teamFields.members.default([]) }).strict();
export const TeamPatch = z.object(teamFields).partial().strict();
export type TeamInput = z.output<typeof TeamBody>;
export type TeamPatchInput = z.output<typeof TeamPatch>;

export const Team = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(TEAM_KINDS),
    kind_label: z.string(),
    level: z.enum(TEAM_LEVELS),
    level_label: z.string(),
    department: NamedCode.nullable(),
    area: NamedCode.nullable(),
    members: z.array(
      z.strictObject({
        user_id: z.number().int().nullable(),
        name: z.string(),
        role: z.enum(MEMBER_ROLES),
        role_label: z.string(),
      }),
    ),
    created_at: Instant,
  })
  .meta({ id: 'ActivityTeam' });
export const TeamList = itemsOf(Team);

// ── topics ──────────────────────────────────────────────────────────────────────────────────────────────

const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Material = z.object({ title: Name, url: Url }).strict();

const topicFields = {
  title: Name,
  summary: Text(4000),
  materials: z.array(Material).max(50),
  period_start: IsoDate.nullable(),
  period_end: IsoDate.nullable(),
  target_area_code: Code.nullable(),
  target_date: IsoDate.nullable(),
};
const periodInOrder = (t: { period_start?: string | null; period_end?: string | null }) =>
  !t.period_start || !t.period_end || t.period_start <= t.period_end;
const periodOrder = { message: 'period_start after period_end', path: ['period_end'] };
export const TopicBody = z
  .object({
    title: topicFields.title,
    summary: topicFields.summary.default(''),
    materials: topicFields.materials.default([]),
    period_start: topicFields.period_start.default(null),
    period_end: topicFields.period_end.default(null),
    target_area_code: topicFields.target_area_code.default(null),
    target_date: topicFields.target_date.default(null),
  })
  .strict()
  .refine(periodInOrder, periodOrder);
export const TopicPatch = z.object(topicFields).partial().strict().refine(periodInOrder, periodOrder);
export type TopicInput = z.output<typeof TopicBody>;
export type TopicPatchInput = z.output<typeof TopicPatch>;

export const Topic = z
  .strictObject({
    id: z.number().int(),
    title: z.string(),
    summary: z.string(),
    materials: z.array(z.strictObject({ title: z.string(), url: z.string() })),
    period_start: LocalDate.nullable(),
    period_end: LocalDate.nullable(),
    /** The target: every community under the area to have had a held session of the topic by the date. */
    target: z
      .strictObject({
        area: NamedCode,
        date: LocalDate.nullable(),
        communities: z.number().int(),
        covered: z.number().int(),
      })
      .nullable(),
    /** Sessions of the topic held (not cancelled, ended) and planned (still to come or running). */
    sessions: z.strictObject({ held: z.number().int(), planned: z.number().int() }),
    created_at: Instant,
  })
  .meta({ id: 'ActivityTopic' });
export const TopicList = itemsOf(Topic);

// ── routes ──────────────────────────────────────────────────────────────────────────────────────────────

const Stop = pairedLatLon(z.object({ name: Name, ...LatLonFields, story: Text(4000).default('') }).strict());
export const RouteBody = z
  .object({
    name: Name,
    kind: z.enum(ROUTE_KINDS),
    description: Text(4000).default(''),
    stops: z.array(Stop).min(1).max(100),
  })
  .strict();
export type RouteInput = z.output<typeof RouteBody>;

export const Route = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ROUTE_KINDS),
    kind_label: z.string(),
    description: z.string(),
    stops: z.array(
      z.strictObject({
        position: z.number().int(),
        name: z.string(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
        story: z.string(),
      }),
    ),
    created_at: Instant,
  })
  .meta({ id: 'ActivityRoute' });
export const RouteList = itemsOf(Route);

// ── sessions ────────────────────────────────────────────────────────────────────────────────────────────

const sessionFields = {
  title: Name,
  kind: z.enum(SESSION_KINDS),
  format: z.enum(SESSION_FORMATS),
  topic_id: Id.nullable(),
  team_id: Id.nullable(),
  speakers: z.array(z.string().trim().min(1).max(100)).max(30),
  /** The organising party branch (党支部) of a study session. */
  party_branch: z.string().trim().min(1).max(200).nullable(),
  starts_at: Instant8601,
  ends_at: Instant8601,
  area_code: Code,
  venue: Text(300),
  route_id: Id.nullable(),
  audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length),
  capacity: z.number().int().min(1).max(100_000).nullable(),
  registration_required: z.boolean(),
  is_public: z.boolean(),
};
type SessionShape = {
  kind?: (typeof SESSION_KINDS)[number] | undefined;
  format?: (typeof SESSION_FORMATS)[number] | undefined;
  starts_at?: Date | undefined;
  ends_at?: Date | undefined;
};
const fitting = <S extends z.ZodType<SessionShape>>(s: S) =>
  s
    .refine((b) => !b.kind || !b.format || formatFitsKind(b.kind, b.format), {
      message:
        'a format of the session kind (lecture: central, interactive, teahouse, onsite, online; study: group_study, three_one, party_day, onsite, online)',
      path: ['format'],
    })
    .refine((b) => !b.starts_at || !b.ends_at || b.starts_at < b.ends_at, {
      message: 'ends_at must be after starts_at',
      path: ['ends_at'],
    });

export const SessionBody = fitting(
  z
    .object({
      ...sessionFields,
      topic_id: sessionFields.topic_id.default(null),
      team_id: sessionFields.team_id.default(null),
      speakers: sessionFields.speakers.default([]),
      party_branch: sessionFields.party_branch.default(null),
      venue: sessionFields.venue.default(''),
      route_id: sessionFields.route_id.default(null),
      audiences: sessionFields.audiences.default([]),
      capacity: sessionFields.capacity.default(null),
      registration_required: sessionFields.registration_required.default(false),
      is_public: sessionFields.is_public.default(false),
    })
    .strict(),
);
export const SessionPatch = fitting(
  z.object(sessionFields).partial().extend({ expected_version: z.number().int().positive() }).strict(),
);
export type SessionInput = z.output<typeof SessionBody>;
export type SessionPatchInput = Omit<z.output<typeof SessionPatch>, 'expected_version'>;

export const SessionsQuery = z
  .object({
    from: DateTimeQuery.optional(),
    to: DateTimeQuery.optional(),
    topic_id: z.coerce.number().int().positive().optional(),
    team_id: z.coerce.number().int().positive().optional(),
    /** Sessions held in this area or any area under it. */
    area_code: Code.optional(),
    kind: z.enum(SESSION_KINDS).optional(),
  })
  .strict();

export const CancelBody = z
  .object({ reason: Text(500).optional(), expected_version: z.number().int().positive() })
  .strict();

const Attendance = z.strictObject({
  /** Attendees who checked in by name (phone, party member, offline). */
  named: z.number().int(),
  /** Walk-ins counted by the organiser. */
  headcount: z.number().int(),
  total: z.number().int(),
});

const sessionSummary = {
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(SESSION_KINDS),
  kind_label: z.string(),
  format: z.enum(SESSION_FORMATS),
  format_label: z.string(),
  topic: z.strictObject({ id: z.number().int(), title: z.string() }).nullable(),
  team: NamedId.nullable(),
  speakers: z.array(z.string()),
  party_branch: z.string().nullable(),
  starts_at: Instant,
  ends_at: Instant,
  area: NamedCode,
  venue: z.string(),
  route: NamedId.nullable(),
  audiences: z.array(z.enum(AUDIENCES)),
  capacity: z.number().int().nullable(),
  /** Places left (capacity less named attendees and walk-ins), null without a capacity. */
  places_left: z.number().int().nullable(),
  registration_required: z.boolean(),
  is_public: z.boolean(),
  state: z.enum(SESSION_STATES),
  attendance: Attendance,
  cancelled_at: Instant.nullable(),
  version: z.number().int(),
};
export const SessionItem = z.strictObject(sessionSummary).meta({ id: 'ActivitySessionItem' });
export const SessionList = itemsOf(SessionItem);

export const Need = z.strictObject({
  request_id: z.number().int(),
  ticket_no: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.string(),
  state: z.enum(NEED_STATES),
  department_code: z.string().nullable(),
  created_at: Instant,
});

export const SessionDetail = z
  .strictObject({
    ...sessionSummary,
    cancel_reason: z.string().nullable(),
    organiser: z.strictObject({ user_id: z.number().int(), name: z.string() }),
    /** The ratings and comments the attendees left (no names). */
    feedback: z.strictObject({
      count: z.number().int(),
      average: z.number().nullable(),
      comments: z.array(z.strictObject({ rating: z.number().int(), comment: z.string(), at: Instant })),
    }),
    needs: z.array(Need),
    /** What the caller may do with it: edit, cancel, show the code, count, take names, record needs. */
    may_manage: z.boolean(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: 'ActivitySession' });

// ── check-in ────────────────────────────────────────────────────────────────────────────────────────────

export const CheckInCode = z.strictObject({
  /** The QR code's content: the phone page's URL with the current token. */
  content: z.string(),
  /** The QR code as an SVG image. */
  svg: z.string(),
  /** When this content stops being accepted; a new one is shown every minute. */
  expires_at: Instant,
});

const Token = z.string().min(1).max(100);
const PersonName = z.string().trim().min(1).max(50);
const Branch = z.string().trim().min(1).max(200);
export const CheckInBody = z.discriminatedUnion('method', [
  /** A resident logged in by a one-time code: their account's phone. */
  z.object({ token: Token, method: z.literal('phone') }).strict(),
  /** A party member by name and branch, without logging in. */
  z.object({ token: Token, method: z.literal('member'), name: PersonName, branch: Branch }).strict(),
]);
export type CheckInInput = z.output<typeof CheckInBody>;

export const CheckedIn = z.strictObject({
  attendee_id: z.number().int(),
  /** Rate the session once with it (POST …/feedback). */
  feedback_token: z.string(),
});

export const BatchBody = z
  .object({
    entries: z
      .array(
        z
          .object({
            /** The entry's id on the organiser's device: an entry sent again is not counted twice. */
            client_id: z.string().min(1).max(100),
            name: PersonName,
            branch: Branch.optional(),
            phone: PhoneInput.optional(),
            at: Instant8601,
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();
export type BatchInput = z.output<typeof BatchBody>;

export const BatchResult = z.strictObject({
  applied: z.number().int(),
  duplicates: z.number().int(),
  refused: z.array(z.strictObject({ client_id: z.string(), code: z.string() })),
});

export const HeadcountBody = z
  .object({ headcount: z.number().int().min(0).max(100_000), expected_version: z.number().int().positive() })
  .strict();

export const FeedbackBody = z
  .object({
    feedback_token: Token,
    rating: z.number().int().min(1).max(5),
    comment: Text(1000).default(''),
  })
  .strict();
export type FeedbackInput = z.output<typeof FeedbackBody>;

// ── needs ───────────────────────────────────────────────────────────────────────────────────────────────

export const NeedBody = pairedLatLon(
  z
    .object({
      description: z.string().trim().min(1).max(4000),
      title: Text(200).optional(),
      type: z.enum(REQUEST_TYPES).optional(),
      category_code: Code.optional(),
      /** Where the need is; the session's area by default. */
      area_code: Code.optional(),
      address: Text(300).optional(),
      ...LatLonFields,
      caller_phone: PhoneInput.optional(),
      caller_name: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
);
export type NeedInput = z.output<typeof NeedBody>;

export const RaisedNeed = z.strictObject({ request_id: z.number().int(), ticket_no: z.string() });
