import { z } from 'zod';
import { IdParams } from '../http/inputs.js';
import { binary, Instant, itemsOf } from '../http/responses.js';
import { ATTACHMENT_PURPOSES } from '../db/schema.js';
import { IMAGE_TYPES } from './images.js';

export { IdParams };

export const Attachment = z
  .strictObject({
    id: z.number().int(),
    content_type: z.enum(IMAGE_TYPES),
    size_bytes: z.number().int(),
    /** photo: of the request (3 at most); evidence: of a 差评复核 dispute, which only staff see. */
    purpose: z.enum(ATTACHMENT_PURPOSES),
    /** Where the photo itself is read (GET /api/v1/attachments/{id}). */
    url: z.string(),
    created_at: Instant,
  })
  .meta({ id: 'Attachment' });
export const AttachmentList = itemsOf(Attachment);
export const Photo = binary('image/*', 'The photo (JPEG, PNG or WebP)');
