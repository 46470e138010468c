/** 宣讲团: creating a team with its members, and changing it (its members replaced when given). */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageActivities } from '../../http/policies.js';
import { activitiesDb } from '../schema.js';
import type { TeamInput, TeamPatchInput } from '../schemas.js';
import { checkCodes } from './common.js';

async function checkMembers(ctx: AppContext, j: string, members: TeamInput['members']) {
  const userIds = [...new Set(members.flatMap((m) => (m.user_id ? [m.user_id] : [])))];
  if (userIds.length === 0) return;
  const staff = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('jurisdiction_id', '=', j)
    .where('id', 'in', userIds)
    .where('role', '<>', 'resident')
    .execute();
  const known = new Set(staff.map((u) => u.id));
  const unknown = userIds.find((id) => !known.has(id));
  if (unknown !== undefined) throw new AppError('unknown_reference', { user_id: unknown });
}

async function writeMembers(tx: Transaction<DB>, j: string, teamId: number, members: TeamInput['members']) {
  const db = activitiesDb(tx);
  await db
    .deleteFrom('activity_team_members')
    .where('jurisdiction_id', '=', j)
    .where('team_id', '=', teamId)
    .execute();
  if (members.length === 0) return;
  await db
    .insertInto('activity_team_members')
    .values(
      members.map((m, i) => ({
        jurisdiction_id: j,
        team_id: teamId,
        position: i + 1,
        user_id: m.user_id ?? null,
        name: m.user_id ? null : (m.name ?? null),
        role: m.role,
      })),
    )
    .execute();
}

export async function createTeam(ctx: AppContext, opts: { actor: Actor; input: TeamInput }): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await checkCodes(ctx, j, input);
  await checkMembers(ctx, j, input.members);
  return ctx.db.transaction().execute(async (tx) => {
    const team = await activitiesDb(tx)
      .insertInto('activity_teams')
      .values({
        jurisdiction_id: j,
        name: input.name,
        kind: input.kind,
        level: input.level,
        department_code: input.department_code ?? null,
        area_code: input.area_code ?? null,
        created_by_user_id: actor.kind === 'user' ? actor.userId : null,
        created_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeMembers(tx, j, team.id, input.members);
    return team.id;
  });
}

export async function updateTeam(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: TeamPatchInput },
): Promise<void> {
  const { actor, id, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  await checkCodes(ctx, j, input);
  if (input.members) await checkMembers(ctx, j, input.members);
  await ctx.db.transaction().execute(async (tx) => {
    const { members, ...fields } = input;
    const team = activitiesDb(tx);
    const found =
      Object.keys(fields).length > 0
        ? await team
            .updateTable('activity_teams')
            .set(fields)
            .where('jurisdiction_id', '=', j)
            .where('id', '=', id)
            .returning('id')
            .executeTakeFirst()
        : await team
            .selectFrom('activity_teams')
            .select('id')
            .where('jurisdiction_id', '=', j)
            .where('id', '=', id)
            .forUpdate()
            .executeTakeFirst();
    if (!found) throw new AppError('not_found');
    if (members) await writeMembers(tx, j, id, members);
  });
}
