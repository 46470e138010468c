import type { AttachmentPurpose } from '../db/schema.js';
import type { ImageType } from './images.js';

export const presentAttachment = (a: {
  id: number;
  content_type: ImageType;
  size_bytes: number;
  purpose: AttachmentPurpose;
  created_at: Date;
}) => ({
  id: Number(a.id),
  content_type: a.content_type,
  size_bytes: a.size_bytes,
  purpose: a.purpose,
  url: `/api/v1/attachments/${a.id}`,
  created_at: a.created_at.toISOString(),
});
