/**
 * Idempotency-Key on the routes that create (requests, visits, community orders): the header, and the claim of
 * a key in the transaction that does the work.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';

/** The key when sent (1–200 characters): a retry with the same key returns the first result, writing nothing. */
export function idempotencyKey(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 200)
    throw new AppError('validation_failed', {
      issues: [{ path: 'Idempotency-Key', message: '1–200 characters' }],
    });
  return key;
}

/**
 * What a route that creates under an Idempotency-Key takes and answers: 201 once created, 200 for a replay; the
 * OpenAPI document describes the header.
 */
export const creation = <B extends z.ZodType, A extends z.ZodType>(body: B, answer: A) => ({
  idempotent: true as const,
  body,
  response: { 201: answer, 200: answer },
  errors: [403, 409, 422] as const,
});

/**
 * The handler of a route that creates under an Idempotency-Key: it runs the command with the request's key and
 * presents what was created, answering 201 for a creation, 200 with `Idempotent-Replayed: true` for a replay.
 */
export const createsOnce =
  <B, R extends { status: 200 | 201; replayed: boolean }, Out>(
    create: (input: { actor: Actor; body: B; idempotencyKey: string | undefined }) => Promise<R>,
    present: (created: R, actor: Actor) => Out | Promise<Out>,
  ) =>
  async ({
    actor,
    body,
    req,
    reply,
  }: {
    actor: Actor;
    body: B;
    req: FastifyRequest;
    reply: FastifyReply;
  }) => {
    const created = await create({ actor, body, idempotencyKey: idempotencyKey(req) });
    reply.code(created.status);
    if (created.replayed) reply.header('Idempotent-Replayed', 'true');
    return present(created, actor);
  };

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
