/** The signed links of an area alert's messages, with the server's secret and public address. */
import type { AppContext } from '../context.js';
import { signSubscriptionLink, type LinkPurpose, type Mac } from './token.js';

/** A confirmation link works for this long; an unsubscribe link (in every message) for a year from it. */
export const CONFIRM_DAYS = 7;
const UNSUBSCRIBE_DAYS = 365;

export const subscriptionMac =
  (ctx: AppContext): Mac =>
  (input) =>
    ctx.vault.hash(input);

const PATH: Record<LinkPurpose, string> = { confirm: 'confirm', unsubscribe: 'unsubscribe' };

export function subscriptionLink(
  ctx: AppContext,
  purpose: LinkPurpose,
  s: { jurisdiction_id: string; id: number; token_seq: number },
  now: Date,
): string {
  const days = purpose === 'confirm' ? CONFIRM_DAYS : UNSUBSCRIBE_DAYS;
  const token = signSubscriptionLink(subscriptionMac(ctx), {
    purpose,
    jurisdictionId: s.jurisdiction_id,
    subscriptionId: Number(s.id),
    seq: s.token_seq,
    expiresAt: new Date(now.getTime() + days * 86_400_000),
  });
  return `${publicBase(ctx)}/subscriptions/${PATH[purpose]}/${token}`;
}

export const publicBase = (ctx: AppContext) => ctx.config.publicUrl.replace(/\/+$/, '');
