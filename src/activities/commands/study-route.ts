/** 学习线路 / 红色线路: a route and its ordered stops. */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageActivities } from '../../http/policies.js';
import { activitiesDb } from '../schema.js';
import type { RouteInput } from '../schemas.js';

export async function createRoute(
  ctx: AppContext,
  opts: { actor: Actor; input: RouteInput },
): Promise<number> {
  const { actor, input } = opts;
  if (!mayManageActivities(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    const db = activitiesDb(tx);
    const route = await db
      .insertInto('activity_routes')
      .values({
        jurisdiction_id: j,
        name: input.name,
        kind: input.kind,
        description: input.description,
        created_at: ctx.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('activity_route_stops')
      .values(
        input.stops.map((s, i) => ({
          jurisdiction_id: j,
          route_id: route.id,
          position: i + 1,
          name: s.name,
          lat: s.lat ?? null,
          lon: s.lon ?? null,
          story: s.story,
        })),
      )
      .execute();
    return route.id;
  });
}
