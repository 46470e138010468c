/** The sweep that flags articles to their owners: past their valid-to date, or without a change for a year. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { localDate } from '../../requests/deadlines.js';
import { getJurisdiction } from '../../routing/reference.js';
import { UNTOUCHED_DAYS } from '../staleness.js';

/** Sets or clears the flags of a jurisdiction's published articles (the SQL of ../staleness.ts); how many changed. */
export async function flagStaleArticles(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const now = ctx.now();
  const { timezone } = await getJurisdiction(ctx.db, jurisdictionId);
  const today = localDate(now, timezone);
  const untouchedBefore = new Date(now.getTime() - UNTOUCHED_DAYS * 86_400_000);
  const reason = sql<string | null>`case
    when status <> 'published' then null
    when valid_to is not null and valid_to < ${today}::date then 'expired'
    when updated_at < ${untouchedBefore} then 'untouched'
    else null end`;
  const result = await ctx.db
    .updateTable('knowledge_articles')
    .set({
      stale_reason: reason as never,
      stale_since: sql`case when (${reason}) is null then null else coalesce(stale_since, ${now}) end`,
    })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where(sql<boolean>`stale_reason is distinct from (${reason})`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
