/**
 * The tables of 宣讲/学习 activities (0034_activities.sql), known to the type checker through `activitiesDb(db)` so
 * that the shared table list in src/db/schema.ts does not grow with every feature.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Created = ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** Read as `col::text` (see `dateText` in src/db/date-text.ts): drivers turn a bare date into a Date. */
type DateColumn = ColumnType<string, string, string>;

export const TEAM_KINDS = ['cadres', 'experts', 'volunteers', 'youth', 'residents'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TEAM_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type TeamLevel = (typeof TEAM_LEVELS)[number];
export const MEMBER_ROLES = ['leader', 'speaker', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const ROUTE_KINDS = ['study', 'red'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];
export const SESSION_KINDS = ['lecture', 'study'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
/** 集中宣讲, 互动宣讲, 百姓茶馆, 线路/现场教学, online; for study: 中心组学习, 三会一课, 主题党日 (see ./formats.ts). */
export const SESSION_FORMATS = [
  'central',
  'interactive',
  'teahouse',
  'onsite',
  'online',
  'group_study',
  'three_one',
  'party_day',
] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];
export const AUDIENCES = ['party_members', 'cadres', 'public', 'youth', 'elderly'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const CHECK_IN_METHODS = ['phone', 'member', 'offline'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

export type Material = { title: string; url: string };

export interface ActivityTeamsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  name: string;
  kind: TeamKind;
  level: TeamLevel;
  department_code: string | null;
  area_code: string | null;
  created_by_user_id: number | null;
  created_at: Created;
}

export interface ActivityTeamMembersTable {
  jurisdiction_id: string;
  id: Generated<number>;
  team_id: number;
  position: number;
  user_id: number | null;
  name: string | null;
  role: MemberRole;
}

export interface ActivityTopicsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  title: string;
  summary: Defaulted<string>;
  materials: ColumnType<Material[], string | undefined, string>;
  period_start: DateColumn | null;
  period_end: DateColumn | null;
  target_area_code: string | null;
  target_date: DateColumn | null;
  created_by_user_id: number | null;
  created_at: Created;
}

export interface ActivityRoutesTable {
  jurisdiction_id: string;
  id: Generated<number>;
  name: string;
  kind: RouteKind;
  description: Defaulted<string>;
  created_at: Created;
}

export interface ActivityRouteStopsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  route_id: number;
  position: number;
  name: string;
  lat: number | null;
  lon: number | null;
  story: Defaulted<string>;
}

export interface ActivitySessionsTable {
  jurisdiction_id: string;
  id: Generated<number>;
  title: string;
  kind: SessionKind;
  format: SessionFormat;
  topic_id: number | null;
  team_id: number | null;
  speakers: Defaulted<string[]>;
  party_branch: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  area_code: string;
  venue: Defaulted<string>;
  route_id: number | null;
  audiences: Defaulted<Audience[]>;
  capacity: number | null;
  registration_required: Defaulted<boolean>;
  is_public: Defaulted<boolean>;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  headcount: Defaulted<number>;
  check_in_secret: ColumnType<Uint8Array, Uint8Array, never>;
  organiser_user_id: number;
  version: Defaulted<number>;
  created_at: Created;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ActivityAttendeesTable {
  jurisdiction_id: string;
  id: Generated<number>;
  session_id: number;
  method: CheckInMethod;
  phone_hash: string | null;
  phone_enc: string | null;
  name_enc: string | null;
  branch: string | null;
  name_key: string | null;
  checked_in_at: Timestamp;
  client_id: string | null;
  recorded_by_user_id: number | null;
  created_at: Created;
}

export interface ActivityFeedbackTable {
  jurisdiction_id: string;
  id: Generated<number>;
  session_id: number;
  attendee_id: number;
  rating: number;
  comment: Defaulted<string>;
  created_at: Created;
}

export type ActivityTables = {
  activity_teams: ActivityTeamsTable;
  activity_team_members: ActivityTeamMembersTable;
  activity_topics: ActivityTopicsTable;
  activity_routes: ActivityRoutesTable;
  activity_route_stops: ActivityRouteStopsTable;
  activity_sessions: ActivitySessionsTable;
  activity_attendees: ActivityAttendeesTable;
  activity_feedback: ActivityFeedbackTable;
};

export type ActivitiesDB = DB & ActivityTables;
export type TeamRow = Selectable<ActivityTeamsTable>;
export type TeamMemberRow = Selectable<ActivityTeamMembersTable>;
export type TopicRow = Selectable<ActivityTopicsTable>;
export type RouteRow = Selectable<ActivityRoutesTable>;
export type RouteStopRow = Selectable<ActivityRouteStopsTable>;
export type SessionRow = Selectable<ActivitySessionsTable>;

export function activitiesDb(db: Kysely<DB>): Kysely<ActivitiesDB>;
export function activitiesDb(db: Transaction<DB>): Transaction<ActivitiesDB>;
export function activitiesDb(db: Kysely<DB> | Transaction<DB>) {
  return db.withTables<ActivityTables>();
}
