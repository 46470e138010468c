/** PostgreSQL's integrity errors as the API's: a 4xx the client can act on instead of a 500. */
import { AppError } from './errors.js';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

const sqlState = (err: unknown) => (err as { code?: unknown } | null)?.code;

export const isUniqueViolation = (err: unknown) => sqlState(err) === UNIQUE_VIOLATION;

/**
 * A unique violation becomes 409 `conflict`, a foreign-key violation 422 `unknown_reference` (with the given
 * details, else the database's message); anything else is thrown again as it is.
 */
export function dbConflict(
  err: unknown,
  details: { conflict?: Record<string, unknown>; unknown_reference?: Record<string, unknown> } = {},
): never {
  const reason = { reason: (err as Error).message };
  if (isUniqueViolation(err)) throw new AppError('conflict', details.conflict ?? reason);
  if (sqlState(err) === FOREIGN_KEY_VIOLATION)
    throw new AppError('unknown_reference', details.unknown_reference ?? reason);
  throw err;
}
