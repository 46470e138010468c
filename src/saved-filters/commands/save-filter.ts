import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { dbConflict } from '../../http/db-errors.js';
import { AppError } from '../../http/errors.js';
import { MAX_SAVED_FILTERS } from '../schemas.js';

/**
 * Saves a filter under a name for its user: a name the user already gave is 409 `conflict`; more than
 * MAX_SAVED_FILTERS is 409 as well (delete one first).
 */
export async function saveFilter(
  ctx: AppContext,
  opts: { actor: Actor & { kind: 'user' }; name: string; filter: Record<string, string> },
) {
  const { actor } = opts;
  return ctx.db.transaction().execute(async (tx) => {
    // One user saving twice at once: the second waits, then counts the first.
    await tx
      .selectFrom('users')
      .select('id')
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .where('id', '=', actor.userId)
      .forUpdate()
      .execute();
    const { n } = await tx
      .selectFrom('saved_filters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_SAVED_FILTERS)
      throw new AppError('conflict', { reason: `at most ${MAX_SAVED_FILTERS} saved filters` });
    return tx
      .insertInto('saved_filters')
      .values({
        jurisdiction_id: actor.jurisdictionId,
        user_id: actor.userId,
        name: opts.name,
        filter: JSON.stringify(opts.filter),
      })
      .returning(['id', 'name', 'filter', 'created_at'])
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => dbConflict(err, { conflict: { name: opts.name } }));
  });
}

/** Deletes one of the user's saved filters; another user's, or none, is 404. */
export async function deleteFilter(ctx: AppContext, opts: { actor: Actor & { kind: 'user' }; id: number }) {
  const gone = await ctx.db
    .deleteFrom('saved_filters')
    .where('jurisdiction_id', '=', opts.actor.jurisdictionId)
    .where('user_id', '=', opts.actor.userId)
    .where('id', '=', opts.id)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new AppError('not_found');
}
