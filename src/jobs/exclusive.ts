import { sql } from 'kysely';
import type { AppContext } from '../context.js';

/** Advisory lock keys of the jobs that one process at a time runs (migrations hold 4242001). */
export const JOB_LOCKS = { sweeps: 4242010 } as const;

/**
 * Runs `fn` unless another process is running it: on PostgreSQL under an advisory lock held by one connection
 * for as long as `fn` runs (a killed process's connection ends, and its lock with it); on PGlite, where one
 * process holds the database, at once. Returns whether it ran.
 */
export async function exclusively(ctx: AppContext, key: number, fn: () => Promise<void>): Promise<boolean> {
  if (ctx.dbKind === 'pglite') {
    await fn();
    return true;
  }
  return ctx.db.connection().execute(async (conn) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${key}::bigint) as locked`.execute(conn);
    if (!rows[0]?.locked) return false;
    try {
      await fn();
      return true;
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn);
    }
  });
}
