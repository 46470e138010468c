/** Write a reply template (答复模板): a new one, or a change to one (deactivating it included). */
import type { AppContext } from '../../context.js';
import { inJurisdiction } from '../../db/source.js';
import { actorUserId, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { dbConflict } from '../../http/db-errors.js';
import { ensureAllowed, mayManageReplyTemplates } from '../../http/policies.js';
import { invalidField } from '../../http/validate.js';
import { PLACEHOLDERS, unknownPlaceholders } from '../../requests/review/templates.js';
import { requireExists } from '../../routing/reference.js';
import type { TemplateBody } from '../schemas.js';

async function checked(ctx: AppContext, actor: Actor, body: TemplateBody) {
  ensureAllowed(mayManageReplyTemplates(actor, body.department_code));
  const unknown = unknownPlaceholders(body.body);
  if (unknown.length)
    throw invalidField('body', 'invalid_value', 'unknown placeholders', {
      values: unknown,
      expected: PLACEHOLDERS.join(', '),
    });
  if (body.department_code)
    await requireExists(ctx.db, 'departments', actor.jurisdictionId, body.department_code);
  if (body.category_code) await requireExists(ctx.db, 'categories', actor.jurisdictionId, body.category_code);
}

export async function createTemplate(
  ctx: AppContext,
  opts: { actor: Actor; input: TemplateBody },
): Promise<number> {
  const { actor, input: body } = opts;
  await checked(ctx, actor, body);
  const row = await ctx.db
    .insertInto('reply_templates')
    .values({ jurisdiction_id: actor.jurisdictionId, ...body, updated_by_user_id: actorUserId(actor) })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => dbConflict(err));
  return row.id;
}

export async function updateTemplate(
  ctx: AppContext,
  opts: { actor: Actor; id: number; input: TemplateBody },
): Promise<void> {
  const { actor, id, input: body } = opts;
  const current = await inJurisdiction(ctx, 'reply_templates', actor.jurisdictionId)
    .select('department_code')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw new AppError('not_found');
  // whoever moves a template manages the department it leaves as well as the one it goes to
  ensureAllowed(mayManageReplyTemplates(actor, current.department_code));
  await checked(ctx, actor, body);
  await ctx.db
    .updateTable('reply_templates')
    .set({ ...body, updated_by_user_id: actorUserId(actor), updated_at: ctx.now() })
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .where('id', '=', id)
    .execute()
    .catch((err: unknown) => dbConflict(err));
}
