/**
 * Who may see and do what: the only place where roles are checked. Outsiders get 404 (the request is
 * invisible to them), so nobody can probe which tickets exist; a visible request with a forbidden action is 403.
 */
import type { Channel, Role } from '../db/schema.js';
import type { Action } from '../requests/workflow.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

/** A policy's verdict enforced: a refusal is 403 `forbidden`. */
export function ensureAllowed(allowed: boolean): void {
  if (!allowed) throw new AppError('forbidden');
}

export type Visibility =
  | { kind: 'all' }
  /** A department's staff: what it handles, and what it ordered as a community (社区点单). */
  | { kind: 'department'; code: string }
  | { kind: 'reporter'; phoneHash: string }
  | { kind: 'created_by'; userId: number }
  | { kind: 'api_key'; apiKeyId: number }
  | { kind: 'none' };

export function requestVisibility(actor: Actor): Visibility {
  if (actor.kind === 'system') return { kind: 'all' };
  if (actor.kind === 'api_key') return { kind: 'api_key', apiKeyId: actor.apiKeyId };
  switch (actor.role) {
    case 'operator':
    case 'dispatcher':
    case 'supervisor':
    case 'admin':
      return { kind: 'all' };
    case 'handler':
    case 'department_head':
      return actor.departmentCode ? { kind: 'department', code: actor.departmentCode } : { kind: 'none' };
    case 'resident':
      return actor.phoneHash ? { kind: 'reporter', phoneHash: actor.phoneHash } : { kind: 'none' };
    case 'field_worker':
      return { kind: 'created_by', userId: actor.userId };
  }
}

type RequestFacts = {
  department_code: string | null;
  /** The reply deadline has passed unanswered (the sweep's mark). */
  reply_overdue?: boolean;
  reporter_phone_hash: string | null;
  /** 社区点单: the ordering community, which follows up and reopens its orders as a reporter does. */
  requester_department_code?: string | null;
  /** 吹哨报到: the co-handling departments (协办) still involved, which read it and act on their own part. */
  co_department_codes?: readonly string[];
};

const DEPARTMENT_STAFF: readonly Role[] = ['handler', 'department_head'];

function ofDepartment(actor: Actor, r: RequestFacts): boolean {
  return (
    actor.kind === 'user' &&
    DEPARTMENT_STAFF.includes(actor.role) &&
    actor.departmentCode !== null &&
    actor.departmentCode === r.department_code
  );
}

/** The staff of a co-handling department (协办) of the request: they sign (报到) and submit their own part. */
export const ofCoDepartment = (actor: Actor, r: RequestFacts) =>
  actor.kind === 'user' &&
  DEPARTMENT_STAFF.includes(actor.role) &&
  actor.departmentCode !== null &&
  (r.co_department_codes ?? []).includes(actor.departmentCode);

const isRole = (actor: Actor, ...roles: Role[]) => actor.kind === 'user' && roles.includes(actor.role);
export const isReporter = (actor: Actor, r: RequestFacts) =>
  actor.kind === 'user' &&
  actor.role === 'resident' &&
  !!actor.phoneHash &&
  actor.phoneHash === r.reporter_phone_hash;

/** The staff of the community that ordered the request (社区点单), acting as its requester. */
export const isRequesterDepartment = (actor: Actor, r: RequestFacts) =>
  actor.kind === 'user' &&
  DEPARTMENT_STAFF.includes(actor.role) &&
  actor.departmentCode !== null &&
  !!r.requester_department_code &&
  actor.departmentCode === r.requester_department_code;

/**
 * Whether the reply is overdue: marked by the sweep, or its deadline passed unanswered already (the sweep runs
 * once a minute).
 */
export const isReplyOverdue = (
  r: { reply_overdue?: boolean; reply_by?: Date | null; replied_at?: Date | null },
  now: Date,
) =>
  r.reply_overdue === true ||
  (!!r.reply_by && r.reply_by.getTime() < now.getTime() && (r.replied_at ?? null) === null);

/**
 * An extension is decided by the department's head; once the reply is overdue it is a supervised exception that
 * only a supervisor (督办) decides.
 */
function decidesExtension(a: Actor, r: RequestFacts): boolean {
  if (r.reply_overdue) return isRole(a, 'supervisor');
  return ofDepartment(a, r) && isRole(a, 'department_head');
}

const ACTION_POLICY: Record<Action, (actor: Actor, r: RequestFacts) => boolean> = {
  'answer-directly': (a) => isRole(a, 'operator', 'dispatcher'),
  dispatch: (a) => isRole(a, 'dispatcher'),
  sign: ofDepartment,
  contact: ofDepartment,
  'add-note': (a, r) => ofDepartment(a, r) || isRole(a, 'operator', 'dispatcher', 'supervisor'),
  return: ofDepartment,
  'request-extension': ofDepartment,
  'approve-extension': decidesExtension,
  'refuse-extension': decidesExtension,
  reply: ofDepartment,
  /** 回复审核: the reviewers are the 12345 centre's supervisors (督办). */
  'approve-reply': (a) => isRole(a, 'supervisor'),
  'send-back-reply': (a) => isRole(a, 'supervisor'),
  'follow-up': (a, r) => isRole(a, 'operator') || isReporter(a, r) || isRequesterDepartment(a, r),
  close: (a) => isRole(a, 'operator', 'dispatcher'),
  'auto-close': (a) => a.kind === 'system',
  'auto-dispatch': (a) => a.kind === 'system',
  reopen: (a, r) => isRole(a, 'operator', 'dispatcher') || isReporter(a, r) || isRequesterDepartment(a, r),
  supervise: (a) => isRole(a, 'supervisor'),
  merge: (a) => isRole(a, 'dispatcher'),
  'reveal-contact': ofDepartment,
  /** 作废: the centre's desk (operators, dispatchers) and admins void junk and test tickets. */
  void: (a) => isRole(a, 'operator', 'dispatcher', 'admin'),
  /** 撤单, 催办, 补充信息: the reporter, or an operator taking their call. */
  withdraw: (a, r) => isRole(a, 'operator') || isReporter(a, r),
  chase: (a, r) => isRole(a, 'operator') || isReporter(a, r),
  'add-info': (a, r) => isRole(a, 'operator') || isReporter(a, r),
  /** 差评复核: the department that handled the request disputes its rating; the centre's supervisors decide. */
  'dispute-rating': ofDepartment,
  'decide-dispute': (a) => isRole(a, 'supervisor'),
  /** 吹哨: the lead department (主办) or a dispatcher calls in another department. */
  whistle: (a, r) => isRole(a, 'dispatcher') || ofDepartment(a, r),
  'co-sign': ofCoDepartment,
  'co-submit': ofCoDepartment,
  /** The centre stops waiting for a co-department's part (so that the lead may reply for all). */
  'release-co-handler': (a) => isRole(a, 'dispatcher', 'supervisor'),
};

/** Whether the actor handles the request in its department (its new-information mark is for them). */
export const handlesRequest = ofDepartment;

export function mayPerform(actor: Actor, action: Action, r: RequestFacts): boolean {
  return ACTION_POLICY[action](actor, r);
}

/** Who may file a request, and whether they file for somebody else (then the reporter must be given). */
export function registerPolicy(actor: Actor): 'self' | 'on_behalf' | 'forbidden' {
  if (actor.kind === 'api_key') return 'on_behalf';
  if (actor.kind === 'system') return 'on_behalf';
  if (actor.role === 'resident') return 'self';
  if (isRole(actor, 'operator', 'dispatcher', 'field_worker', 'admin')) return 'on_behalf';
  return 'forbidden';
}

/** The channel a request filed through the API comes in by, from who files it. */
export function registrationChannel(actor: Actor): Channel {
  if (actor.kind === 'api_key') return 'app';
  if (isRole(actor, 'resident')) return 'web';
  if (isRole(actor, 'field_worker')) return 'visit';
  return 'hotline';
}

/**
 * Who reads a request as staff: everyone but a resident, who sees their own request without the internal
 * fields (return reasons, pending extensions, the classifier's suggestions) and internal events.
 */
export const readsAsStaff = (actor: Actor) => !isRole(actor, 'resident');

/** Staff who may see the masked reporter; residents see only their own requests anyway. */
export function maySeeMaskedReporter(actor: Actor): boolean {
  return actor.kind === 'user';
}

/** Whoever sees every request (the dispatcher deciding where one goes) sees its probable duplicates. */
export const maySeeDuplicateCandidates = (actor: Actor) => requestVisibility(actor).kind === 'all';

/** Photos of a request they can see: its reporter, and staff. */
export const mayAttachPhoto = (actor: Actor, r: RequestFacts) => isReporter(actor, r) || isStaff(actor);

/**
 * 差评复核 evidence: the handling department's staff, on a request they could dispute. The files are staff-only:
 * the resident never sees them.
 */
export const mayAttachEvidence = (actor: Actor, r: RequestFacts) => ofDepartment(actor, r);

/**
 * Find a caller's requests by their phone (the registration form's caller history, the search by phone): the
 * centre's staff who see every request. Each look-up is written to `caller_lookups`.
 */
export const mayLookUpCaller = (actor: Actor) =>
  isRole(actor, 'operator', 'dispatcher', 'supervisor', 'admin');

const isAdmin = (actor: Actor) => isRole(actor, 'admin');
export const isStaff = (actor: Actor) => actor.kind === 'user' && actor.role !== 'resident';

/** 工单查询 in the top bar: every member of staff, among the requests they may see (requestVisibility). */
export const mayLookUpRequests = isStaff;

/** The map's pins of requests: every member of staff, among the requests they may see (requestVisibility). */
export const mayMapRequests = isStaff;

/** 附议: a resident known by their phone adds their voice to a public request (once) and follows it. */
export const mayAddVoice = (actor: Actor) =>
  isRole(actor, 'resident') && actor.kind === 'user' && !!actor.phoneHash;

/** Saved filters of the request lists: every member of staff, each their own. */
export const mayKeepSavedFilters = isStaff;

/**
 * Notifications, each their own: a department's handlers and heads (dispatches, deadlines due, 督办 for heads) and
 * the centre's supervisors (escalated returns).
 */
export const mayReadNotifications = (actor: Actor) =>
  isRole(actor, 'handler', 'department_head', 'supervisor');

// ---------------------------------------------------------------------------------------------------------
// Figures, topics, the calendar and administration
// ---------------------------------------------------------------------------------------------------------

export const mayReadMetrics = (actor: Actor) =>
  isRole(actor, 'supervisor', 'admin', 'dispatcher', 'operator', 'department_head');

/** The department whose figures a reader is limited to (a head: their own), or undefined for all of them. */
export const metricsDepartmentScope = (actor: Actor): string | undefined =>
  actor.kind === 'user' && actor.role === 'department_head' ? (actor.departmentCode ?? '') : undefined;

/** Hot topics: supervisors (who pick 每月一题), dispatchers and admins. */
export const mayReadTopics = (actor: Actor) => isRole(actor, 'supervisor', 'dispatcher', 'admin');

/** The working-day calendar is read by every member of staff (deadlines are counted on it). */
export const mayReadCalendar = isStaff;

/** A year's holiday schedule is entered, previewed and removed by the jurisdiction's admins. */
export const mayManageCalendar = isAdmin;

/**
 * The assessment (考核): its ranking is sent to every unit, so whoever reads the dashboard reads the whole table;
 * a department head opens only their own unit's costly requests; admins set the scheme, supervisors preview one.
 */
export const mayReadAssessment = (actor: Actor) => mayReadMetrics(actor);
export const mayEditAssessment = isAdmin;
export const mayPreviewAssessment = (actor: Actor) => isRole(actor, 'admin', 'supervisor');
export const mayDrillIntoUnit = (actor: Actor, kind: 'department' | 'street', code: string) =>
  mayReadAssessment(actor) &&
  (metricsDepartmentScope(actor) === undefined ||
    (kind === 'department' && metricsDepartmentScope(actor) === code));

/**
 * 每月一题: chosen and defined by supervisors and admins, followed by whoever reads the dashboard (a head reads
 * every problem: they are few and published).
 */
export const mayReadMonthlyProblems = (actor: Actor) => mayReadMetrics(actor);
export const mayManageMonthlyProblems = (actor: Actor) => isRole(actor, 'supervisor', 'admin');

/**
 * 未诉先办 warnings: the centre (supervisors, dispatchers, admins) reads them all; a department's staff read and
 * answer the ones addressed to their department, the centre answers any.
 */
export const warningsDepartmentScope = (actor: Actor): string | undefined | null =>
  isRole(actor, 'supervisor', 'dispatcher', 'admin')
    ? undefined
    : isRole(actor, ...DEPARTMENT_STAFF) && actor.kind === 'user' && actor.departmentCode
      ? actor.departmentCode
      : null;
export const mayReadWarnings = (actor: Actor) => warningsDepartmentScope(actor) !== null;
export const mayHandleWarning = (actor: Actor, departmentCode: string | null) => {
  const scope = warningsDepartmentScope(actor);
  return scope === undefined ? !isRole(actor, 'dispatcher') : scope !== null && scope === departmentCode;
};

/** Alerts only an admin can act on (a year of the calendar nobody entered). */
export const mayReadAdminAlerts = isAdmin;

/** Areas, departments, categories (and their Open311 attributes) and SLA profiles. */
export const mayManageReference = isAdmin;

/** Staff accounts: create, list, reset passwords. */
export const mayManageUsers = isAdmin;

/** Integration keys: create, list, revoke. */
export const mayManageApiKeys = isAdmin;

/** Delivery to residents: the message templates, the jurisdiction's channels, the dead letters. */
export const mayManageDelivery = isAdmin;

/** How a request's messages to its resident fared: staff who may see the request (checked with the data). */
export const mayReadDeliveries = isStaff;

/** A resident stops (or resumes) the centre's SMS to their own phone. */
export const mayOptOutOfSms = (actor: Actor) =>
  isRole(actor, 'resident') && actor.kind === 'user' && !!actor.phoneHash;

/** Area alerts by SMS: a resident known by their phone, to that phone only (anyone else subscribes by e-mail). */
export const maySubscribeBySms = (actor: Actor) =>
  isRole(actor, 'resident') && actor.kind === 'user' && !!actor.phoneHash;

// ---------------------------------------------------------------------------------------------------------
// 实事项目 ledger, field visits, community orders
// ---------------------------------------------------------------------------------------------------------

const isDepartmentHeadOf = (actor: Actor, departmentCode: string) =>
  isRole(actor, 'department_head') && actor.kind === 'user' && actor.departmentCode === departmentCode;

/** Staff read the whole ledger, internal projects included; the public reads public projects only. */
export const mayReadProjects = (actor: Actor | null) =>
  actor !== null && (actor.kind === 'system' || isStaff(actor));

/** Create or edit a project: admins and supervisors, or the head of the owner department. */
export const mayManageProject = (actor: Actor, ownerDepartmentCode: string) =>
  actor.kind === 'system' ||
  isRole(actor, 'admin', 'supervisor') ||
  isDepartmentHeadOf(actor, ownerDepartmentCode);

/** Report progress, mark milestones, link requests: as managing, plus the owner department's handlers. */
export const mayReportProjectProgress = (actor: Actor, ownerDepartmentCode: string) =>
  mayManageProject(actor, ownerDepartmentCode) ||
  (isRole(actor, 'handler') && actor.kind === 'user' && actor.departmentCode === ownerDepartmentCode);

/** What the user may do to one project, for the web's buttons: edit its facts, or report on it. */
export const projectCapabilities = (actor: Actor, ownerDepartmentCode: string) => ({
  edit: mayManageProject(actor, ownerDepartmentCode),
  report: mayReportProjectProgress(actor, ownerDepartmentCode),
});

/** Import a whole ledger (many owner departments at once). */
export const mayImportProjects = (actor: Actor) =>
  actor.kind === 'system' || isRole(actor, 'admin', 'supervisor');

/** 历史工单导入: requests from another system, with their whole lifecycle (the deployment's operator, an admin). */
export const mayImportRequests = (actor: Actor) => actor.kind === 'system' || isAdmin(actor);

/** Record a field visit: field workers (grid workers, deputies) and any other member of staff. */
export const mayRecordVisit = (actor: Actor) => actor.kind === 'user' && actor.role !== 'resident';

/** Which visits a user sees: field workers and department staff their own, the centre all of them. */
export type VisitVisibility = { kind: 'all' } | { kind: 'visitor'; userId: number } | { kind: 'none' };

export function visitVisibility(actor: Actor): VisitVisibility {
  if (actor.kind === 'system') return { kind: 'all' };
  if (actor.kind !== 'user' || actor.role === 'resident') return { kind: 'none' };
  if (isRole(actor, 'operator', 'dispatcher', 'supervisor', 'admin')) return { kind: 'all' };
  return { kind: 'visitor', userId: actor.userId };
}

/** Lists of visits and campaigns: whoever sees some visits. */
export const mayListVisits = (actor: Actor) => visitVisibility(actor).kind !== 'none';

/** Plan campaigns (两进两问, 三联三解) and their targets. */
export const mayManageCampaigns = (actor: Actor) =>
  actor.kind === 'system' || isRole(actor, 'admin', 'supervisor');

export const mayReadCampaignProgress = (actor: Actor) => mayListVisits(actor) || mayManageCampaigns(actor);

// ---------------------------------------------------------------------------------------------------------
// 宣讲/学习 activities
// ---------------------------------------------------------------------------------------------------------

/** Organise sessions and keep teams, topics and routes: the centre and the street/community staff (field workers). */
export const mayManageActivities = (actor: Actor) =>
  actor.kind === 'system' || isRole(actor, 'admin', 'supervisor', 'dispatcher', 'field_worker');

/** Read sessions, teams, topics, routes and their statistics: every member of staff. */
export const mayReadActivities = (actor: Actor) => actor.kind === 'system' || isStaff(actor);

/**
 * Run one session (edit, cancel, show the check-in code, count walk-ins, take names offline, record needs): the
 * centre any session, a field worker the sessions they organise.
 */
export const mayRunSession = (actor: Actor, organiserUserId: number) =>
  actor.kind === 'system' ||
  isRole(actor, 'admin', 'supervisor', 'dispatcher') ||
  (isRole(actor, 'field_worker') && actor.kind === 'user' && actor.userId === organiserUserId);

/** 社区点单: the staff of a community (a department of kind 'community') place orders for departments. */
export const mayPlaceOrder = (actor: Actor, departmentKind: string | null) =>
  actor.kind === 'user' &&
  DEPARTMENT_STAFF.includes(actor.role) &&
  actor.departmentCode !== null &&
  departmentKind === 'community';

/** The orders placed or received: anyone but residents (visibility narrows what each one sees). */
export const mayListOrders = (actor: Actor) => !isRole(actor, 'resident');

// ---------------------------------------------------------------------------------------------------------
// 锡慧停 shared parking
// ---------------------------------------------------------------------------------------------------------

/** The staff (handlers and head) of the department that operates a site. */
const ofOperator = (actor: Actor, operatorDepartmentCode: string | null) =>
  actor.kind === 'user' &&
  DEPARTMENT_STAFF.includes(actor.role) &&
  actor.departmentCode !== null &&
  actor.departmentCode === operatorDepartmentCode;

/** Parking sites: create, edit, import. Admins, and the system (the CLI's import). */
export const mayManageParkingSites = (actor: Actor) => actor.kind === 'system' || isAdmin(actor);

/** A site's share windows (错时共享): admins, and the staff of the department that operates the site. */
export const mayManageShareWindows = (actor: Actor, operatorDepartmentCode: string | null) =>
  mayManageParkingSites(actor) || ofOperator(actor, operatorDepartmentCode);

/**
 * A community order (社区点单) asking a unit to share its spaces is answered by the department it was dispatched
 * to, with a share window at one of its sites.
 */
export const mayAnswerOrderWithWindow = (actor: Actor, r: RequestFacts) =>
  ofDepartment(actor, r) && !!r.requester_department_code;

/** A site's bookings (plates masked) and its check-in by plate: its operating department's staff, and admins. */
export const mayOperateSite = (actor: Actor, operatorDepartmentCode: string | null) =>
  isAdmin(actor) || ofOperator(actor, operatorDepartmentCode);

/** Residents book shared spaces, logged in by phone. */
export const mayBookParking = (actor: Actor) =>
  actor.kind === 'user' && actor.role === 'resident' && !!actor.phoneHash;

/** A window's audience: the public, or the holders of a pass to it (parents, staff, a community's residents). */
export const mayBookWindow = (actor: Actor, audience: string, hasPass: boolean) =>
  mayBookParking(actor) && (audience === 'public' || hasPass);

/** Gate and sensor systems push live occupancy with an integration key (the same keys as Open311). */
export const mayPushObservations = (actor: Actor) => actor.kind === 'api_key' || actor.kind === 'system';

/** Passes to a site's parents or staff: its operating department, and admins. */
export const mayGrantSitePass = (actor: Actor, operatorDepartmentCode: string | null) =>
  mayManageParkingSites(actor) || ofOperator(actor, operatorDepartmentCode);

/** Passes for a community's residents: the community's staff (its committee's area), and admins. */
export const mayGrantResidentPass = (
  actor: Actor,
  actorDepartment: { kind: string; area_code: string | null } | null,
  areaCode: string,
) =>
  mayManageParkingSites(actor) ||
  (actor.kind === 'user' &&
    DEPARTMENT_STAFF.includes(actor.role) &&
    actorDepartment?.kind === 'community' &&
    actorDepartment.area_code === areaCode);

/** Sites and their windows near a request, for whoever handles requests: staff. */
export const mayReadParkingNearRequests = isStaff;

/**
 * The dashboard's parking figures (shared spaces, utilisation by hour, bookings, no-show rate, silent sites):
 * counts without a plate or a resident, for the readers of the dashboard's figures.
 */
export const mayReadParkingFigures = (actor: Actor) => mayReadMetrics(actor);
// 知识库 and reply templates
// ---------------------------------------------------------------------------------------------------------

/** Every member of staff reads the knowledge base, internal articles included (residents: public ones only). */
export const mayReadKnowledge = isStaff;

/**
 * Propose an article or a change to one: the centre's desk (operators, dispatchers, supervisors, admins) for any
 * department, a department's handlers and head for articles their department owns.
 */
export const mayProposeArticle = (actor: Actor, ownerDepartmentCode: string) =>
  isRole(actor, 'operator', 'dispatcher', 'supervisor', 'admin') ||
  (actor.kind === 'user' &&
    DEPARTMENT_STAFF.includes(actor.role) &&
    actor.departmentCode === ownerDepartmentCode);

/** Approve or reject a proposal: the owning department's head, or the centre (supervisors, admins). */
export const mayReviewArticle = (actor: Actor, ownerDepartmentCode: string) =>
  isRole(actor, 'supervisor', 'admin') || isDepartmentHeadOf(actor, ownerDepartmentCode);

/** Write the reply templates of a department (null: the templates every department shares). */
export const mayManageReplyTemplates = (actor: Actor, departmentCode: string | null) =>
  isRole(actor, 'supervisor', 'admin') ||
  (departmentCode !== null && isDepartmentHeadOf(actor, departmentCode));

/** Replies that are only a template with nothing added, listed for the supervisors. */
export const mayReadTemplateOnlyReplies = (actor: Actor) => isRole(actor, 'supervisor', 'admin');

/** The reply templates of every department, as a list: every member of staff (each request offers its own). */
export const mayReadReplyTemplates = isStaff;

// ---------------------------------------------------------------------------------------------------------
// 回复审核 reply review
// ---------------------------------------------------------------------------------------------------------

/** The replies waiting for review and those sent back: the reviewers (supervisors), and admins who set it up. */
export const mayReadReplyReviews = (actor: Actor) => isRole(actor, 'supervisor', 'admin');

/** 差评复核: the disputes waiting for a decision and those decided, beside the replies under review. */
export const mayReadRatingDisputes = (actor: Actor) => isRole(actor, 'supervisor', 'admin');

/** Which replies are reviewed (settings, rules by department and category): admins and supervisors. */
export const mayManageReplyReview = (actor: Actor) => isRole(actor, 'supervisor', 'admin');

// ---------------------------------------------------------------------------------------------------------
// What the web application offers a logged-in user
// ---------------------------------------------------------------------------------------------------------

export type Capabilities = {
  /** 热线受理: the hotline desk, the dispatchers, and the field workers' filing. */
  console: boolean;
  /** 部门工作台: a department's handlers and head. */
  workbench: boolean;
  dashboard: boolean;
  /** 实事台账: every member of staff. */
  ledger: boolean;
  admin: boolean;
  visits: boolean;
  register_request: boolean;
  /** Create a project for some department (an admin or supervisor for any, a head for their own). */
  manage_projects: boolean;
  import_projects: boolean;
  manage_campaigns: boolean;
  place_orders: boolean;
  manage_calendar: boolean;
  /** The caller's earlier requests beside the registration form, the search by phone. */
  look_up_callers: boolean;
  edit_assessment: boolean;
  /** 锡慧停: sites, import and every site's windows. */
  manage_parking: boolean;
  /** 锡慧停: the windows, bookings and check-in of the sites a department operates (any site, for admins). */
  operate_parking: boolean;
  /** The ticket lookup in the top bar. */
  look_up_requests: boolean;
  notifications: boolean;
  /** 知识库: search, read and propose articles. */
  knowledge: boolean;
  /** Approve articles (of the head's department, or of any for the centre). */
  review_knowledge: boolean;
  /** Write reply templates (the head's department's, or any for the centre). */
  manage_reply_templates: boolean;
  /** 每月一题 and 未诉先办 warnings: the page (problems to read, or warnings to answer). */
  focus: boolean;
  /** Choose and define 每月一题. */
  manage_monthly_problems: boolean;
  /** 回复审核: the queue of replies under review, and its settings. */
  reply_review: boolean;
  /** 宣讲/学习 activities: sessions, teams, topics, routes and their statistics. */
  activities: boolean;
  /** Organise sessions and keep teams, topics and routes. */
  manage_activities: boolean;
};

/**
 * The faces and tools of the web application a user may open, from the policies above, so that the web does
 * not repeat role lists. Residents use the resident pages only: every capability is false for them.
 */
export function capabilities(actor: Actor, departmentKind: string | null): Capabilities {
  const staff = isStaff(actor);
  return {
    console: isRole(actor, 'operator', 'dispatcher', 'field_worker'),
    workbench: isRole(actor, ...DEPARTMENT_STAFF),
    dashboard: mayReadMetrics(actor),
    ledger: staff,
    admin: isAdmin(actor),
    visits: mayRecordVisit(actor),
    register_request: staff && registerPolicy(actor) !== 'forbidden',
    manage_projects:
      actor.kind === 'user' && actor.departmentCode !== null
        ? mayManageProject(actor, actor.departmentCode)
        : isRole(actor, 'admin', 'supervisor'),
    import_projects: staff && mayImportProjects(actor),
    manage_campaigns: staff && mayManageCampaigns(actor),
    place_orders: mayPlaceOrder(actor, departmentKind),
    manage_calendar: mayManageCalendar(actor),
    look_up_callers: mayLookUpCaller(actor),
    edit_assessment: mayEditAssessment(actor),
    manage_parking: staff && mayManageParkingSites(actor),
    operate_parking: isRole(actor, ...DEPARTMENT_STAFF, 'admin'),
    look_up_requests: mayLookUpRequests(actor),
    notifications: mayReadNotifications(actor),
    knowledge: mayReadKnowledge(actor),
    review_knowledge:
      isRole(actor, 'supervisor', 'admin') || (isRole(actor, 'department_head') && actor.kind === 'user'),
    manage_reply_templates:
      isRole(actor, 'supervisor', 'admin') || (isRole(actor, 'department_head') && actor.kind === 'user'),
    focus: mayReadMonthlyProblems(actor) || mayReadWarnings(actor),
    manage_monthly_problems: mayManageMonthlyProblems(actor),
    reply_review: mayReadReplyReviews(actor),
    activities: staff && mayReadActivities(actor),
    manage_activities: staff && mayManageActivities(actor),
  };
}
