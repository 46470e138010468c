/**
 * Every outbox topic and its payload's schema. Each message also carries the request's id and ticket number,
 * added by the write path; the sender reads them back through `parseMessage`, so a topic that is not here is a
 * type error where it is written and a failed delivery (not a silent string) where it is read.
 */
import { z } from 'zod';

export const TOPICS = {
  'request.registered': z.object({}),
  'request.dispatched': z.object({ department_code: z.string() }),
  /** `via`: answered through the request this one was merged into. */
  'request.replied': z.object({ text: z.string().optional(), via: z.string().optional() }),
  /** `voided`: 作废 by the centre; `withdrawn`: 撤单 by the resident or for them. */
  'request.closed': z.object({
    auto: z.literal(true).optional(),
    voided: z.literal(true).optional(),
    withdrawn: z.literal(true).optional(),
  }),
  /** 催办: the handling department (if any) is reminded; `count` is the request's chase count. */
  'request.chased': z.object({ count: z.number().int(), department_code: z.string().nullable() }),
  'request.escalated': z.object({
    reason: z.enum(['returns', 'sign_overdue', 'reply_overdue']),
    return_count: z.number().int().optional(),
    department_code: z.string().nullable().optional(),
  }),
  /** 吹哨报到: co-handling departments (协办) asked to sign (报到), with the dispatch or later (吹哨). */
  'request.co_handlers_added': z.object({ department_codes: z.array(z.string()), sign_by: z.string() }),
  'request.reopened': z.object({}),
  'request.supervised': z.object({}),
  'request.linked_project': z.object({ project_id: z.number().int(), project_title: z.string() }),
  /** `alert`: what the operators should do about it (a reopening asked for, a rating to confirm), if anything. */
  'request.open311_update': z.object({ status: z.string(), alert: z.string().nullable() }),
  /** 附议: the request a resident (`user_id`) added their voice to was answered; they are told as its reporter is. */
  'request.supporter_replied': z.object({ user_id: z.number().int(), text: z.string().optional() }),
} as const;

export type Topic = keyof typeof TOPICS;
export type TopicPayload<T extends Topic> = z.input<(typeof TOPICS)[T]>;
/** A message as a command queues it (the write path adds the request's id and ticket number). */
export type OutboxInput = { [T in Topic]: { topic: T; payload: TopicPayload<T> } }[Topic];

const envelope = z.object({ request_id: z.number().int(), ticket_no: z.string() });
/** A message as the sender receives it. */
export type OutboxMessage = {
  [T in Topic]: { topic: T; payload: z.output<(typeof TOPICS)[T]> & z.output<typeof envelope> };
}[Topic];

export const isTopic = (t: string): t is Topic => Object.hasOwn(TOPICS, t);

/** A stored message, checked; throws when its topic or payload is not one the catalogue knows. */
export function parseMessage(topic: string, payload: unknown): OutboxMessage {
  if (!isTopic(topic)) throw new Error(`unknown outbox topic ${topic}`);
  const parsed = TOPICS[topic].and(envelope).parse(payload);
  return { topic, payload: parsed } as OutboxMessage;
}

export function checkedTopicPayload(m: OutboxInput): Record<string, unknown> {
  return TOPICS[m.topic].parse(m.payload) as Record<string, unknown>;
}
