/**
 * Every policy against every kind of actor, with the request in or out of the actor's department and the actor
 * its reporter or not. The expected tables are written out by hand from the README's Roles table, not computed
 * from the policies: a change of who may do what must change a line here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLES, type Role } from '../db/schema.js';
import { ACTIONS, type Action } from '../requests/workflow.js';
import { systemActor, type Actor, type UserActor } from './actor.js';
import {
  mayHandleWarning,
  mayManageMonthlyProblems,
  mayReadWarnings,
  warningsDepartmentScope,
  capabilities,
  isReplyOverdue,
  isRequesterDepartment,
  isReporter,
  isStaff,
  mayAnswerOrderWithWindow,
  mayAttachEvidence,
  mayAttachPhoto,
  mayBookParking,
  mayBookWindow,
  mayGrantResidentPass,
  mayGrantSitePass,
  mayManageParkingSites,
  mayManageShareWindows,
  mayOperateSite,
  mayPushObservations,
  mayReadParkingFigures,
  mayReadParkingNearRequests,
  mayImportProjects,
  mayImportRequests,
  mayListOrders,
  mayListVisits,
  mayLookUpCaller,
  mayManageApiKeys,
  mayManageDelivery,
  mayReadDeliveries,
  mayOptOutOfSms,
  maySubscribeBySms,
  mayDrillIntoUnit,
  mayEditAssessment,
  mayManageCalendar,
  mayPreviewAssessment,
  mayReadAssessment,
  mayManageCampaigns,
  mayManageActivities,
  mayReadActivities,
  mayRunSession,
  mayManageProject,
  projectCapabilities,
  mayManageReplyTemplates,
  mayProposeArticle,
  mayReadKnowledge,
  mayReadTemplateOnlyReplies,
  mayReviewArticle,
  mayManageReference,
  mayManageUsers,
  mayPerform,
  mayPlaceOrder,
  mayReadAdminAlerts,
  mayReadCalendar,
  mayLookUpRequests,
  mayMapRequests,
  mayKeepSavedFilters,
  mayReadNotifications,
  mayAddVoice,
  mayReadCampaignProgress,
  mayReadMetrics,
  mayReadProjects,
  mayReadTopics,
  mayRecordVisit,
  mayReportProjectProgress,
  maySeeDuplicateCandidates,
  maySeeMaskedReporter,
  mayManageReplyReview,
  mayReadRatingDisputes,
  mayReadReplyReviews,
  mayReadReplyTemplates,
  metricsDepartmentScope,
  readsAsStaff,
  registerPolicy,
  registrationChannel,
  requestVisibility,
  visitVisibility,
} from './policies.js';

const J = 'xiangcheng';
const MY_DEPARTMENT = 'housing';
const MY_PHONE = 'hash-of-my-phone';

const user = (role: Role, more: { departmentCode?: string; phoneHash?: string } = {}): UserActor => ({
  kind: 'user',
  jurisdictionId: J,
  userId: ROLES.indexOf(role) + 1,
  role,
  departmentCode: more.departmentCode ?? null,
  areaCode: null,
  label: role,
  phoneHash: more.phoneHash ?? null,
});

/** The columns of every table below, in this order. */
const ACTORS = {
  resident: user('resident', { phoneHash: MY_PHONE }),
  operator: user('operator'),
  dispatcher: user('dispatcher'),
  handler: user('handler', { departmentCode: MY_DEPARTMENT }),
  department_head: user('department_head', { departmentCode: MY_DEPARTMENT }),
  supervisor: user('supervisor'),
  admin: user('admin'),
  field_worker: user('field_worker'),
  api_key: { kind: 'api_key', jurisdictionId: J, apiKeyId: 7, label: '12345 小程序' },
  system: systemActor(J),
} satisfies Record<Role | 'api_key' | 'system', Actor>;
type ActorName = keyof typeof ACTORS;
const NAMES = Object.keys(ACTORS) as ActorName[];

/** The request, seen from the actor: handled by their department or another, reported by them or not. */
const REQUESTS = [
  { label: 'my department, I reported it', department_code: MY_DEPARTMENT, reporter_phone_hash: MY_PHONE },
  { label: 'my department, someone else’s', department_code: MY_DEPARTMENT, reporter_phone_hash: 'other' },
  { label: 'another department, I reported it', department_code: 'transport', reporter_phone_hash: MY_PHONE },
  { label: 'another department, someone else’s', department_code: 'transport', reporter_phone_hash: 'other' },
  {
    label: 'another department, ordered by mine (社区点单)',
    department_code: 'transport',
    reporter_phone_hash: null,
    requester_department_code: MY_DEPARTMENT,
  },
];

/** One cell per actor (in ACTORS' order); in each, one character per request of REQUESTS: x allowed, . not. */
type Row = [string, string, string, string, string, string, string, string, string, string];

// prettier-ignore
const ACTION_TABLE: Record<Action, Row> = {
  //                    resident operator dispatch handler  head     superv.  admin    field    api_key  system
  'answer-directly':   ['.....', 'xxxxx', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'dispatch':          ['.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'sign':              ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'contact':           ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'add-note':          ['.....', 'xxxxx', 'xxxxx', 'xx...', 'xx...', 'xxxxx', '.....', '.....', '.....', '.....'],
  'return':            ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'request-extension': ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'approve-extension': ['.....', '.....', '.....', '.....', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'refuse-extension':  ['.....', '.....', '.....', '.....', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'reply':             ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'approve-reply':     ['.....', '.....', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....'],
  'send-back-reply':   ['.....', '.....', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....'],
  'follow-up':         ['x.x..', 'xxxxx', '.....', '....x', '....x', '.....', '.....', '.....', '.....', '.....'],
  'close':             ['.....', 'xxxxx', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'auto-close':        ['.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', 'xxxxx'],
  'auto-dispatch':     ['.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', 'xxxxx'],
  'reopen':            ['x.x..', 'xxxxx', 'xxxxx', '....x', '....x', '.....', '.....', '.....', '.....', '.....'],
  'supervise':         ['.....', '.....', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....'],
  'merge':             ['.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'reveal-contact':    ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'void':              ['.....', 'xxxxx', 'xxxxx', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....'],
  'withdraw':          ['x.x..', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'chase':             ['x.x..', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'add-info':          ['x.x..', 'xxxxx', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'dispute-rating':    ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'decide-dispute':    ['.....', '.....', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....'],
  'whistle':           ['.....', '.....', 'xxxxx', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....'],
  'co-sign':           ['.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'co-submit':         ['.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  'release-co-handler':['.....', '.....', 'xxxxx', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....'],
};

/**
 * 吹哨报到: the same actions on a co-handled request, one pair of characters per actor: [another department leads
 * and mine co-handles it (协办), mine leads (主办) and another co-handles it]. A co-department's staff sign and
 * submit their part, nothing else.
 */
const CO_HANDLED = [
  { department_code: 'transport', co_department_codes: [MY_DEPARTMENT], reporter_phone_hash: 'other' },
  { department_code: MY_DEPARTMENT, co_department_codes: ['transport'], reporter_phone_hash: 'other' },
];
type Pairs = [string, string, string, string, string, string, string, string, string, string];
// prettier-ignore
const CO_ACTION_TABLE: Record<Action, Pairs> = {
  //                    resident operator dispatch handler  head     superv.  admin    field    api_key  system
  'answer-directly':   ['..',    'xx',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  dispatch:            ['..',    '..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  sign:                ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  contact:             ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'add-note':          ['..',    'xx',    'xx',    '.x',    '.x',    'xx',    '..',    '..',    '..',    '..'],
  return:              ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'request-extension': ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'approve-extension': ['..',    '..',    '..',    '..',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'refuse-extension':  ['..',    '..',    '..',    '..',    '.x',    '..',    '..',    '..',    '..',    '..'],
  reply:               ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'approve-reply':     ['..',    '..',    '..',    '..',    '..',    'xx',    '..',    '..',    '..',    '..'],
  'send-back-reply':   ['..',    '..',    '..',    '..',    '..',    'xx',    '..',    '..',    '..',    '..'],
  'follow-up':         ['..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  close:               ['..',    'xx',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  'auto-close':        ['..',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    'xx'],
  'auto-dispatch':     ['..',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    'xx'],
  reopen:              ['..',    'xx',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  supervise:           ['..',    '..',    '..',    '..',    '..',    'xx',    '..',    '..',    '..',    '..'],
  merge:               ['..',    '..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  'reveal-contact':    ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  void:                ['..',    'xx',    'xx',    '..',    '..',    '..',    'xx',    '..',    '..',    '..'],
  withdraw:            ['..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  chase:               ['..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  'add-info':          ['..',    'xx',    '..',    '..',    '..',    '..',    '..',    '..',    '..',    '..'],
  'whistle':           ['..',    '..',    'xx',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'co-sign':           ['..',    '..',    '..',    'x.',    'x.',    '..',    '..',    '..',    '..',    '..'],
  'co-submit':         ['..',    '..',    '..',    'x.',    'x.',    '..',    '..',    '..',    '..',    '..'],
  'release-co-handler':['..',    '..',    'xx',    '..',    '..',    'xx',    '..',    '..',    '..',    '..'],
  'dispute-rating':    ['..',    '..',    '..',    '.x',    '.x',    '..',    '..',    '..',    '..',    '..'],
  'decide-dispute':    ['..',    '..',    '..',    '..',    '..',    'xx',    '..',    '..',    '..',    '..'],
};

/** Policies of a request besides its actions, in the same layout. */
// prettier-ignore
const REQUEST_POLICY_TABLE: [string, (a: Actor, r: (typeof REQUESTS)[number]) => boolean, Row][] = [
  //                                     resident operator dispatch handler  head     superv.  admin    field    api_key  system
  ['isReporter', isReporter,            ['x.x..', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....', '.....']],
  ['isRequesterDepartment', isRequesterDepartment,
                                        ['.....', '.....', '.....', '....x', '....x', '.....', '.....', '.....', '.....', '.....']],
  ['mayAttachPhoto', mayAttachPhoto,    ['x.x..', 'xxxxx', 'xxxxx', 'xxxxx', 'xxxxx', 'xxxxx', 'xxxxx', 'xxxxx', '.....', '.....']],
  ['mayAttachEvidence', mayAttachEvidence,
                                        ['.....', '.....', '.....', 'xx...', 'xx...', '.....', '.....', '.....', '.....', '.....']],
];

/** Policies of the actor alone: one character per actor, in ACTORS' order. */
// prettier-ignore
const ACTOR_POLICY_TABLE: [string, (a: Actor) => boolean, string][] = [
  //                                                          roxhdsafks  (resident … system)
  ['isStaff', isStaff,                                       '.xxxxxxx..'],
  ['maySeeMaskedReporter', maySeeMaskedReporter,             'xxxxxxxx..'],
  ['readsAsStaff', readsAsStaff,                             '.xxxxxxxxx'],
  ['maySeeDuplicateCandidates', maySeeDuplicateCandidates,   '.xx..xx..x'],
  ['mayLookUpCaller', mayLookUpCaller,                       '.xx..xx...'],
  ['mayReadMetrics', mayReadMetrics,                         '.xx.xxx...'],
  ['mayReadTopics', mayReadTopics,                           '..x..xx...'],
  ['mayReadCalendar', mayReadCalendar,                       '.xxxxxxx..'],
  ['mayLookUpRequests', mayLookUpRequests,                   '.xxxxxxx..'],
  ['mayKeepSavedFilters', mayKeepSavedFilters,               '.xxxxxxx..'],
  ['mayReadNotifications', mayReadNotifications,             '...xxx....'],
  ['mayAddVoice', mayAddVoice,                               'x.........'],
  ['mayMapRequests', mayMapRequests,                         '.xxxxxxx..'],
  ['mayManageCalendar', mayManageCalendar,                   '......x...'],
  ['mayReadAdminAlerts', mayReadAdminAlerts,                 '......x...'],
  ['mayReadAssessment', mayReadAssessment,                   '.xx.xxx...'],
  ['mayPreviewAssessment', mayPreviewAssessment,             '.....xx...'],
  ['mayEditAssessment', mayEditAssessment,                   '......x...'],
  ['mayManageReference', mayManageReference,                 '......x...'],
  ['mayManageUsers', mayManageUsers,                         '......x...'],
  ['mayManageApiKeys', mayManageApiKeys,                     '......x...'],
  ['mayManageDelivery', mayManageDelivery,                   '......x...'],
  ['mayReadDeliveries', mayReadDeliveries,                   '.xxxxxxx..'],
  ['mayOptOutOfSms', mayOptOutOfSms,                         'x.........'],
  ['maySubscribeBySms', maySubscribeBySms,                   'x.........'],
  ['mayReadProjects', mayReadProjects,                       '.xxxxxxx.x'],
  ['mayImportProjects', mayImportProjects,                   '.....xx..x'],
  ['mayImportRequests', mayImportRequests,                   '......x..x'],
  ['mayRecordVisit', mayRecordVisit,                         '.xxxxxxx..'],
  ['mayListVisits', mayListVisits,                           '.xxxxxxx.x'],
  ['mayManageCampaigns', mayManageCampaigns,                 '.....xx..x'],
  ['mayReadCampaignProgress', mayReadCampaignProgress,       '.xxxxxxx.x'],
  ['mayListOrders', mayListOrders,                           '.xxxxxxxxx'],
  ['mayManageParkingSites', mayManageParkingSites,           '......x..x'],
  ['mayBookParking', mayBookParking,                         'x.........'],
  ['mayBookWindow (public)', (a) => mayBookWindow(a, 'public', false), 'x.........'],
  ['mayBookWindow (parents, no pass)', (a) => mayBookWindow(a, 'parents', false), '..........'],
  ['mayBookWindow (parents, a pass)', (a) => mayBookWindow(a, 'parents', true), 'x.........'],
  ['mayPushObservations', mayPushObservations,               '........xx'],
  ['mayReadParkingNearRequests', mayReadParkingNearRequests, '.xxxxxxx..'],
  ['mayReadParkingFigures', mayReadParkingFigures,           '.xx.xxx...'],
  ['mayReadKnowledge', mayReadKnowledge,                     '.xxxxxxx..'],
  ['mayReadTemplateOnlyReplies', mayReadTemplateOnlyReplies, '.....xx...'],
  ['mayReadReplyTemplates', mayReadReplyTemplates,           '.xxxxxxx..'],
  ['mayReadReplyReviews', mayReadReplyReviews,               '.....xx...'],
  ['mayManageReplyReview', mayManageReplyReview,             '.....xx...'],
  ['mayReadRatingDisputes', mayReadRatingDisputes,           '.....xx...'],
  ['mayManageActivities', mayManageActivities,               '..x..xxx.x'],
  ['mayReadActivities', mayReadActivities,                   '.xxxxxxx.x'],
  ['mayRunSession (I organise it)', (a) => mayRunSession(a, a.kind === 'user' ? a.userId : 0), '..x..xxx.x'],
  ['mayRunSession (another organises it)', (a) => mayRunSession(a, 999), '..x..xx..x'],
];

/** Policies with a department at stake: [the actor's own, another]; one pair of characters per actor. */
// prettier-ignore
const DEPARTMENT_POLICY_TABLE: [string, (a: Actor, mine: boolean) => boolean, Row][] = [
  //                                     resident operator dispatch handler  head     superv.  admin    field    api_key  system
  ['projectCapabilities .edit', (a, mine) => projectCapabilities(a, mine ? MY_DEPARTMENT : 'transport').edit,
                                        ['..',    '..',    '..',    '..',    'x.',    'xx',    'xx',    '..',    '..',    'xx']],
  ['projectCapabilities .report', (a, mine) => projectCapabilities(a, mine ? MY_DEPARTMENT : 'transport').report,
                                        ['..',    '..',    '..',    'x.',    'x.',    'xx',    'xx',    '..',    '..',    'xx']],
  ['mayPlaceOrder (my department a community, or a bureau)', (a, community) => mayPlaceOrder(a, community ? 'community' : 'bureau'),
                                        ['..',    '..',    '..',    'x.',    'x.',    '..',    '..',    '..',    '..',    '..']],
  ['mayGrantResidentPass (my department the community of the area, or a bureau)', (a, community) =>
      mayGrantResidentPass(a, community ? { kind: 'community', area_code: 'xc-a' } : { kind: 'bureau', area_code: 'xc' }, 'xc-a'),
                                        ['..',    '..',    '..',    'x.',    'x.',    '..',    'xx',    '..',    '..',    'xx']],
];

/** Policies of a department code (a project's owner, a site's operator …), in the same layout. */
// prettier-ignore
const OF_DEPARTMENT_TABLE: [(a: Actor, departmentCode: string) => boolean, string, Row][] = [
  //                                                                    resident operator dispatch handler  head     superv.  admin    field    api_key  system
  [mayManageProject, 'owner department',                                ['..',    '..',    '..',    '..',    'x.',    'xx',    'xx',    '..',    '..',    'xx']],
  [mayReportProjectProgress, 'owner department',                        ['..',    '..',    '..',    'x.',    'x.',    'xx',    'xx',    '..',    '..',    'xx']],
  [mayManageShareWindows, 'site operated by my department, or another', ['..',    '..',    '..',    'x.',    'x.',    '..',    'xx',    '..',    '..',    'xx']],
  [mayOperateSite, 'site operated by my department, or another',        ['..',    '..',    '..',    'x.',    'x.',    '..',    'xx',    '..',    '..',    '..']],
  [mayGrantSitePass, 'site operated by my department, or another',      ['..',    '..',    '..',    'x.',    'x.',    '..',    'xx',    '..',    '..',    'xx']],
  [mayProposeArticle, 'owner department',                               ['..',    'xx',    'xx',    'x.',    'x.',    'xx',    'xx',    '..',    '..',    '..']],
  [mayReviewArticle, 'owner department',                                ['..',    '..',    '..',    '..',    'x.',    'xx',    'xx',    '..',    '..',    '..']],
  [mayManageReplyTemplates, 'department',                               ['..',    '..',    '..',    '..',    'x.',    'xx',    'xx',    '..',    '..',    '..']],
];

/** A policy of a department code asked about the actor's own department (mine), or another. */
const ofDepartment = (may: (a: Actor, departmentCode: string) => boolean) => (a: Actor, mine: boolean) =>
  may(a, mine ? MY_DEPARTMENT : 'transport');

const mark = (allowed: boolean) => (allowed ? 'x' : '.');

describe('policies: who may do what', () => {
  test('the tables cover every role and every action', () => {
    assert.deepEqual(NAMES.slice(0, ROLES.length), [...ROLES]);
    assert.deepEqual(Object.keys(ACTION_TABLE).sort(), [...ACTIONS].sort());
  });

  for (const action of ACTIONS)
    test(`action ${action}: role × department × reporter`, () => {
      const got = NAMES.map((n) => REQUESTS.map((r) => mark(mayPerform(ACTORS[n], action, r))).join(''));
      assert.deepEqual(got, ACTION_TABLE[action]);
    });

  for (const action of ACTIONS)
    test(`action ${action} on a co-handled request (吹哨报到): role × lead or co-department`, () => {
      const got = NAMES.map((n) => CO_HANDLED.map((r) => mark(mayPerform(ACTORS[n], action, r))).join(''));
      assert.deepEqual(got, CO_ACTION_TABLE[action]);
    });

  for (const [name, policy, expected] of REQUEST_POLICY_TABLE)
    test(`${name}: role × department × reporter`, () => {
      assert.deepEqual(
        NAMES.map((n) => REQUESTS.map((r) => mark(policy(ACTORS[n], r))).join('')),
        expected,
      );
    });

  for (const [name, policy, expected] of ACTOR_POLICY_TABLE)
    test(`${name}: by role`, () => {
      assert.equal(NAMES.map((n) => mark(policy(ACTORS[n]))).join(''), expected);
    });

  const departmentPolicies = [
    ...DEPARTMENT_POLICY_TABLE,
    ...OF_DEPARTMENT_TABLE.map(
      ([may, what, row]) => [`${may.name} (${what})`, ofDepartment(may), row] as const,
    ),
  ];
  for (const [name, policy, expected] of departmentPolicies)
    test(`${name}: by role`, () => {
      assert.deepEqual(
        NAMES.map((n) => [true, false].map((mine) => mark(policy(ACTORS[n], mine))).join('')),
        expected,
      );
    });

  test('an extension on an overdue request: a supervisor decides it, not the head', () => {
    for (const action of ['approve-extension', 'refuse-extension'] as const) {
      const overdue = NAMES.map((n) =>
        REQUESTS.map((r) => mark(mayPerform(ACTORS[n], action, { ...r, reply_overdue: true }))).join(''),
      );
      // prettier-ignore
      assert.deepEqual(overdue,
        ['.....', '.....', '.....', '.....', '.....', 'xxxxx', '.....', '.....', '.....', '.....']);
    }
  });

  test('isReplyOverdue: the sweep’s mark, or a deadline passed unanswered', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const before = new Date('2026-02-01T00:00:00Z');
    const after = new Date('2026-03-02T00:00:00Z');
    assert.equal(isReplyOverdue({ reply_overdue: true }, now), true);
    assert.equal(isReplyOverdue({ reply_overdue: false, reply_by: before, replied_at: null }, now), true);
    assert.equal(isReplyOverdue({ reply_overdue: false, reply_by: before, replied_at: before }, now), false);
    assert.equal(isReplyOverdue({ reply_overdue: false, reply_by: after, replied_at: null }, now), false);
    assert.equal(isReplyOverdue({ reply_overdue: false, reply_by: null }, now), false);
  });

  test('mayAnswerOrderWithWindow: the department a community order was dispatched to', () => {
    const order = {
      department_code: MY_DEPARTMENT,
      reporter_phone_hash: null,
      requester_department_code: 'guoyuan-cmte',
    };
    const notOrder = { department_code: MY_DEPARTMENT, reporter_phone_hash: 'x' };
    const elsewhere = { ...order, department_code: 'transport' };
    assert.equal(
      NAMES.map((n) =>
        [order, notOrder, elsewhere].map((r) => mark(mayAnswerOrderWithWindow(ACTORS[n], r))).join(''),
      ).join(' '),
      '... ... ... x.. x.. ... ... ... ... ...',
    );
  });

  test('mayGrantResidentPass: a community committee only for its own area', () => {
    const handler = ACTORS.handler;
    assert.equal(mayGrantResidentPass(handler, { kind: 'community', area_code: 'xc-b' }, 'xc-a'), false);
    assert.equal(mayGrantResidentPass(handler, null, 'xc-a'), false);
  });

  test('nobody anonymous reads the ledger', () => {
    assert.equal(mayReadProjects(null), false);
  });

  test('registerPolicy: residents file for themselves, the desk and integrations for others', () => {
    assert.deepEqual(
      NAMES.map((n) => registerPolicy(ACTORS[n])),
      [
        'self',
        'on_behalf',
        'on_behalf',
        'forbidden',
        'forbidden',
        'forbidden',
        'on_behalf',
        'on_behalf',
        'on_behalf',
        'on_behalf',
      ],
    );
  });

  test('registrationChannel: web for residents, visit for field workers, app for integrations', () => {
    assert.deepEqual(
      NAMES.map((n) => registrationChannel(ACTORS[n])),
      ['web', 'hotline', 'hotline', 'hotline', 'hotline', 'hotline', 'hotline', 'visit', 'app', 'hotline'],
    );
  });

  test('requestVisibility: the centre all, a department its own, a resident their phone’s', () => {
    assert.deepEqual(
      NAMES.map((n) => requestVisibility(ACTORS[n])),
      [
        { kind: 'reporter', phoneHash: MY_PHONE },
        { kind: 'all' },
        { kind: 'all' },
        { kind: 'department', code: MY_DEPARTMENT },
        { kind: 'department', code: MY_DEPARTMENT },
        { kind: 'all' },
        { kind: 'all' },
        { kind: 'created_by', userId: ACTORS.field_worker.userId },
        { kind: 'api_key', apiKeyId: 7 },
        { kind: 'all' },
      ],
    );
    assert.deepEqual(requestVisibility(user('resident')), { kind: 'none' });
    assert.deepEqual(requestVisibility(user('handler')), { kind: 'none' });
  });

  test('visitVisibility: the centre all, field workers and departments their own visits', () => {
    const visitor = (n: 'handler' | 'department_head' | 'field_worker') => ({
      kind: 'visitor',
      userId: ACTORS[n].userId,
    });
    assert.deepEqual(
      NAMES.map((n) => visitVisibility(ACTORS[n])),
      [
        { kind: 'none' },
        { kind: 'all' },
        { kind: 'all' },
        visitor('handler'),
        visitor('department_head'),
        { kind: 'all' },
        { kind: 'all' },
        visitor('field_worker'),
        { kind: 'none' },
        { kind: 'all' },
      ],
    );
  });

  test('metricsDepartmentScope: a head sees their department only, other readers everything', () => {
    assert.deepEqual(
      NAMES.map((n) => metricsDepartmentScope(ACTORS[n])),
      [
        undefined,
        undefined,
        undefined,
        undefined,
        MY_DEPARTMENT,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ],
    );
  });
});

describe('capabilities: what the web application offers', () => {
  const KEYS = [
    'console',
    'workbench',
    'dashboard',
    'ledger',
    'admin',
    'visits',
    'register_request',
    'manage_projects',
    'import_projects',
    'manage_campaigns',
    'place_orders',
    'manage_calendar',
    'edit_assessment',
    'manage_parking',
    'operate_parking',
    'look_up_callers',
    'look_up_requests',
    'knowledge',
    'review_knowledge',
    'manage_reply_templates',
    'focus',
    'manage_monthly_problems',
    'reply_review',
    'notifications',
    'activities',
    'manage_activities',
  ] as const;

  // prettier-ignore
  const TABLE: [string, Actor, string | null, string][] = [
    //                                                                        cwdlavrmicpkemollkrtfmrnam (KEYS' initials)
    ['resident', ACTORS.resident, null,                                       '..........................'],
    ['operator', ACTORS.operator, null,                                       'x.xx.xx........xxx..x...x.'],
    ['dispatcher', ACTORS.dispatcher, null,                                   'x.xx.xx........xxx..x...xx'],
    ['handler of a bureau', ACTORS.handler, 'bureau',                         '.x.x.x........x.xx..x..xx.'],
    ['head of a bureau', ACTORS.department_head, 'bureau',                    '.xxx.x.x......x.xxxxx..xx.'],
    ['handler of a community', ACTORS.handler, 'community',                   '.x.x.x....x...x.xx..x..xx.'],
    ['head of a community', ACTORS.department_head, 'community',              '.xxx.x.x..x...x.xxxxx..xx.'],
    ['supervisor', ACTORS.supervisor, null,                                   '..xx.x.xxx.....xxxxxxxxxxx'],
    ['admin', ACTORS.admin, null,                                             '..xxxxxxxx.xxxxxxxxxxxx.xx'],
    ['field worker', ACTORS.field_worker, null,                               'x..x.xx.........xx......xx'],
    ['an integration', ACTORS.api_key, null,                                  '..........................'],
    ['the system', ACTORS.system, null,                                       '..........................'],
  ];

  for (const [label, actor, departmentKind, expected] of TABLE)
    test(label, () => {
      const can = capabilities(actor, departmentKind);
      assert.deepEqual(Object.keys(can).sort(), [...KEYS].sort());
      assert.equal(KEYS.map((k) => mark(can[k])).join(''), expected);
    });
});

test('the assessment’s drill-down: a head opens their own department only; readers of the whole table, every unit', () => {
  const head = user('department_head', { departmentCode: MY_DEPARTMENT });
  assert.deepEqual(
    [
      mayDrillIntoUnit(head, 'department', MY_DEPARTMENT),
      mayDrillIntoUnit(head, 'department', 'transport'),
      mayDrillIntoUnit(head, 'street', 'xc-wangting'),
    ],
    [true, false, false],
  );
  for (const role of ['supervisor', 'admin', 'dispatcher', 'operator'] as const)
    assert.equal(mayDrillIntoUnit(user(role), 'street', 'xc-wangting'), true, role);
  for (const role of ['handler', 'resident', 'field_worker'] as const)
    assert.equal(
      mayDrillIntoUnit(user(role, { departmentCode: MY_DEPARTMENT }), 'department', MY_DEPARTMENT),
      false,
      role,
    );
});

test('未诉先办 warnings: the centre reads all and (but for dispatchers) answers any; a department its own', () => {
  const own = (role: Role) => user(role, { departmentCode: MY_DEPARTMENT });
  const cases: [string, Actor, string | undefined | null, boolean, boolean][] = [
    // label, actor, scope, may answer its department's warning, may answer another's
    ['supervisor', user('supervisor'), undefined, true, true],
    ['admin', user('admin'), undefined, true, true],
    ['dispatcher', user('dispatcher'), undefined, false, false],
    ['head', own('department_head'), MY_DEPARTMENT, true, false],
    ['handler', own('handler'), MY_DEPARTMENT, true, false],
    ['handler without a department', user('handler'), null, false, false],
    ['operator', user('operator'), null, false, false],
    ['field worker', user('field_worker'), null, false, false],
    ['resident', user('resident'), null, false, false],
  ];
  for (const [label, actor, scope, mine, other] of cases) {
    assert.equal(warningsDepartmentScope(actor), scope, label);
    assert.equal(mayReadWarnings(actor), scope !== null, label);
    assert.equal(mayHandleWarning(actor, MY_DEPARTMENT), mine, label);
    assert.equal(mayHandleWarning(actor, 'transport'), other, label);
  }
  assert.equal(mayManageMonthlyProblems(user('supervisor')), true);
  assert.equal(mayManageMonthlyProblems(own('department_head')), false);
});
