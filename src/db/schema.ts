import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types, kept by hand beside the numbered migrations in ./migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** A row numbered by a sequence inside its jurisdiction: the primary key (jurisdiction_id, id). */
interface Numbered {
  jurisdiction_id: string;
  id: Generated<number>;
}

/** An entry of reference data, known by its code inside its jurisdiction. */
interface Coded {
  jurisdiction_id: string;
  code: string;
  name: string;
}

export interface JurisdictionsTable {
  jurisdiction_id: string;
  name: string;
  name_en: Defaulted<string>;
  timezone: Defaulted<string>;
  center_lon: number | null;
  center_lat: number | null;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export interface AreasTable extends Coded {
  level: AreaLevel;
  parent_code: string | null;
  geometry: Json<GeoJsonGeometry | null> | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  approximate: Defaulted<boolean>;
}

export type GeoJsonGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const DEPARTMENT_KINDS = ['bureau', 'street_office', 'community', 'utility'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export interface DepartmentsTable extends Coded {
  kind: DepartmentKind;
  area_code: string | null;
  active: Defaulted<boolean>;
}

export interface SlaProfilesTable extends Coded {
  sign_working_days: number;
  contact_working_days: number;
  reply_working_days: number;
  urgent_sign_hours: number;
  urgent_contact_hours: number;
  urgent_reply_hours: number;
  max_extension_working_days: number;
}

export interface CategoriesTable extends Coded {
  level: number;
  parent_code: string | null;
  default_department_code: string | null;
  request_types: ColumnType<string[], string | undefined, string>;
  /** Words that mark a message as of this category (routing by the finest category). */
  keywords: ColumnType<string[], string | undefined, string>;
  sla_profile_code: Defaulted<string>;
  active: Defaulted<boolean>;
}

export const ROLES = [
  'resident',
  'operator',
  'dispatcher',
  'handler',
  'department_head',
  'supervisor',
  'admin',
  'field_worker',
] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable extends Numbered {
  username: string | null;
  display_name: string;
  role: Role;
  department_code: string | null;
  area_code: string | null;
  password_hash: string | null;
  phone_hash: string | null;
  phone_enc: string | null;
  active: Defaulted<boolean>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SessionsTable {
  jurisdiction_id: string;
  token_hash: string;
  user_id: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: Timestamp;
}

export interface OtpCodesTable {
  jurisdiction_id: string;
  phone_hash: string;
  code_hash: string;
  attempts: Defaulted<number>;
  expires_at: Timestamp;
}

/** A look-up of a caller's requests by their phone (0014): who, when, which number's keyed hash, why. */
export interface CallerLookupsTable extends Numbered {
  at: ColumnType<Date, Date | string | undefined, never>;
  user_id: number;
  phone_hash: string;
  purpose: 'caller_history' | 'request_search';
}

export interface AuthThrottleTable {
  jurisdiction_id: string;
  key: string;
  window_start: Timestamp;
  sends: Defaulted<number>;
  failures: Defaulted<number>;
  next_send_at: Timestamp;
}

export interface ApiKeysTable extends Numbered {
  name: string;
  prefix: string;
  key_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  revoked_at: Timestamp | null;
}

export const CHANNELS = ['hotline', 'web', 'app', 'visit', 'open311', 'community', 'lecture'] as const;
export type Channel = (typeof CHANNELS)[number];
export const REQUEST_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export interface RequestsTable extends Numbered {
  ticket_no: string;
  channel: Channel;
  type: RequestType;
  status: string;
  version: Defaulted<number>;
  title: Defaulted<string>;
  title_norm: Defaulted<string>;
  body: string;
  body_norm: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  area_code: string | null;
  category_code: string | null;
  department_code: string | null;
  urgent: Defaulted<boolean>;
  reporter_user_id: number | null;
  reporter_name_enc: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_name_mask: string | null;
  reporter_phone_mask: string | null;
  created_by_user_id: number | null;
  api_key_id: number | null;
  merged_into_id: number | null;
  return_count: Defaulted<number>;
  reopen_count: Defaulted<number>;
  escalated: Defaulted<boolean>;
  supervised: Defaulted<boolean>;
  extension_pending: Json<ExtensionPending | null> | null;
  last_return_reason: string | null;
  dispatched_at: Timestamp | null;
  sign_by: Timestamp | null;
  contact_by: Timestamp | null;
  reply_by: Timestamp | null;
  signed_at: Timestamp | null;
  contacted_at: Timestamp | null;
  replied_at: Timestamp | null;
  followed_up_at: Timestamp | null;
  closed_at: Timestamp | null;
  followup_resolved: boolean | null;
  followup_satisfaction: Satisfaction | null;
  followup_by: string | null;
  sign_overdue: Defaulted<boolean>;
  reply_overdue: Defaulted<boolean>;
  suggestions: Json<unknown> | null;
  /** When triage (src/triage/) indexed the text and decided on auto-dispatch; null until then. */
  triaged_at: Timestamp | null;
  /** Until when a triage holds the untriaged request (another may take it after); null when nobody does. */
  triage_lease_until: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** 社区点单: the community (a department of kind 'community') that ordered this request. */
  requester_department_code: string | null;
  /** The field visit whose needs this request records (channel 'visit'). */
  visit_id: number | null;
  /** The 实事项目 that absorbed this request. */
  project_id: number | null;
  /** The reporter agreed that it be shown publicly, anonymised (0014); never shown without it. */
  public_consent: Defaulted<boolean>;
  /** The 知识库 article an `answer-directly` cited (知识库直办率). */
  knowledge_article_id: Defaulted<number | null>;
  /** 回复审核: the reply under review, or the last one sent back with its reasons (0020). */
  reply_review: ColumnType<ReplyReview | null, string | null | undefined, string | null>;
  /** 回复审核: when the reply reached the resident, if a reviewer held it (the auto-close counts from it). */
  reply_approved_at: Timestamp | null;
  /** 催办: how many times the resident (or the desk for them) chased it up. */
  chase_count: Defaulted<number>;
  /** 补充信息: when the resident last added information the handling department has not acted on since. */
  new_info_at: Timestamp | null;
  /** The reply deadline an overdue request had missed when its extension was granted: the figures keep it. */
  missed_reply_by: Timestamp | null;
  /** 差评复核 (0024): until when the last follow-up (unsatisfied or unresolved) may be disputed by the department. */
  rating_dispute_by: Timestamp | null;
  /** 差评复核: the dispute of the last follow-up, pending or decided; a new follow-up clears it. */
  rating_dispute: ColumnType<RatingDispute | null, string | null | undefined, string | null>;
  /** 差评复核: the last follow-up's rating was judged 不合理 and is out of 满意率 and 解决率. */
  followup_excluded: Defaulted<boolean>;
  /** 吹哨报到: the co-handling departments (协办) still involved, not released (0025). */
  co_department_codes: Defaulted<string[]>;
  /** 附议: the reporters, the one who filed it and every resident who added their voice since (0031). */
  reporter_count: Defaulted<number>;
  /** The ticket number in the system a request was imported from (0033); null for banshi's own. */
  source_ticket_no: ColumnType<string | null, string | null | undefined, string | null>;
  /** The 宣讲/学习 session whose need this request records (channel 'lecture', 0034). */
  activity_session_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** 附议: a resident who added their voice to a request, and follows it (0031). */
export interface RequestSupportersTable {
  jurisdiction_id: string;
  request_id: number;
  phone_hash: string;
  user_id: number;
  created_at: Timestamp;
}

/** 吹哨报到: a co-handling department (协办) of a request, its sign (报到) and its part (0025). */
export interface RequestCoHandlersTable {
  jurisdiction_id: string;
  request_id: number;
  department_code: string;
  request_created_at: Timestamp;
  added_via: 'dispatch' | 'whistle';
  added_at: Timestamp;
  added_by_user_id: number | null;
  added_by_label: string;
  sign_by: Timestamp;
  signed_at: Timestamp | null;
  signed_by_label: string | null;
  part_text: string | null;
  part_attachment_ids: Defaulted<number[]>;
  part_submitted_at: Timestamp | null;
  part_by_label: string | null;
  released_at: Timestamp | null;
  released_reason: string | null;
}

/** 差评复核: a department's dispute of the last follow-up, and the reviewer's decision once made. */
export type RatingDispute = {
  /** reasonable: 合理, the rating stands; unreasonable: 不合理, it is out of 满意率 and 解决率. */
  state: 'pending' | 'reasonable' | 'unreasonable';
  reason: string;
  evidence_ids: number[];
  department_code: string | null;
  disputed_at: string;
  disputed_by: string;
  /** The follow-up disputed. */
  followed_up_at: string;
  decision_reason?: string;
  decided_at?: string;
  decided_by?: string;
};

export type ExtensionPending = { working_days: number; reason: string; requested_at: string };

export interface RequestEventsTable {
  jurisdiction_id: string;
  request_id: number;
  seq: number;
  id: Generated<number>;
  type: string;
  actor_user_id: number | null;
  actor_role: string;
  actor_label: string;
  from_status: string | null;
  to_status: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface OutboxTable extends Numbered {
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  sent_at: Timestamp | null;
  attempts: Defaulted<number>;
  last_error: string | null;
  /** Delivery (0028_delivery.sql, src/delivery/). */
  status: Defaulted<OutboxStatus>;
  next_attempt_at: Defaulted<Date>;
  lease_until: Timestamp | null;
  channel: DeliveryChannel | null;
  recipient_hash: string | null;
  provider_id: string | null;
  request_id: ColumnType<number | null, never, never>;
}

export type OutboxStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'dead' | 'skipped';
export type DeliveryChannel = 'log' | 'sms' | 'email';

export interface DeliveryTemplatesTable {
  jurisdiction_id: string;
  topic: string;
  body: string;
  updated_at: Defaulted<Date>;
  updated_by_user_id: number | null;
}

export interface DeliveryOptOutsTable {
  jurisdiction_id: string;
  phone_hash: string;
  created_at: Defaulted<Date>;
}

export interface IdempotencyKeysTable {
  jurisdiction_id: string;
  scope: string;
  key: string;
  fingerprint: string;
  status_code: number;
  response: Json<unknown>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Closed requests' contributions to the metrics, by local day of creation (0003_metrics_rollup.sql). */
/** The daily roll-up of every request's metric counts, kept by triggers (0009_metrics_rollup_all.sql). */
export interface MetricsDailyTable {
  jurisdiction_id: string;
  day: ColumnType<string, string, string>;
  department_code: string;
  area_code: string;
  category_code: string;
  total: number;
  /** 撤单: withdrawn requests, which count in no rate (0013). */
  withdrawn: number;
  dispatched: number;
  responded: number;
  followed_up: number;
  resolved: number;
  satisfied: number;
  replied_due: number;
  replied_on_time: number;
  /** 差评复核: follow-ups whose rating a reviewer excluded, and those of them answered resolved, satisfied (0024). */
  rating_excluded: Defaulted<number>;
  excluded_resolved: Defaulted<number>;
  excluded_satisfied: Defaulted<number>;
}

/** Dispatched requests without a reply, by the local day of their reply deadline. */
export interface MetricsWaitingTable {
  jurisdiction_id: string;
  day: ColumnType<string, string, string>;
  department_code: string;
  area_code: string;
  category_code: string;
  due_day: ColumnType<string, string, string>;
  waiting: number;
}

/** Dates (`date` columns) are read as 'YYYY-MM-DD' text: select them with to_char (see src/projects/queries.ts). */
type DateColumn = ColumnType<string, string, string>;

export type ProjectLevel = 'provincial_key' | 'city_published' | 'district' | 'department';
export const PROJECT_KINDS = ['project', 'key_task'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** 实事项目 and key tasks (0004_projects_visits_orders.sql). */
export interface ProjectsTable extends Numbered {
  code: string;
  year: number;
  kind: Defaulted<ProjectKind>;
  title: string;
  description: Defaulted<string>;
  level: ProjectLevel;
  owner_department_code: string;
  co_department_codes: ColumnType<string[], string | undefined, string>;
  area_codes: ColumnType<string[], string | undefined, string>;
  target: Defaulted<string>;
  start_date: DateColumn | null;
  due_date: DateColumn;
  progress: Defaulted<number>;
  progress_note: Defaulted<string>;
  public: Defaulted<boolean>;
  version: Defaulted<number>;
  created_by_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Where the progress comes from instead of milestones or a hand (0012_parking.sql). */
  progress_source: Json<ProgressSource | null> | null;
}

/** A project counting its progress from another module: 新增错时共享泊位500个 = shared spaces opened / 500. */
export type ProgressSource = { kind: 'parking_shared_spaces'; target: number };

export interface ProjectMilestonesTable {
  jurisdiction_id: string;
  project_id: number;
  seq: number;
  title: string;
  due_date: DateColumn;
  done_date: DateColumn | null;
  evidence: Defaulted<string>;
  weight: number | null;
}

/** Evidence files of a project milestone (0019_milestone_evidence.sql). */
export interface ProjectMilestoneFilesTable extends Numbered {
  project_id: number;
  milestone_seq: number;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
  size_bytes: number;
  data: Uint8Array;
  uploaded_by_user_id: number | null;
  uploaded_by_label: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ProjectUpdatesTable {
  jurisdiction_id: string;
  project_id: number;
  seq: number;
  type: string;
  progress: number | null;
  note: Defaulted<string>;
  actor_user_id: number | null;
  actor_role: string;
  actor_label: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export const CAMPAIGN_KINDS = ['liangjin_liangwen', 'sanlian_sanjie', 'custom'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export interface CampaignsTable extends Numbered {
  kind: CampaignKind;
  name: string;
  description: Defaulted<string>;
  starts_on: DateColumn | null;
  ends_on: DateColumn | null;
  created_by_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CampaignTargetsTable {
  jurisdiction_id: string;
  campaign_id: number;
  seq: number;
  visitor_user_id: number | null;
  area_code: string | null;
  planned_visits: number;
}

export const VISITOR_KINDS = ['official', 'deputy', 'grid_worker'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];
export const VISITEE_KINDS = ['household', 'enterprise', 'community'] as const;
export type VisiteeKind = (typeof VISITEE_KINDS)[number];
export interface VisitsTable extends Numbered {
  campaign_id: number | null;
  visitor_user_id: number;
  visitor_kind: VisitorKind;
  visitor_label: string;
  visitee_kind: VisiteeKind;
  visitee_label: string;
  visitee_name_enc: string | null;
  visitee_phone_enc: string | null;
  visitee_phone_hash: string | null;
  visited_at: Timestamp;
  area_code: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  notes: Defaulted<string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Photos attached to a request (0005_attachments.sql). */
export interface AttachmentsTable extends Numbered {
  request_id: number;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  data: Uint8Array;
  uploaded_by_user_id: number | null;
  uploaded_by_role: string;
  /** A resident's or staff's photo of the request, or a department's evidence of a dispute (staff only, 0024). */
  purpose: Defaulted<AttachmentPurpose>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export const ATTACHMENT_PURPOSES = ['photo', 'evidence'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/** LSH band keys of requests' texts, for the duplicate lookup (0006_text_index.sql, src/requests/duplicate-index.ts). */
export interface RequestTextBandsTable {
  jurisdiction_id: string;
  band_key: number;
  created_at: ColumnType<Date, Date | string, never>;
  request_id: number;
  area_code: string | null;
  lat: number | null;
  lon: number | null;
}

/** A dispatcher's correction of the classifier (0007_classification_corrections.sql). */
export interface ClassificationCorrectionsTable extends Numbered {
  request_id: number;
  model: string;
  suggested_category_code: string | null;
  suggested_confidence: number | null;
  suggested_department_code: string | null;
  chosen_category_code: string | null;
  chosen_department_code: string;
  actor_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** A year's schedule of overrides for a jurisdiction, or for all ('*') (0010_calendar.sql). */
export interface CalendarSchedulesTable {
  scope: string;
  year: number;
  complete: boolean;
  source: string;
  input_format: 'notice' | 'ical' | 'csv';
  input_text: string;
  entered_by: string;
  entered_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CalendarDaysTable {
  scope: string;
  day: ColumnType<string, string, string>;
  year: number;
  working: boolean;
  name: string;
}

export interface AdminAlertsTable {
  jurisdiction_id: string;
  key: string;
  kind: string;
  message: string;
  message_en: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  raised_at: ColumnType<Date, Date | string | undefined, Date | string>;
  resolved_at: Timestamp | null;
}

export interface AssessmentSchemesTable {
  jurisdiction_id: string;
  version: number;
  effective_month: string;
  scheme: ColumnType<Record<string, unknown>, string, string>;
  note: Defaulted<string>;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AssessmentMonthsTable {
  jurisdiction_id: string;
  month: string;
  scheme_version: number;
  inputs_hash: string;
  frozen_at: Timestamp;
}

export interface AssessmentScoresTable {
  jurisdiction_id: string;
  month: string;
  unit_kind: 'department' | 'street';
  unit_code: string;
  rank: number | null;
  /** numeric: the driver answers text */
  score: ColumnType<string | null, number | null, number | null>;
  detail: ColumnType<Record<string, unknown>, string, string>;
}

export interface AssessmentBulletinsTable {
  jurisdiction_id: string;
  month: string;
  format: 'pdf' | 'xlsx';
  inputs_hash: string;
  content: Uint8Array;
  created_at: Timestamp;
}

export const PARKING_SITE_KINDS = [
  'public',
  'on_street',
  'unit',
  'school',
  'residential',
  'commercial',
] as const;
export type ParkingSiteKind = (typeof PARKING_SITE_KINDS)[number];

/** 锡慧停 (0012_parking.sql): sites, live figures and history, share windows, passes, bookings, forecasts. */
export interface ParkingSitesTable extends Numbered {
  code: string;
  name: string;
  kind: ParkingSiteKind;
  operator_name: Defaulted<string>;
  operator_department_code: string | null;
  address: Defaulted<string>;
  lat: number;
  lon: number;
  area_code: string | null;
  capacity: number;
  capacity_disabled: Defaulted<number>;
  capacity_charging: Defaulted<number>;
  has_fee: Defaulted<boolean>;
  fee_description: Defaulted<string>;
  opening_hours: Defaulted<string>;
  shares: Defaulted<boolean>;
  osm_id: string | null;
  realtime_interval_seconds: Defaulted<number>;
  active: Defaulted<boolean>;
  version: Defaulted<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A site's latest observation of its free spaces (its live figure); parking_observations keeps every one. */
export interface ParkingLiveTable {
  jurisdiction_id: string;
  site_id: number;
  observed_at: Timestamp;
  free: number;
  capacity: number;
  received_at: Timestamp;
}

export interface ParkingObservationsTable extends ParkingLiveTable {
  api_key_id: number | null;
}

export interface ParkingOccupancySlotsTable {
  jurisdiction_id: string;
  site_id: number;
  slot_start: Timestamp;
  rate_sum: number;
  n: number;
}

export const PARKING_AUDIENCES = ['public', 'residents', 'parents', 'staff'] as const;
export type ParkingAudience = (typeof PARKING_AUDIENCES)[number];

export interface ParkingWindowsTable extends Numbered {
  site_id: number;
  name: Defaulted<string>;
  audience: ParkingAudience;
  communities: ColumnType<string[], string | undefined, string>;
  spaces: number;
  hours: string;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  has_fee: Defaulted<boolean>;
  fee_description: Defaulted<string>;
  max_stay_minutes: number | null;
  order_request_id: number | null;
  active: Defaulted<boolean>;
  version: Defaulted<number>;
  created_by_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ParkingPassesTable extends Numbered {
  audience: Exclude<ParkingAudience, 'public'>;
  site_id: number | null;
  area_code: string | null;
  phone_hash: string;
  phone_mask: string;
  note: Defaulted<string>;
  granted_by_user_id: number | null;
  granted_at: ColumnType<Date, Date | string | undefined, never>;
  revoked_at: Timestamp | null;
}

export const BOOKING_STATUSES = ['confirmed', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface ParkingBookingsTable extends Numbered {
  window_id: number;
  site_id: number;
  resident_user_id: number;
  resident_phone_hash: string;
  plate_enc: string;
  plate_hash: string;
  plate_mask: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: BookingStatus;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  checked_in_at: Timestamp | null;
  checked_in_by_user_id: number | null;
  finished_at: Timestamp | null;
}

export interface ParkingForecastsTable {
  jurisdiction_id: string;
  site_id: number;
  computed_at: Timestamp;
  starts_at: Timestamp;
  step_minutes: number;
  /** Null where the history said nothing of that half hour. */
  rates: Json<(number | null)[]>;
}

/** A member of staff's named set of request-list filters (0015_saved_filters.sql). */
export interface SavedFiltersTable extends Numbered {
  user_id: number;
  name: string;
  filter: Json<Record<string, string>>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** An area alert (0035_subscriptions.sql, src/subscriptions/). */
export type SubscriptionChannel = 'email' | 'sms';
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';
export interface SubscriptionsTable extends Numbered {
  channel: SubscriptionChannel;
  address_enc: string;
  address_hash: string;
  area_code: string | null;
  lat: number | null;
  lon: number | null;
  radius_m: number | null;
  category_code: string | null;
  scope_key: string;
  status: SubscriptionStatus;
  token_seq: Defaulted<number>;
  created_at: Timestamp;
  confirm_sent_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  unsubscribed_at: Timestamp | null;
  digest_from: Timestamp | null;
  next_digest_at: Timestamp | null;
  last_digest_at: Timestamp | null;
}

/** When a member of staff last marked their notifications read (0036_staff_notifications.sql). */
export interface StaffNotificationReadsTable {
  jurisdiction_id: string;
  user_id: number;
  read_at: Timestamp;
}

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const STALE_REASONS = ['expired', 'untouched'] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export interface KnowledgeArticlesTable extends Numbered {
  title: string;
  body: string;
  category_code: string | null;
  department_code: string;
  area_codes: ColumnType<string[], string | undefined, string>;
  source_document: Defaulted<string>;
  source_date: DateColumn | null;
  valid_from: DateColumn | null;
  valid_to: DateColumn | null;
  public: Defaulted<boolean>;
  status: Defaulted<ArticleStatus>;
  version: Defaulted<number>;
  /** jieba tokens of the published title (A) and body (B); written with to_tsvector, never read as text. */
  search_tokens: string | null;
  /** The title's lexemes (weight A of search_tokens), generated by the database. */
  title_tokens: ColumnType<string | null, never, never>;
  created_by_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  stale_reason: StaleReason | null;
  stale_since: Timestamp | null;
}

export interface KnowledgeTermsTable {
  jurisdiction_id: string;
  term: string;
  df: number;
}

export const REVISION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export interface KnowledgeRevisionsTable {
  jurisdiction_id: string;
  article_id: number;
  revision: number;
  content: Json<Record<string, unknown>>;
  changed_fields: ColumnType<string[], string | undefined, string>;
  note: Defaulted<string>;
  status: RevisionStatus;
  proposed_by_user_id: number | null;
  proposed_by_label: string;
  proposed_at: ColumnType<Date, Date | string | undefined, never>;
  reviewed_by_user_id: number | null;
  reviewed_by_label: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  published_version: number | null;
}

export interface ReplyTemplatesTable extends Numbered {
  title: string;
  body: string;
  department_code: string | null;
  category_code: string | null;
  active: Defaulted<boolean>;
  updated_by_user_id: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** 回复审核 (0020): the reply a reviewer reads, or the last one sent back. */
export type ReplyReview = {
  state: 'pending' | 'sent_back';
  text: string;
  /** When the handler replied (the reply deadline is judged by it). */
  replied_at: string;
  reason: string;
  score: number;
  failed: string[];
  template_id?: number;
  template_only?: boolean;
  /** Once sent back: the reviewer's reasons and note. */
  sent_back_reasons?: string[];
  sent_back_note?: string;
};

export interface ReplyReviewSettingsTable {
  jurisdiction_id: string;
  enabled: Defaulted<boolean>;
  sample_percent: Defaulted<number>;
  reopened_all: Defaulted<boolean>;
  min_score: number | null;
  updated_by_user_id: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ReplyReviewRulesTable {
  jurisdiction_id: string;
  id: Generated<number>;
  department_code: string | null;
  category_code: string | null;
  sample_percent: number;
  note: Defaulted<string>;
  updated_by_user_id: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DB {
  reply_review_settings: ReplyReviewSettingsTable;
  reply_review_rules: ReplyReviewRulesTable;
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_revisions: KnowledgeRevisionsTable;
  knowledge_terms: KnowledgeTermsTable;
  reply_templates: ReplyTemplatesTable;
  jurisdictions: JurisdictionsTable;
  calendar_schedules: CalendarSchedulesTable;
  calendar_days: CalendarDaysTable;
  admin_alerts: AdminAlertsTable;
  areas: AreasTable;
  departments: DepartmentsTable;
  sla_profiles: SlaProfilesTable;
  categories: CategoriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  otp_codes: OtpCodesTable;
  auth_throttle: AuthThrottleTable;
  caller_lookups: CallerLookupsTable;
  assessment_schemes: AssessmentSchemesTable;
  assessment_months: AssessmentMonthsTable;
  assessment_scores: AssessmentScoresTable;
  assessment_bulletins: AssessmentBulletinsTable;
  api_keys: ApiKeysTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  request_co_handlers: RequestCoHandlersTable;
  request_supporters: RequestSupportersTable;
  outbox: OutboxTable;
  delivery_templates: DeliveryTemplatesTable;
  delivery_opt_outs: DeliveryOptOutsTable;
  idempotency_keys: IdempotencyKeysTable;
  metrics_daily: MetricsDailyTable;
  metrics_waiting: MetricsWaitingTable;
  classification_corrections: ClassificationCorrectionsTable;
  attachments: AttachmentsTable;
  projects: ProjectsTable;
  project_milestones: ProjectMilestonesTable;
  project_milestone_files: ProjectMilestoneFilesTable;
  project_updates: ProjectUpdatesTable;
  campaigns: CampaignsTable;
  campaign_targets: CampaignTargetsTable;
  visits: VisitsTable;
  request_text_bands: RequestTextBandsTable;
  parking_sites: ParkingSitesTable;
  parking_live: ParkingLiveTable;
  parking_observations: ParkingObservationsTable;
  parking_occupancy_slots: ParkingOccupancySlotsTable;
  parking_windows: ParkingWindowsTable;
  parking_passes: ParkingPassesTable;
  parking_bookings: ParkingBookingsTable;
  parking_forecasts: ParkingForecastsTable;
  saved_filters: SavedFiltersTable;
  subscriptions: SubscriptionsTable;
  staff_notification_reads: StaffNotificationReadsTable;
}

export type RequestRow = Selectable<RequestsTable>;
export type NewRequest = Insertable<RequestsTable>;
export type RequestPatch = Updateable<RequestsTable>;
export type CoHandlerRow = Selectable<RequestCoHandlersTable>;
export type NewCoHandler = Insertable<RequestCoHandlersTable>;
export type CoHandlerPatch = Updateable<RequestCoHandlersTable>;
export type UserRow = Selectable<UsersTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type AreaRow = Selectable<AreasTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type SlaProfileRow = Selectable<SlaProfilesTable>;
