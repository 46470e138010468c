/** The Idempotency-Key header of the routes that create (requests, visits, community orders). */
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** 201 for a creation, 200 with `Idempotent-Replayed: true` for a replay of the first answer. */
export function answerCreation(reply: FastifyReply, result: { status: 200 | 201; replayed: boolean }): void {
  reply.code(result.status);
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
}
