import type { AppContext } from '../../src/context.js';
import type { Actor } from '../../src/http/actor.js';

/** A demo user as the commands see them once logged in. */
export async function actorFor(ctx: AppContext, username: string): Promise<Actor> {
  const u = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    kind: 'user',
    jurisdictionId: u.jurisdiction_id,
    userId: u.id,
    role: u.role,
    departmentCode: u.department_code,
    areaCode: u.area_code,
    label: u.display_name,
  };
}
