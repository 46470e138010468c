/**
 * The 回访 link's token: short enough for an SMS, signed with the server's secret (an HMAC through the vault's
 * keyed hash, under its own prefix). It names the jurisdiction, the request and its expiry; the MAC also binds
 * the reporter's phone hash and the reply it follows (its instant), which the token does not carry: a token
 * for another phone, or for an earlier reply of a reopened request, does not verify. Pure.
 */
import crypto from 'node:crypto';

export type LinkClaims = { jurisdictionId: string; requestId: number; expiresAt: Date };
export type LinkBinding = { phoneHash: string; repliedAt: Date };
export type Mac = (input: string) => string;

const MAC_CHARS = 16;
const TOKEN = /^([a-z0-9_-]{1,40})\.([0-9a-z]{1,12})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{16})$/;

const macInput = (c: LinkClaims, b: LinkBinding) =>
  `followup-link|${c.jurisdictionId}|${c.requestId}|${Math.floor(c.expiresAt.getTime() / 1000)}|${b.phoneHash}|${b.repliedAt.getTime()}`;

export function signLink(mac: Mac, claims: LinkClaims, binding: LinkBinding): string {
  const exp = Math.floor(claims.expiresAt.getTime() / 1000).toString(36);
  return [
    claims.jurisdictionId,
    claims.requestId.toString(36),
    exp,
    mac(macInput(claims, binding)).slice(0, MAC_CHARS),
  ].join('.');
}

/** What a token says, before it is verified (null when it is not a token at all). */
export function readLink(token: string): (LinkClaims & { mac: string }) | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const requestId = parseInt(m[2]!, 36);
  const exp = parseInt(m[3]!, 36);
  if (!Number.isSafeInteger(requestId) || !Number.isSafeInteger(exp)) return null;
  return { jurisdictionId: m[1]!, requestId, expiresAt: new Date(exp * 1000), mac: m[4]! };
}

export type LinkCheck = 'ok' | 'expired' | 'invalid';

/** Whether a read token was signed for this binding and is still valid at `now`. */
export function checkLink(
  mac: Mac,
  token: LinkClaims & { mac: string },
  binding: LinkBinding | null,
  now: Date,
): LinkCheck {
  if (!binding) return 'invalid';
  const expected = Buffer.from(mac(macInput(token, binding)).slice(0, MAC_CHARS));
  const given = Buffer.from(token.mac);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'invalid';
  return token.expiresAt.getTime() > now.getTime() ? 'ok' : 'expired';
}
