/**
 * The links of an area alert's messages: confirm (single use: valid while the subscription waits for this
 * confirmation, expiring) and unsubscribe (in every message). Signed with the server's secret (the vault's keyed
 * hash) over the purpose, the jurisdiction, the subscription, its confirmation's sequence and the expiry; the
 * sequence is bumped when an address subscribes again, so that older links no longer work. Pure.
 */
import crypto from 'node:crypto';

export type LinkPurpose = 'confirm' | 'unsubscribe';
export type SubscriptionClaims = {
  purpose: LinkPurpose;
  jurisdictionId: string;
  subscriptionId: number;
  seq: number;
  expiresAt: Date;
};
export type Mac = (input: string) => string;

const MAC_CHARS = 22;
const PREFIX: Record<LinkPurpose, string> = { confirm: 'c', unsubscribe: 'u' };
const TOKEN =
  /^([cu])\.([a-z0-9_-]{1,40})\.([0-9a-z]{1,12})\.([0-9a-z]{1,8})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const macInput = (c: SubscriptionClaims) =>
  `subscription|${c.purpose}|${c.jurisdictionId}|${c.subscriptionId}|${c.seq}|${seconds(c.expiresAt)}`;

export function signSubscriptionLink(mac: Mac, c: SubscriptionClaims): string {
  return [
    PREFIX[c.purpose],
    c.jurisdictionId,
    c.subscriptionId.toString(36),
    c.seq.toString(36),
    seconds(c.expiresAt).toString(36),
    mac(macInput(c)).slice(0, MAC_CHARS),
  ].join('.');
}

export type LinkCheck =
  { ok: true; claims: SubscriptionClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Whether a token is one we signed for `purpose`, and unexpired at `now`. */
export function checkSubscriptionLink(mac: Mac, token: string, purpose: LinkPurpose, now: Date): LinkCheck {
  const m = TOKEN.exec(token);
  if (!m || m[1] !== PREFIX[purpose]) return { ok: false, reason: 'invalid' };
  const [id, seq, exp] = [m[3]!, m[4]!, m[5]!].map((x) => parseInt(x, 36));
  if (![id, seq, exp].every((x) => Number.isSafeInteger(x))) return { ok: false, reason: 'invalid' };
  const claims: SubscriptionClaims = {
    purpose,
    jurisdictionId: m[2]!,
    subscriptionId: id!,
    seq: seq!,
    expiresAt: new Date(exp! * 1000),
  };
  const expected = Buffer.from(mac(macInput(claims)).slice(0, MAC_CHARS));
  const given = Buffer.from(m[6]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
