/**
 * Photos of a request (at most three) and 差评复核 evidence: written under the request's lock, photos read by whoever
 * sees the request, evidence by its staff only.
 */
import type { AppContext } from '../context.js';
import type { AttachmentPurpose } from '../db/schema.js';
import { ofRequest } from '../db/source.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { isStaff, mayAttachEvidence, mayAttachPhoto, requestVisibility } from '../http/policies.js';
import { loadRequest } from '../requests/queries.js';
import { isOpen, type Status } from '../requests/workflow.js';
import { MAX_ATTACHMENTS_PER_REQUEST, MAX_EVIDENCE_PER_REQUEST, type ImageType } from './images.js';

const COLUMNS = ['id', 'content_type', 'size_bytes', 'purpose', 'created_at'] as const;

/**
 * What each purpose of file asks: who may add one, to a request in which state, and how many a request holds.
 * A photo goes to an open request; 差评复核 evidence to one whose department may dispute its rating (closed too).
 */
const PURPOSES = {
  photo: {
    may: mayAttachPhoto,
    accepts: (status: string) => isOpen(status as Status),
    max: MAX_ATTACHMENTS_PER_REQUEST,
  },
  evidence: { may: mayAttachEvidence, accepts: () => true, max: MAX_EVIDENCE_PER_REQUEST },
} satisfies Record<AttachmentPurpose, unknown>;

/** Attaches a photo (or a dispute's evidence) to a request the actor sees and may add such files to. */
export async function addAttachment(
  ctx: AppContext,
  opts: {
    actor: Actor;
    requestId: number;
    contentType: ImageType;
    data: Buffer;
    purpose?: AttachmentPurpose;
  },
) {
  const { actor } = opts;
  const j = actor.jurisdictionId;
  const purpose = opts.purpose ?? 'photo';
  const rule = PURPOSES[purpose];
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadRequest(tx, j, opts.requestId, requestVisibility(actor), { forUpdate: true });
    if (!row) throw new AppError('not_found');
    if (!rule.may(actor, row)) throw new AppError('forbidden');
    if (!rule.accepts(row.status))
      throw new AppError('illegal_transition', {
        status: row.status,
        reason: 'the request is no longer open',
      });
    const { n } = await ofRequest(tx, 'attachments', j, row.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('purpose', '=', purpose)
      .executeTakeFirstOrThrow();
    if (Number(n) >= rule.max)
      throw new AppError('conflict', { reason: `at most ${rule.max} files of this kind per request` });
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
        purpose,
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
  return ofRequest(ctx, 'attachments', j, row.id)
    .select(COLUMNS)
    .$if(!isStaff(actor), (q) => q.where('purpose', '=', 'photo'))
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
    .$if(!isStaff(actor), (q) => q.where('purpose', '=', 'photo'))
    .executeTakeFirst();
  if (!a) return undefined;
  const row = await loadRequest(ctx.db, j, Number(a.request_id), requestVisibility(actor));
  return row ? a : undefined;
}
