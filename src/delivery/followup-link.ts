import type { AppContext } from '../context.js';
import { signLink, type Mac } from './link-token.js';

/** The link token's MAC: the vault's keyed hash (the server's secret), under the token's own prefix. */
export const linkMac =
  (ctx: AppContext): Mac =>
  (input) =>
    ctx.vault.hash(input);

/**
 * The 回访 link sent with a reply: on a request waiting for its follow-up whose reporter has a phone, else null.
 * It expires after the configured days.
 */
export function followupLink(
  ctx: AppContext,
  r: {
    jurisdiction_id: string;
    id: number;
    status: string;
    replied_at: Date | null;
    reporter_phone_hash: string | null;
  },
  now: Date,
): string | null {
  if (r.status !== 'replied' || !r.replied_at || !r.reporter_phone_hash) return null;
  const token = signLink(
    linkMac(ctx),
    {
      jurisdictionId: r.jurisdiction_id,
      requestId: Number(r.id),
      expiresAt: new Date(now.getTime() + ctx.config.delivery.followupLinkDays * 86_400_000),
    },
    { phoneHash: r.reporter_phone_hash, repliedAt: r.replied_at },
  );
  return `${ctx.config.publicUrl}/f/${token}`;
}
