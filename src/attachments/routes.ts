import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { AttachmentPurpose } from '../db/schema.js';
import { AppError } from '../http/errors.js';
import { acceptFiles, uploadedFile } from '../http/raw-files.js';
import type { ApiRegistry } from '../http/route.js';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, sniffImage } from './images.js';
import { presentAttachment } from './presenter.js';
import { Attachment, AttachmentList, IdParams, Photo } from './schemas.js';
import { addAttachment, listAttachments, loadAttachment } from './store.js';

/**
 * Photos of a request (照片, at most 3, each ≤ 2 MB, JPEG/PNG/WebP checked by their bytes). Registered in its own
 * scope so that the raw image body parser applies to these routes only; the routes still go into the API's
 * OpenAPI document.
 */
export function attachmentsPlugin(ctx: AppContext, api: ApiRegistry) {
  return async (scope: FastifyInstance) => {
    acceptFiles(scope, /^image\/[a-z0-9.+-]+$/i, MAX_IMAGE_BYTES);
    const route = api.scoped(scope).feature('requests');

    /** An upload of one file of a purpose to a request: the raw image body, checked by its bytes. */
    const upload = (url: string, summary: string, purpose: AttachmentPurpose, what: string) =>
      route.post(
        url,
        summary,
        {
          params: IdParams,
          rawBody: { contentTypes: IMAGE_TYPES, description: `${what}: JPEG, PNG or WebP, at most 2 MB` },
          response: { 201: Attachment },
          errors: [403, 409, 413, 415],
        },
        async ({ actor, params, req, reply }) => {
          const file = uploadedFile(req, IMAGE_TYPES, sniffImage, 'an image');
          const created = await addAttachment(ctx, { actor, requestId: params.id, ...file, purpose });
          reply.code(201);
          return presentAttachment(created);
        },
      );

    upload(
      '/api/v1/requests/:id/attachments',
      '上传照片 Attach a photo (raw image/jpeg|png|webp body, ≤ 2 MB, at most 3 per request)',
      'photo',
      'The photo',
    );
    upload(
      '/api/v1/requests/:id/evidence',
      '上传差评复核佐证 Attach evidence for disputing the rating (raw image, ≤ 2 MB; the handling department; staff only)',
      'evidence',
      'The evidence',
    );

    route.get(
      '/api/v1/requests/:id/attachments',
      '照片列表 Photos of a request',
      { params: IdParams, response: { 200: AttachmentList } },
      async ({ actor, params }) => {
        const items = await listAttachments(ctx, actor, params.id);
        if (!items) throw new AppError('not_found');
        return { items: items.map(presentAttachment) };
      },
    );

    route.get(
      '/api/v1/attachments/:id',
      '照片 A photo (visible to whoever can see its request)',
      { params: IdParams, response: { 200: Photo } },
      async ({ actor, params, reply }) => {
        const a = await loadAttachment(ctx, actor, params.id);
        if (!a) throw new AppError('not_found');
        return reply
          .header('content-type', a.content_type)
          .header('cache-control', 'private, max-age=86400')
          .header('content-disposition', 'inline')
          .send(Buffer.from(a.data));
      },
    );
  };
}
