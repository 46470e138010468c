/**
 * Whether a site's live figure may be shown (pure): a figure older than three of the site's push intervals is
 * "no live data", never a stale number; a figure from the future (a gate's clock ahead) counts as now.
 */

/** Silent for this many of its intervals, a site has no live data. */
export const STALE_INTERVALS = 3;

export type LiveRow = { observed_at: Date; free: number; capacity: number };

export type LiveFigure =
  | { live: true; free: number; capacity: number; observedAt: Date }
  | { live: false; lastObservedAt: Date | null };

export function liveFigure(row: LiveRow | null | undefined, intervalSeconds: number, now: Date): LiveFigure {
  if (!row) return { live: false, lastObservedAt: null };
  const age = now.getTime() - row.observed_at.getTime();
  if (age > STALE_INTERVALS * intervalSeconds * 1000) return { live: false, lastObservedAt: row.observed_at };
  return { live: true, free: row.free, capacity: row.capacity, observedAt: row.observed_at };
}

/** Free spaces shown as a share of capacity, for colouring a map: ample, few, none, or unknown. */
export type Availability = 'ample' | 'few' | 'full' | 'unknown';

export function availability(figure: LiveFigure): Availability {
  if (!figure.live || figure.capacity === 0) return 'unknown';
  if (figure.free === 0) return 'full';
  return figure.free / figure.capacity < 0.1 || figure.free < 5 ? 'few' : 'ample';
}
