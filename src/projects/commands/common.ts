/** What every project command shares: the day in the jurisdiction, the lookups, the checks. */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayReadProjects } from '../../http/policies.js';
import { localDate } from '../../requests/deadlines.js';
import { getJurisdiction } from '../../routing/reference.js';
import { loadProject, referenceNames, type ProjectRow } from '../queries.js';
import type { ProjectInput } from '../model.js';
import { projectIssues, type Issue } from '../validate.js';

/** Today's date where the jurisdiction is (its timezone). */
export async function todayIn(ctx: AppContext, j: string): Promise<string> {
  const { timezone } = await getJurisdiction(ctx.db, j);
  return localDate(ctx.now(), timezone);
}

/** Issues of a project as the API reports them: unknown codes are 422 unknown_reference, the rest 400. */
export function throwIssues(issues: Issue[]): void {
  if (issues.length === 0) return;
  const details = { issues: issues.map((i) => ({ path: i.field, message: i.en, message_zh: i.zh })) };
  throw new AppError(issues.some((i) => i.reference) ? 'unknown_reference' : 'validation_failed', details);
}

/**
 * Loads a project for a change, locked, as the actor may see it, at the version they expect; `may` says whether
 * the actor may make the change to a project of its owner department.
 */
export async function lockProject(
  tx: Transaction<DB>,
  actor: Actor,
  id: number,
  expectedVersion: number | undefined,
  may: (actor: Actor, ownerDepartmentCode: string) => boolean,
): Promise<ProjectRow> {
  if (!mayReadProjects(actor)) throw new AppError('not_found');
  const p = await loadProject(tx, actor.jurisdictionId, id, { forUpdate: true });
  if (!p) throw new AppError('not_found');
  if (expectedVersion !== undefined && expectedVersion !== p.version)
    throw new AppError('version_conflict', { current_version: p.version, expected_version: expectedVersion });
  if (!may(actor, p.owner_department_code)) throw new AppError('forbidden');
  return p;
}

/** A change to a project, in one transaction, on the project locked as lockProject locks it. */
export function inLockedProject<T>(
  ctx: AppContext,
  opts: { actor: Actor; id: number; expectedVersion?: number | undefined },
  may: (actor: Actor, ownerDepartmentCode: string) => boolean,
  change: (tx: Transaction<DB>, p: ProjectRow) => Promise<T>,
): Promise<T> {
  return ctx.db
    .transaction()
    .execute(async (tx) => change(tx, await lockProject(tx, opts.actor, opts.id, opts.expectedVersion, may)));
}

/** What a project is checked against: the jurisdiction's reference names, and today's date there. */
export const namesAndToday = (ctx: AppContext, j: string) =>
  Promise.all([referenceNames(ctx.db, j), todayIn(ctx, j)]);

/**
 * A change to a project, in one transaction: the project locked as lockProject locks it, and `check` holding
 * the changed project to the rules a new one meets (the jurisdiction's names, today's date there).
 */
export async function changeProject<T>(
  ctx: AppContext,
  opts: { actor: Actor; id: number; expectedVersion?: number | undefined },
  may: (actor: Actor, ownerDepartmentCode: string) => boolean,
  change: (tx: Transaction<DB>, p: ProjectRow, check: (changed: ProjectInput) => void) => Promise<T>,
): Promise<T> {
  const [refs, today] = await namesAndToday(ctx, opts.actor.jurisdictionId);
  return inLockedProject(ctx, opts, may, (tx, p) =>
    change(tx, p, (changed) => throwIssues(projectIssues(changed, refs, today))),
  );
}
