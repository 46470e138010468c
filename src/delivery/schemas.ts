import { z } from 'zod';
import { Instant } from '../http/responses.js';
import { EMAIL_CHANNELS, SMS_CHANNELS } from './settings.js';
import { RESIDENT_TOPICS, type ResidentTopic } from './templates.js';

const TOPICS = Object.keys(RESIDENT_TOPICS) as [ResidentTopic, ...ResidentTopic[]];

export const TopicParams = z.object({ topic: z.enum(TOPICS) });

export const TemplateBody = z.object({ body: z.string().trim().min(1).max(500) });

const Problem = z.strictObject({
  code: z.enum(['unknown_placeholder', 'placeholder_not_for_topic', 'missing_ticket', 'too_long']),
  name: z.string().optional(),
  parts: z.number().int().optional(),
  max: z.number().int().optional(),
});

export const DeliveryTemplate = z
  .strictObject({
    topic: z.enum(TOPICS),
    body: z.string(),
    default_body: z.string(),
    customised: z.boolean(),
    /** The placeholders this topic may use. */
    placeholders: z.array(z.string()),
    /** The worst case (every placeholder at its longest, the signature included): its length and SMS parts. */
    length: z.number().int(),
    parts: z.number().int(),
    problems: z.array(Problem),
  })
  .meta({ id: 'DeliveryTemplate' });

export const DeliverySettingsBody = z.strictObject({
  sms: z.enum(SMS_CHANNELS),
  email: z.enum(EMAIL_CHANNELS),
});

export const DeliverySettingsAnswer = DeliverySettingsBody.extend({
  /** The channels the server has configuration (keys, SMTP address) for. */
  configured: z.strictObject({ aliyun: z.boolean(), tencent: z.boolean(), smtp: z.boolean() }),
}).meta({ id: 'DeliverySettings' });

export const Delivery = z
  .strictObject({
    id: z.number().int(),
    topic: z.string(),
    status: z.enum(['queued', 'sent', 'delivered', 'failed', 'dead', 'skipped']),
    channel: z.enum(['log', 'sms', 'email']).nullable(),
    attempts: z.number().int(),
    created_at: Instant,
    sent_at: Instant.nullable(),
    next_attempt_at: Instant,
    /** Why it failed, or why it waits (quiet_hours, rate_limit). */
    last_error: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });

export const DeadLetter = Delivery.extend({
  request_id: z.number().int().nullable(),
  ticket_no: z.string().nullable(),
}).meta({ id: 'DeadLetter' });

export const OptOutBody = z.object({ opted_out: z.boolean() });
export const OptOut = z.strictObject({ opted_out: z.boolean() });

export const LinkParams = z.object({ token: z.string().min(1).max(200) });

export const FollowupView = z.strictObject({
  ticket_no: z.string(),
  /** The answer, masked like public text (whoever holds the link sees it). */
  answer: z.string(),
  answered_at: Instant,
  /** Rated already (by this link or by phone), or closed: no rating can be given any more. */
  rated: z.boolean(),
});

export const FollowupBody = z.object({
  resolved: z.boolean(),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
});
