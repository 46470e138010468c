/**
 * When a subscription's digest is due and what it covers. A digest tells what happened from the end of the last
 * one (or the confirmation) until now, and is sent at most once a day: after one, the next is due a day later;
 * when a due subscription has nothing new, it is looked at again an hour later. Pure.
 */
export const DIGEST_EVERY_MS = 86_400_000;
export const IDLE_RECHECK_MS = 3_600_000;
/** At most this many updates are listed in one digest (the rest are counted). */
export const DIGEST_MAX_ITEMS = 30;

export type DigestState = {
  status: string;
  digest_from: Date | null;
  next_digest_at: Date | null;
};

/** A confirmed subscription: its first digest covers what happens from now, sent as soon as there is any. */
export const afterConfirmation = (now: Date) => ({ digest_from: now, next_digest_at: now });

export function isDue(s: DigestState, now: Date): boolean {
  return (
    s.status === 'active' && s.digest_from !== null && s.next_digest_at !== null && s.next_digest_at <= now
  );
}

/** The updates a due digest covers: at or after `from`, before `to`. */
export function windowOf(s: DigestState, now: Date): { from: Date; to: Date } {
  return { from: s.digest_from ?? now, to: now };
}

/** The subscription's dates once a digest of the window ending `now` is queued. */
export const afterDigest = (now: Date) => ({
  digest_from: now,
  last_digest_at: now,
  next_digest_at: new Date(now.getTime() + DIGEST_EVERY_MS),
});

/** The subscription's dates when its window had nothing: the window goes on, looked at again later. */
export const afterNothing = (now: Date) => ({ next_digest_at: new Date(now.getTime() + IDLE_RECHECK_MS) });
