import type { z } from 'zod';
import type { deadLetters, deliveriesOf } from './queries.js';
import type { DeadLetter, Delivery } from './schemas.js';

type DeliveryRow = Awaited<ReturnType<typeof deliveriesOf>>[number];

export const presentDelivery = (d: DeliveryRow): z.output<typeof Delivery> => ({
  id: Number(d.id),
  topic: d.topic,
  status: d.status,
  channel: d.channel,
  attempts: d.attempts,
  created_at: d.created_at.toISOString(),
  sent_at: d.sent_at?.toISOString() ?? null,
  next_attempt_at: d.next_attempt_at.toISOString(),
  last_error: d.last_error,
});

export const presentDeadLetter = (
  d: Awaited<ReturnType<typeof deadLetters>>[number],
): z.output<typeof DeadLetter> => ({
  ...presentDelivery(d),
  request_id: d.request_id === null ? null : Number(d.request_id),
  ticket_no: d.ticket_no,
});
