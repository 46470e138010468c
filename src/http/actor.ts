import type { Role } from '../db/schema.js';

export type UserActor = {
  kind: 'user';
  jurisdictionId: string;
  userId: number;
  role: Role;
  departmentCode: string | null;
  areaCode: string | null;
  label: string;
  /** A resident is their phone number: the keyed hash that finds their requests, however they were filed. */
  phoneHash?: string | null;
};
export type ApiKeyActor = { kind: 'api_key'; jurisdictionId: string; apiKeyId: number; label: string };
export type SystemActor = {
  kind: 'system';
  jurisdictionId: string;
  label: string;
  /** The resident acting through the signed 回访 link of their SMS (src/delivery/): their own follow-up. */
  via?: 'sms_link';
};
export type Actor = UserActor | ApiKeyActor | SystemActor;

export const systemActor = (jurisdictionId: string, label = 'system'): SystemActor => ({
  kind: 'system',
  jurisdictionId,
  label,
});

export function actorRole(actor: Actor): string {
  return actor.kind === 'user' ? actor.role : actor.kind;
}

export function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** A user's row as the actor it acts as once logged in. */
export const userActor = (u: {
  jurisdiction_id: string;
  id: number;
  role: Role;
  department_code: string | null;
  area_code: string | null;
  display_name: string;
  phone_hash?: string | null;
}): UserActor => ({
  kind: 'user',
  jurisdictionId: u.jurisdiction_id,
  userId: u.id,
  role: u.role,
  departmentCode: u.department_code,
  areaCode: u.area_code,
  label: u.display_name,
  phoneHash: u.phone_hash ?? null,
});

/** The jurisdiction a call acts in: the caller's, or the deployment's default for an anonymous one. */
export const jurisdictionOf = (actor: Actor | null, defaultJurisdiction: string) =>
  actor?.jurisdictionId ?? defaultJurisdiction;
