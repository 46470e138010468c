/** 回复审核 settings: the jurisdiction's sample rate and options and its rules, replaced together in one transaction. */
import type { AppContext } from '../../context.js';
import { actorUserId, type Actor } from '../../http/actor.js';
import { dbConflict } from '../../http/db-errors.js';
import { ensureAllowed, mayManageReplyReview } from '../../http/policies.js';
import { requireExists } from '../../routing/reference.js';
import type { ReviewSettingsBody } from '../schemas.js';

export async function saveReviewSettings(
  ctx: AppContext,
  opts: { actor: Actor; body: ReviewSettingsBody },
): Promise<void> {
  const { actor, body } = opts;
  ensureAllowed(mayManageReplyReview(actor));
  const j = actor.jurisdictionId;
  const by = actorUserId(actor);
  const now = ctx.now();
  for (const r of body.rules) {
    if (r.department_code) await requireExists(ctx.db, 'departments', j, r.department_code);
    if (r.category_code) await requireExists(ctx.db, 'categories', j, r.category_code);
  }
  const { rules, ...settings } = body;
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      await tx
        .insertInto('reply_review_settings')
        .values({ jurisdiction_id: j, ...settings, updated_by_user_id: by, updated_at: now })
        .onConflict((oc) =>
          oc.column('jurisdiction_id').doUpdateSet({ ...settings, updated_by_user_id: by, updated_at: now }),
        )
        .execute();
      await tx.deleteFrom('reply_review_rules').where('jurisdiction_id', '=', j).execute();
      if (rules.length)
        await tx
          .insertInto('reply_review_rules')
          .values(rules.map((r) => ({ jurisdiction_id: j, ...r, updated_by_user_id: by, updated_at: now })))
          .execute();
    })
    .catch((err: unknown) => dbConflict(err));
}
