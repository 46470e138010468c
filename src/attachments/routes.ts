import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError, errorBody } from '../http/errors.js';
import { isReporter, isStaff, requestVisibility } from '../http/policies.js';
import { ApiRegistry, type Authenticate } from '../http/route.js';
import { loadRequest } from '../requests/queries.js';
import { isOpen, type Status } from '../requests/workflow.js';
import { isImageType, MAX_ATTACHMENTS_PER_REQUEST, MAX_IMAGE_BYTES, sniffImage } from './images.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Who may attach photos to a request they can see: its reporter, and staff. */
function mayAttach(actor: Actor, r: { department_code: string | null; reporter_phone_hash: string | null }) {
  return isReporter(actor, r) || isStaff(actor);
}

const present = (a: { id: number; content_type: string; size_bytes: number; created_at: Date }) => ({
  id: Number(a.id),
  content_type: a.content_type,
  size_bytes: a.size_bytes,
  url: `/api/v1/attachments/${a.id}`,
  created_at: a.created_at.toISOString(),
});

/**
 * Photos of a request (照片, at most 3, each ≤ 2 MB, JPEG/PNG/WebP checked by their bytes). Registered in its own
 * scope so that the raw image body parser applies to these routes only; the routes still go into the API's
 * OpenAPI document.
 */
export function attachmentsPlugin(ctx: AppContext, authenticate: Authenticate, api: ApiRegistry) {
  return async (scope: FastifyInstance) => {
    scope.addContentTypeParser(
      /^image\/[a-z0-9.+-]+$/i,
      { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
      (_req, body, done) => done(null, body),
    );
    // A photo's limit is not the API's 1 MB: say which one was exceeded; anything else goes to the app's handler.
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return reply.code(413).send(errorBody('payload_too_large', { limit_bytes: MAX_IMAGE_BYTES }));
      throw err;
    });
    const local = new ApiRegistry(scope, authenticate, ctx.config.publicRateLimit);

    local.route({
      method: 'POST',
      url: '/api/v1/requests/:id/attachments',
      tag: 'requests',
      summary: '上传照片 Attach a photo (raw image/jpeg|png|webp body, ≤ 2 MB, at most 3 per request)',
      auth: 'actor',
      params: IdParams,
      handler: async ({ actor, params, req, reply }) => {
        const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!isImageType(declared))
          throw new AppError('unsupported_media_type', { accepted: 'image/jpeg, image/png, image/webp' });
        const body = req.body;
        if (!(body instanceof Buffer) || body.length === 0)
          throw new AppError('validation_failed', {
            issues: [{ path: '', message: 'an image body is required' }],
          });
        if (sniffImage(body) !== declared)
          throw new AppError('unsupported_media_type', { reason: 'the bytes are not a ' + declared });
        const created = await ctx.db.transaction().execute(async (tx) => {
          const row = await loadRequest(tx, actor.jurisdictionId, params.id, requestVisibility(actor), {
            forUpdate: true,
          });
          if (!row) throw new AppError('not_found');
          if (!mayAttach(actor, row)) throw new AppError('forbidden');
          if (!isOpen(row.status as Status))
            throw new AppError('illegal_transition', {
              status: row.status,
              reason: 'the request is no longer open',
            });
          const { n } = await tx
            .selectFrom('attachments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('jurisdiction_id', '=', actor.jurisdictionId)
            .where('request_id', '=', row.id)
            .executeTakeFirstOrThrow();
          if (Number(n) >= MAX_ATTACHMENTS_PER_REQUEST)
            throw new AppError('conflict', {
              reason: `at most ${MAX_ATTACHMENTS_PER_REQUEST} photos per request`,
            });
          return tx
            .insertInto('attachments')
            .values({
              jurisdiction_id: actor.jurisdictionId,
              request_id: row.id,
              content_type: declared,
              size_bytes: body.length,
              data: body,
              uploaded_by_user_id: actor.kind === 'user' ? actor.userId : null,
              uploaded_by_role: actor.kind === 'user' ? actor.role : actor.kind,
            })
            .returning(['id', 'content_type', 'size_bytes', 'created_at'])
            .executeTakeFirstOrThrow();
        });
        reply.code(201);
        return present(created);
      },
    });

    local.route({
      method: 'GET',
      url: '/api/v1/requests/:id/attachments',
      tag: 'requests',
      summary: '照片列表 Photos of a request',
      auth: 'actor',
      params: IdParams,
      handler: async ({ actor, params }) => {
        const row = await loadRequest(ctx.db, actor.jurisdictionId, params.id, requestVisibility(actor));
        if (!row) throw new AppError('not_found');
        const items = await ctx.db
          .selectFrom('attachments')
          .select(['id', 'content_type', 'size_bytes', 'created_at'])
          .where('jurisdiction_id', '=', actor.jurisdictionId)
          .where('request_id', '=', row.id)
          .orderBy('id')
          .execute();
        return { items: items.map(present) };
      },
    });

    local.route({
      method: 'GET',
      url: '/api/v1/attachments/:id',
      tag: 'requests',
      summary: '照片 A photo (visible to whoever can see its request)',
      auth: 'actor',
      params: IdParams,
      handler: async ({ actor, params, reply }) => {
        const a = await ctx.db
          .selectFrom('attachments')
          .select(['id', 'request_id', 'content_type', 'data'])
          .where('jurisdiction_id', '=', actor.jurisdictionId)
          .where('id', '=', params.id)
          .executeTakeFirst();
        if (!a) throw new AppError('not_found');
        const row = await loadRequest(
          ctx.db,
          actor.jurisdictionId,
          Number(a.request_id),
          requestVisibility(actor),
        );
        if (!row) throw new AppError('not_found');
        return reply
          .header('content-type', a.content_type)
          .header('cache-control', 'private, max-age=86400')
          .header('content-disposition', 'inline')
          .send(Buffer.from(a.data));
      },
    });

    Object.assign(api.paths, local.paths);
  };
}
