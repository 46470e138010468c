/** Area alerts: what a subscriber sends, and what they are answered (the same whatever exists already). */
import { z } from 'zod';
import { Latitude, Longitude } from '../http/inputs.js';

export const SubscribeBody = z
  .object({
    /** E-mail for anyone; SMS only to a logged-in resident's own phone. */
    channel: z.enum(['email', 'sms']).default('email'),
    email: z.string().max(320).optional(),
    /** An area (a street or community and what lies in it), or a place and a radius. */
    area_code: z.string().min(1).max(100).optional(),
    lat: Latitude.optional(),
    lon: Longitude.optional(),
    radius_m: z.number().int().optional(),
    category_code: z.string().min(1).max(100).optional(),
  })
  .strict();
export type SubscribeBody = z.output<typeof SubscribeBody>;

export const Subscribed = z.strictObject({
  /** confirmation_sent: an e-mail with the link is on its way (said whether or not one existed); active: SMS. */
  status: z.enum(['confirmation_sent', 'active']),
});

export const LinkBody = z.strictObject({ token: z.string().min(1).max(200) });

export const SubscriptionLinkAnswer = z.strictObject({
  status: z.enum(['active', 'unsubscribed']),
  /** What the subscription is of, in words. */
  scope: z.string(),
});
