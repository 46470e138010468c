/** The API's JSON, as the web application reads it (see src/requests/presenter.ts and the OpenAPI at /api/docs). */

// The server's enums, each listed once for the whole web application.
export const STATUSES = [
  'registered',
  'returned',
  'dispatched',
  'signed',
  'in_progress',
  'replied',
  'followed_up',
  'closed',
  'merged',
] as const;
export type Status = (typeof STATUSES)[number];

export const REQUEST_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const STAFF_ROLES = [
  'operator',
  'dispatcher',
  'handler',
  'department_head',
  'supervisor',
  'admin',
  'field_worker',
] as const;
export type Role = 'resident' | (typeof STAFF_ROLES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const DEPARTMENT_KINDS = ['bureau', 'street_office', 'community', 'utility'] as const;
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
/** The phases the public pages show instead of the statuses. */
export const PUBLIC_STATUSES = ['received', 'handling', 'replied', 'closed'] as const;
/** The rates the metrics report (三率 and 按时办结率). */
export const RATES = ['response_rate', 'resolution_rate', 'satisfaction_rate', 'on_time_rate'] as const;
/** How a year's holiday schedule is entered. */
export const SCHEDULE_FORMATS = ['notice', 'ical', 'csv'] as const;

export interface TimelineEvent {
  seq: number;
  type: string;
  actor: string;
  actor_role: string;
  from_status: string | null;
  to_status: string;
  payload: Record<string, unknown>;
  at: string;
}

export interface RequestItem {
  id: number;
  ticket_no: string;
  status: Status;
  version: number;
  channel: string;
  type: RequestType;
  title: string;
  body: string;
  place: { lat: number | null; lon: number | null; address: string | null; area_code: string | null };
  category_code: string | null;
  department_code: string | null;
  urgent: boolean;
  supervised: boolean;
  escalated: boolean;
  return_count: number;
  reopen_count: number;
  last_return_reason: string | null;
  extension_pending: { working_days: number; reason: string; requested_at: string } | null;
  merged_into_id: number | null;
  deadlines: { sign_by: string | null; contact_by: string | null; reply_by: string | null };
  overdue: { sign: boolean; reply: boolean };
  dispatched_at: string | null;
  signed_at: string | null;
  contacted_at: string | null;
  replied_at: string | null;
  closed_at: string | null;
  followup: {
    at: string;
    resolved: boolean | null;
    satisfaction: Satisfaction | null;
    by: string | null;
  } | null;
  reporter: { name: string | null; phone: string | null };
  suggestions: unknown;
  triaged: boolean;
  created_at: string;
  updated_at: string;
  allowed_actions: string[];
  timeline?: TimelineEvent[];
  contact?: { name: string | null; phone: string | null };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface Department {
  code: string;
  name: string;
  kind: (typeof DEPARTMENT_KINDS)[number];
  area_code: string | null;
  active: boolean;
}

export type GeoJsonGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface Area {
  code: string;
  name: string;
  level: (typeof AREA_LEVELS)[number];
  parent_code: string | null;
  approximate: boolean;
  geometry?: GeoJsonGeometry | null;
}

export interface Category {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  default_department_code: string | null;
  request_types: string[];
  sla_profile_code: string;
  active: boolean;
}

export interface SlaProfile {
  code: string;
  name: string;
  sign_working_days: number;
  contact_working_days: number;
  reply_working_days: number;
  urgent_sign_hours: number;
  urgent_contact_hours: number;
  urgent_reply_hours: number;
  max_extension_working_days: number;
}

/**
 * What the server lets the user open and do (GET /api/v1/auth/me): the pages, menus and buttons follow it, and
 * the server still decides each call. A resident's are all false.
 */
export interface Capabilities {
  console: boolean;
  workbench: boolean;
  dashboard: boolean;
  ledger: boolean;
  admin: boolean;
  visits: boolean;
  register_request: boolean;
  manage_projects: boolean;
  import_projects: boolean;
  manage_campaigns: boolean;
  place_orders: boolean;
  manage_calendar: boolean;
  manage_parking: boolean;
  operate_parking: boolean;
}
export type Capability = keyof Capabilities;

/** Who is logged in, as GET /api/v1/public/config tells it. */
export interface LoggedIn {
  kind: string;
  id?: number;
  role: Role | string;
  display_name: string;
  department_code?: string | null;
  area_code?: string | null;
}

/** Who is logged in and what they may do (GET /api/v1/auth/me). */
export interface Me extends LoggedIn {
  can: Capabilities;
}

export interface PublicConfig {
  jurisdiction: {
    id: string;
    name: string;
    name_en: string;
    timezone: string;
    center: [number, number] | null;
  } | null;
  map: { tile_url: string | null; attribution: string };
  me: LoggedIn | null;
}

export interface Rates {
  response_rate: number | null;
  resolution_rate: number | null;
  satisfaction_rate: number | null;
  on_time_rate: number | null;
}

export interface MetricsGroup extends Rates {
  key: string | null;
  total: number;
  dispatched: number;
  responded: number;
  followed_up: number;
  resolved: number;
  satisfied: number;
  replies_due: number;
  replied_on_time: number;
  overdue_open: number;
}

export interface MetricsResponse {
  from: string;
  to: string;
  by: string;
  overall: Omit<MetricsGroup, 'key'>;
  groups: MetricsGroup[];
  definitions: Record<string, { zh: string; en: string }>;
}

/** GET /api/v1/metrics/dashboard: every figure the dashboard draws, in one answer. */
export interface DashboardMetrics {
  from: string;
  to: string;
  overall: Omit<MetricsGroup, 'key'>;
  department: NamedMetricsGroup[];
  street: NamedMetricsGroup[];
  category_level1: NamedMetricsGroup[];
  day: NamedMetricsGroup[];
  definitions: Record<string, { zh: string; en: string }>;
}

export interface NamedMetricsGroup extends MetricsGroup {
  /** The department's, street's or category's name (null for the unassigned group and for days). */
  name: string | null;
}

export interface Attachment {
  id: number;
  content_type: string;
  size_bytes: number;
  url: string;
  created_at: string;
}

export interface PublicRequest {
  ticket_no: string;
  status: (typeof PUBLIC_STATUSES)[number];
  type: string;
  title: string;
  body: string;
  area: { code: string; name: string } | null;
  category: { code: string; name: string; level1: { code: string; name: string } | null } | null;
  created_date: string;
  replied_date: string | null;
  closed_date: string | null;
}

export interface PublicMetrics {
  from: string;
  to: string;
  overall: Rates & { total: number; followed_up: number; dispatched: number };
  by_street: (Rates & {
    code: string;
    name: string;
    total: number;
    followed_up: number;
    dispatched: number;
  })[];
  definitions: Record<string, { zh: string; en: string }>;
}

export type CalendarSource = 'local' | 'national' | 'package' | 'weekday';

export interface CalendarDay {
  date: string;
  working: boolean;
  source: CalendarSource;
  name: string | null;
  notice: string | null;
}

export interface CalendarSchedule {
  scope: 'jurisdiction' | 'national';
  complete: boolean;
  source: string;
  input_format: ScheduleFormat;
  input_text: string;
  entered_by: string;
  entered_at: string;
}

export interface CalendarYear {
  year: number;
  known: boolean;
  year_source: Exclude<CalendarSource, 'weekday'> | null;
  last_known_year: number | null;
  schedules: CalendarSchedule[];
  days: CalendarDay[];
}

export type ScheduleFormat = (typeof SCHEDULE_FORMATS)[number];

export interface ScheduleIssue {
  severity: 'error' | 'warning';
  line: number | null;
  message: string;
  message_en: string;
}

export interface ScheduleResult {
  year: number;
  days: { date: string; working: boolean; name: string }[];
  issues: ScheduleIssue[];
  changed: string[];
  recounted: number;
  calendar: CalendarDay[];
  saved: boolean;
}

export interface AdminAlert {
  key: string;
  kind: string;
  message: string;
  message_en: string;
  details: Record<string, unknown>;
  raised_at: string;
}
