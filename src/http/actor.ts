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
export type SystemActor = { kind: 'system'; jurisdictionId: string; label: string };
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
