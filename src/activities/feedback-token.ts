/**
 * The token an attendee is given at check-in to rate the session once: `<attendeeId base36>.<mac>`, the MAC
 * (the vault's keyed hash, under its own prefix) binding the jurisdiction, the session and the attendee. Pure.
 */
import crypto from 'node:crypto';

export type Mac = (input: string) => string;

const MAC_CHARS = 22;
const TOKEN = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/;

type Binding = { jurisdictionId: string; sessionId: number };

const macInput = (b: Binding, attendeeId: number) =>
  `activity-feedback|${b.jurisdictionId}|${b.sessionId}|${attendeeId}`;

export function signFeedbackToken(mac: Mac, b: Binding, attendeeId: number): string {
  return `${attendeeId.toString(36)}.${mac(macInput(b, attendeeId)).slice(0, MAC_CHARS)}`;
}

/** The attendee a token was signed for in this session, or null when it is forged or of another session. */
export function feedbackAttendee(mac: Mac, b: Binding, token: string): number | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const attendeeId = parseInt(m[1]!, 36);
  if (!Number.isSafeInteger(attendeeId) || attendeeId <= 0) return null;
  const expected = Buffer.from(mac(macInput(b, attendeeId)).slice(0, MAC_CHARS));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return attendeeId;
}
