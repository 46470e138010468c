/**
 * Who may see and do what: the only place where roles are checked. Outsiders get 404 (the request is
 * invisible to them), so nobody can probe which tickets exist; a visible request with a forbidden action is 403.
 */
import type { Role } from '../db/schema.js';
import type { Action } from '../requests/workflow.js';
import type { Actor } from './actor.js';

export type Visibility =
  | { kind: 'all' }
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

type RequestFacts = { department_code: string | null; reporter_phone_hash: string | null };

const DEPARTMENT_STAFF: readonly Role[] = ['handler', 'department_head'];

function ofDepartment(actor: Actor, r: RequestFacts): boolean {
  return (
    actor.kind === 'user' &&
    DEPARTMENT_STAFF.includes(actor.role) &&
    actor.departmentCode !== null &&
    actor.departmentCode === r.department_code
  );
}

const isRole = (actor: Actor, ...roles: Role[]) => actor.kind === 'user' && roles.includes(actor.role);
export const isReporter = (actor: Actor, r: RequestFacts) =>
  actor.kind === 'user' &&
  actor.role === 'resident' &&
  !!actor.phoneHash &&
  actor.phoneHash === r.reporter_phone_hash;

const ACTION_POLICY: Record<Action, (actor: Actor, r: RequestFacts) => boolean> = {
  'answer-directly': (a) => isRole(a, 'operator', 'dispatcher'),
  dispatch: (a) => isRole(a, 'dispatcher'),
  sign: ofDepartment,
  contact: ofDepartment,
  'add-note': (a, r) => ofDepartment(a, r) || isRole(a, 'operator', 'dispatcher', 'supervisor'),
  return: ofDepartment,
  'request-extension': ofDepartment,
  'approve-extension': (a, r) => ofDepartment(a, r) && isRole(a, 'department_head'),
  'refuse-extension': (a, r) => ofDepartment(a, r) && isRole(a, 'department_head'),
  reply: ofDepartment,
  'follow-up': (a, r) => isRole(a, 'operator') || isReporter(a, r),
  close: (a) => isRole(a, 'operator', 'dispatcher'),
  'auto-close': (a) => a.kind === 'system',
  reopen: (a, r) => isRole(a, 'operator', 'dispatcher') || isReporter(a, r),
  supervise: (a) => isRole(a, 'supervisor'),
  merge: (a) => isRole(a, 'dispatcher'),
  'reveal-contact': ofDepartment,
};

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

/** Staff who may see the masked reporter; residents see only their own requests anyway. */
export function maySeeMaskedReporter(actor: Actor): boolean {
  return actor.kind === 'user';
}

export const isAdmin = (actor: Actor) => isRole(actor, 'admin');
export const isStaff = (actor: Actor) => actor.kind === 'user' && actor.role !== 'resident';
export const mayReadMetrics = (actor: Actor) =>
  isRole(actor, 'supervisor', 'admin', 'dispatcher', 'operator', 'department_head');
