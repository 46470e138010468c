/** What parking's commands share: the scene they read windows against, issues as errors, a site for a change. */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { referenceCache } from '../../routing/reference-cache.js';
import type { Scene } from '../presenter.js';
import { loadSite } from '../queries.js';
import type { SiteIssue } from '../site-rules.js';

/** Now, the jurisdiction's time zone, its working-day calendar and its areas' names. */
export async function sceneOf(ctx: AppContext, j: string): Promise<Scene> {
  const ref = await referenceCache(ctx.db).get(j);
  return { now: ctx.now(), tz: ref.timezone, calendar: ref.calendar, areas: ref.names.areas };
}

/** Issues as the API reports them: an unknown code is 422 unknown_reference, anything else 400. */
export function throwIssues(issues: SiteIssue[]): void {
  if (issues.length === 0) return;
  const details = {
    issues: issues.map((i) => ({ path: i.field, message: i.message_en, message_zh: i.message })),
  };
  const first = issues[0]!;
  throw new AppError(issues.some((i) => i.reference) ? 'unknown_reference' : 'validation_failed', details, {
    zh: first.message,
    en: first.message_en,
  });
}

/** A site locked for a change, at the version the caller expects. */
export async function lockSite(tx: Transaction<DB>, j: string, id: number, expectedVersion?: number) {
  const site = await tx
    .selectFrom('parking_sites')
    .selectAll()
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!site) throw new AppError('not_found');
  if (expectedVersion !== undefined && expectedVersion !== site.version)
    throw new AppError('version_conflict', {
      current_version: site.version,
      expected_version: expectedVersion,
    });
  return site;
}

export async function siteOrNotFound(ctx: AppContext, j: string, id: number) {
  const site = await loadSite(ctx, j, id);
  if (!site) throw new AppError('not_found');
  return site;
}
