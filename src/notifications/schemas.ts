import { z } from 'zod';
import { NOTIFICATION_KINDS } from './kinds.js';

export const Notification = z.strictObject({
  kind: z.enum(NOTIFICATION_KINDS),
  request_id: z.number().int(),
  ticket_no: z.string(),
  title: z.string(),
  /** When it became news. */
  at: z.string().datetime({ offset: true }),
  /** A deadline due soon: when it falls. */
  deadline_at: z.string().datetime({ offset: true }).nullable(),
  unread: z.boolean(),
});

export const Notifications = z.strictObject({
  unread: z.number().int(),
  items: z.array(Notification),
});
