/** Photos of a request: written under the request's lock (at most three), read by whoever sees the request. */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { mayAttachPhoto, requestVisibility } from '../http/policies.js';
import { loadRequest } from '../requests/queries.js';
import { isOpen, type Status } from '../requests/workflow.js';
import { MAX_ATTACHMENTS_PER_REQUEST, type ImageType } from './images.js';

const COLUMNS = ['id', 'content_type', 'size_bytes', 'created_at'] as const;

/** Attaches a photo to an open request the actor sees and may add photos to. */
export async function addAttachment(
  ctx: AppContext,
  opts: { actor: Actor; requestId: number; contentType: ImageType; data: Buffer },
) {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadRequest(tx, j, opts.requestId, requestVisibility(actor), { forUpdate: true });
    if (!row) throw new AppError('not_found');
    if (!mayAttachPhoto(actor, row)) throw new AppError('forbidden');
    if (!isOpen(row.status as Status))
      throw new AppError('illegal_transition', {
        status: row.status,
        reason: 'the request is no longer open',
      });
    const { n } = await tx
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', j)
      .where('request_id', '=', row.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_ATTACHMENTS_PER_REQUEST)
      throw new AppError('conflict', { reason: `at most ${MAX_ATTACHMENTS_PER_REQUEST} photos per request` });
    return tx
      .insertInto('attachments')
      .values({
        jurisdiction_id: j,
        request_id: row.id,
        content_type: opts.contentType,
        size_bytes: opts.data.length,
        data: opts.data,
        uploaded_by_user_id: actor.kind === 'user' ? actor.userId : null,
        uploaded_by_role: actor.kind === 'user' ? actor.role : actor.kind,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
  });
}

/** The photos of a request the actor sees; undefined when the request is not visible. */
export async function listAttachments(ctx: AppContext, actor: Actor, requestId: number) {
  const j = actor.jurisdictionId;
  const row = await loadRequest(ctx.db, j, requestId, requestVisibility(actor));
  if (!row) return undefined;
  return ctx.db
    .selectFrom('attachments')
    .select(COLUMNS)
    .where('jurisdiction_id', '=', j)
    .where('request_id', '=', row.id)
    .orderBy('id')
    .execute();
}

/** A photo with its bytes, when the actor sees its request. */
export async function loadAttachment(ctx: AppContext, actor: Actor, id: number) {
  const j = actor.jurisdictionId;
  const a = await ctx.db
    .selectFrom('attachments')
    .select(['id', 'request_id', 'content_type', 'data'])
    .where('jurisdiction_id', '=', j)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) return undefined;
  const row = await loadRequest(ctx.db, j, Number(a.request_id), requestVisibility(actor));
  return row ? a : undefined;
}
