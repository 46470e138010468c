/**
 * A caller found by their phone: the keyed hash of the number's canonical form (the same hash that finds a
 * resident's requests), after the policy is checked and the look-up written to `caller_lookups` (who, when,
 * which hash, why). The number itself is neither stored nor logged.
 */
import type { AppContext } from '../../context.js';
import type { CallerLookupsTable } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayLookUpCaller } from '../../http/policies.js';

export type LookupPurpose = CallerLookupsTable['purpose'];

/** Checks the policy, records the look-up, and answers the hash to search by. `phone` is canonical. */
export async function lookUpCaller(
  ctx: AppContext,
  actor: Actor,
  phone: string,
  purpose: LookupPurpose,
): Promise<string> {
  if (actor.kind !== 'user' || !mayLookUpCaller(actor)) throw new AppError('forbidden');
  const phoneHash = ctx.vault.hash(phone);
  await ctx.db
    .insertInto('caller_lookups')
    .values({ jurisdiction_id: actor.jurisdictionId, user_id: actor.userId, phone_hash: phoneHash, purpose })
    .execute();
  return phoneHash;
}

export const CALLER_HISTORY_SIZE = 5;

/** The caller's latest requests (newest first, a few) and how many they made in all. */
export async function callerHistory(ctx: AppContext, actor: Actor, phone: string) {
  const phoneHash = await lookUpCaller(ctx, actor, phone, 'caller_history');
  const q = ctx.db
    .selectFrom('requests')
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .where('reporter_phone_hash', '=', phoneHash);
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['id', 'ticket_no', 'status', 'type', 'title', 'body', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(CALLER_HISTORY_SIZE)
      .execute(),
  ]);
  return { total: Number(n), rows };
}
