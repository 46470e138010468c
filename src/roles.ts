/**
 * What a `banshi serve` process does. `web` answers HTTP and starts no background job (its registrations are
 * triaged by a worker); `worker` runs triage, the sweeps, the outbox's delivery and the scheduled jobs, and
 * listens on no public port; `all` is both in one process (the only role on PGlite, whose data folder one
 * process holds). `--processes N` runs N web processes on one port.
 */
import type { Config } from './config.js';

export const ROLES = ['web', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export type ServeOptions = { role: Role; processes: number };

/** The serve command's --role and --processes, checked against the database; a refusal says why. */
export function serveOptions(
  config: Pick<Config, 'databaseUrl'>,
  raw: { role?: string | undefined; processes?: string | undefined },
): ServeOptions {
  const role = (raw.role ?? 'all') as Role;
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, not "${raw.role}"`);
  const processes = raw.processes === undefined ? 1 : Number(raw.processes);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64)
    throw new Error(`--processes must be a whole number from 1 to 64, not "${raw.processes}"`);
  if (!config.databaseUrl && (role !== 'all' || processes > 1))
    throw new Error(
      'the embedded database (PGlite) is held by one process: it serves only with --role all and one ' +
        'process. Set DATABASE_URL to a PostgreSQL server to run web and worker processes.',
    );
  if (processes > 1 && role !== 'web')
    throw new Error(
      `--processes ${processes} runs that many web processes: it goes with --role web (run the workers as ` +
        'processes of their own, `banshi serve --role worker`, as many as needed)',
    );
  return { role, processes };
}
