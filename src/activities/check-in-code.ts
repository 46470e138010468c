/**
 * The rotating check-in code: the QR code a session shows holds `<origin>/m/checkin/<sessionId>?t=<token>`,
 * the token `<minute>.<mac>` where the MAC is an HMAC-SHA256 of `<sessionId>:<minute>` under the session's own
 * secret (base64url, 128 bits kept). It is good during its minute and the next one, so a photo of it sent home
 * stops working within two minutes. Pure.
 */
import crypto from 'node:crypto';

export const CODE_MINUTE_MS = 60_000;
const MAC_CHARS = 22;
const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/;

export type CodeCheck = 'ok' | 'expired' | 'invalid';

export const minuteOf = (at: Date) => Math.floor(at.getTime() / CODE_MINUTE_MS);

const mac = (secret: Uint8Array, sessionId: number, minute: number) =>
  crypto
    .createHmac('sha256', secret)
    .update(`${sessionId}:${minute}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);

export function signCheckInToken(secret: Uint8Array, sessionId: number, minute: number): string {
  return `${minute}.${mac(secret, sessionId, minute)}`;
}

/**
 * A token against the session's secret at `now`: ok during its minute and the next; expired once older (when
 * its MAC is right); invalid when forged, for another session, malformed, or of a minute not yet come.
 */
export function checkCheckInToken(
  secret: Uint8Array,
  sessionId: number,
  token: string,
  now: Date,
): CodeCheck {
  const m = TOKEN.exec(token);
  if (!m) return 'invalid';
  const minute = Number(m[1]);
  const expected = Buffer.from(mac(secret, sessionId, minute));
  const given = Buffer.from(m[2]!);
  if (!crypto.timingSafeEqual(expected, given)) return 'invalid';
  const current = minuteOf(now);
  if (minute > current) return 'invalid';
  return minute >= current - 1 ? 'ok' : 'expired';
}

/** What the organiser's page shows at `now`: the QR code's content and when it stops being accepted. */
export function checkInCode(
  secret: Uint8Array,
  sessionId: number,
  now: Date,
  origin: string,
): { content: string; token: string; expiresAt: Date } {
  const minute = minuteOf(now);
  const token = signCheckInToken(secret, sessionId, minute);
  const base = origin.replace(/\/+$/, '');
  return {
    content: `${base}/m/checkin/${sessionId}?t=${encodeURIComponent(token)}`,
    token,
    expiresAt: new Date((minute + 2) * CODE_MINUTE_MS),
  };
}
