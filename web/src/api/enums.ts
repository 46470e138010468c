/**
 * The server's enums the pages list (selects, filters, tables), each once, in the order the pages show them.
 * Each list is checked against the generated type: a value the server lacks, or one it added that the list
 * misses, is a type error of the web application.
 */
import type {
  AreaLevel,
  CampaignKind,
  Channel,
  DepartmentKind,
  ParkingAudience,
  ParkingSiteKind,
  ProjectKind,
  ProjectLevel,
  ProjectStatus,
  PublicStatus,
  Rate,
  RequestType,
  Satisfaction,
  ScheduleFormat,
  StaffRole,
  Status,
  VisiteeKind,
  VisitorKind,
} from './models';

/** `every<T>()([...])`: the list, refused unless it holds every value of T. */
const every =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ) =>
    list;

export const STATUSES = every<Status>()([
  'registered',
  'returned',
  'dispatched',
  'signed',
  'in_progress',
  'reviewing',
  'replied',
  'followed_up',
  'closed',
  'merged',
  'withdrawn',
  'voided',
]);
export const REQUEST_TYPES = every<RequestType>()(['咨询', '求助', '投诉', '举报', '建议']);
export const CHANNELS = every<Channel>()(['hotline', 'web', 'app', 'visit', 'open311', 'community', 'lecture']);
export const STAFF_ROLES = every<StaffRole>()([
  'operator',
  'dispatcher',
  'handler',
  'department_head',
  'supervisor',
  'admin',
  'field_worker',
]);
export const SATISFACTIONS = every<Satisfaction>()(['satisfied', 'basically_satisfied', 'unsatisfied']);
export const DEPARTMENT_KINDS = every<DepartmentKind>()(['bureau', 'street_office', 'community', 'utility']);
export const AREA_LEVELS = every<AreaLevel>()(['district', 'street', 'community', 'grid']);
/** The phases the public pages show instead of the statuses. */
export const PUBLIC_STATUSES = every<PublicStatus>()(['received', 'handling', 'replied', 'closed']);
/** The rates the metrics report (三率 and 按时办结率). */
export const RATES = every<Rate>()(['response_rate', 'resolution_rate', 'satisfaction_rate', 'on_time_rate']);
/** How a year's holiday schedule is entered. */
export const SCHEDULE_FORMATS = every<ScheduleFormat>()(['notice', 'ical', 'csv']);
export const PROJECT_KINDS = every<ProjectKind>()(['project', 'key_task']);
export const PROJECT_LEVELS = every<ProjectLevel>()([
  'provincial_key',
  'city_published',
  'district',
  'department',
]);
export const PROJECT_STATUSES = every<ProjectStatus>()([
  'not_started',
  'in_progress',
  'past_half',
  'completed',
  'delayed',
]);
export const CAMPAIGN_KINDS = every<CampaignKind>()(['liangjin_liangwen', 'sanlian_sanjie', 'custom']);
export const VISITOR_KINDS = every<VisitorKind>()(['official', 'deputy', 'grid_worker']);
export const VISITEE_KINDS = every<VisiteeKind>()(['household', 'enterprise', 'community']);
export const PARKING_SITE_KINDS = every<ParkingSiteKind>()([
  'public',
  'on_street',
  'unit',
  'school',
  'residential',
  'commercial',
]);
export const PARKING_AUDIENCES = every<ParkingAudience>()(['public', 'residents', 'parents', 'staff']);
