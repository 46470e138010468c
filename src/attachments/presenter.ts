import type { ImageType } from './images.js';

export const presentAttachment = (a: {
  id: number;
  content_type: ImageType;
  size_bytes: number;
  created_at: Date;
}) => ({
  id: Number(a.id),
  content_type: a.content_type,
  size_bytes: a.size_bytes,
  url: `/api/v1/attachments/${a.id}`,
  created_at: a.created_at.toISOString(),
});
