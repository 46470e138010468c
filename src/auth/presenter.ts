import type { Actor, UserActor } from '../http/actor.js';
import { capabilities } from '../http/policies.js';

/** Who a logged-in user is, as every face of the web application shows it. */
export const presentUser = (actor: UserActor) => ({
  kind: 'user' as const,
  id: actor.userId,
  role: actor.role,
  display_name: actor.label,
  department_code: actor.departmentCode,
  area_code: actor.areaCode,
});

/** GET /auth/me: the caller, with what the web application offers them. */
export function presentMe(actor: Actor, departmentKind: string | null) {
  const can = capabilities(actor, departmentKind);
  return actor.kind === 'user'
    ? { ...presentUser(actor), jurisdiction_id: actor.jurisdictionId, can }
    : { kind: actor.kind, name: actor.label, jurisdiction_id: actor.jurisdictionId, can };
}
