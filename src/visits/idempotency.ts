import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from '../http/errors.js';

/**
 * Claims an Idempotency-Key inside the transaction that does the work. Returns null when the key is new (do
 * the work, then `settle` the response), or the first response when it was used before with the same body; a
 * different body under the same key is 409 idempotency_conflict. Two submissions racing on one key: the
 * second waits on the first's row and then replays it.
 */
export async function claimKey<R>(
  tx: Transaction<DB>,
  k: { jurisdictionId: string; scope: string; key: string; fingerprint: string },
): Promise<{ replay: R } | null> {
  const claimed = await tx
    .insertInto('idempotency_keys')
    .values({
      jurisdiction_id: k.jurisdictionId,
      scope: k.scope,
      key: k.key,
      fingerprint: k.fingerprint,
      status_code: 201,
      response: JSON.stringify(null),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const prior = await tx
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response'])
    .where('jurisdiction_id', '=', k.jurisdictionId)
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .executeTakeFirstOrThrow();
  if (prior.fingerprint !== k.fingerprint) throw new AppError('idempotency_conflict');
  return { replay: prior.response as R };
}

export async function settleKey(
  tx: Transaction<DB>,
  k: { jurisdictionId: string; scope: string; key: string },
  response: unknown,
): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response) })
    .where('jurisdiction_id', '=', k.jurisdictionId)
    .where('scope', '=', k.scope)
    .where('key', '=', k.key)
    .execute();
}
