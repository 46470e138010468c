/** Area alerts: what a subscriber sends, and what they are answered (the same whatever exists already). */
import { z } from 'zod';
import { Latitude, Longitude } from '../http/inputs.js';

/** Where: an area (a street or community and what lies in it), or a place and a radius; optionally a category. */
const ScopeFields = {
  area_code: z.string().min(1).max(100).optional(),
  lat: Latitude.optional(),
  lon: Longitude.optional(),
  radius_m: z.number().int().optional(),
  category_code: z.string().min(1).max(100).optional(),
};

/** By e-mail, anyone. */
export const SubscribeBody = z.object({ email: z.string().max(320), ...ScopeFields }).strict();
/** By SMS, a logged-in resident to their own phone. */
export const SmsSubscribeBody = z.object(ScopeFields).strict();
export type ScopeBody = z.output<typeof SmsSubscribeBody>;

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
