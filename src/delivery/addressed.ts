/**
 * Messages addressed by their sender rather than to a request's reporter (area alerts' confirmations and
 * digests): the outbox payload carries the encrypted address, its keyed hash, the channel and the text already
 * written; the worker delivers them like the rest (lease, key, retries, dead letters; for SMS the opt-out, quiet
 * hours and per-phone limits). Pure.
 */
import { z } from 'zod';

export const ADDRESSED_TOPICS = ['subscription.confirm', 'subscription.digest'] as const;
export type AddressedTopic = (typeof ADDRESSED_TOPICS)[number];

export const isAddressedTopic = (t: string): t is AddressedTopic =>
  (ADDRESSED_TOPICS as readonly string[]).includes(t);

export const AddressedPayload = z.object({
  channel: z.enum(['email', 'sms']),
  /** The address, encrypted by the vault. */
  to_enc: z.string().min(1),
  /** Its keyed hash: a phone's as privacy/phone.ts makes it (opt-out, rate limits). */
  to_hash: z.string().min(1),
  subject: z.string(),
  text: z.string(),
  /** An SMS provider's template's placeholders and their values, in order. */
  params: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** The link that stops such messages (an e-mail's List-Unsubscribe header). */
  unsubscribe_url: z.string().optional(),
});
export type AddressedPayload = z.input<typeof AddressedPayload>;
