/**
 * Visits recorded without a network wait here (localStorage) with the Idempotency-Key they were first sent
 * with, so that sending one twice files nothing twice; they are sent when the network returns.
 */
import { api, ApiError } from '../../api/client';
import type { VisitInput } from '../../api/models';

const KEY = 'banshi.visit-queue';
export type Queued = { key: string; body: VisitInput; saved_at: string };

export function queued(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
  } catch {
    return [];
  }
}
function save(items: Queued[]) {
  localStorage.setItem(KEY, JSON.stringify(items));
}
export function enqueue(item: Queued) {
  save([...queued(), item]);
}

export const isNetworkError = (err: unknown) => err instanceof ApiError && err.code === 'network';

export function send(item: Queued) {
  return api.POST('/api/v1/visits', { body: item.body, params: { header: { 'Idempotency-Key': item.key } } });
}

/** Sends what waits; stops at the first network failure. Returns how many went and the errors of refused ones. */
export async function flush(): Promise<{ sent: number; refused: { item: Queued; error: unknown }[] }> {
  let sent = 0;
  const refused: { item: Queued; error: unknown }[] = [];
  for (const item of queued()) {
    try {
      await send(item);
      sent++;
    } catch (err) {
      if (isNetworkError(err)) break;
      if (err instanceof ApiError && err.status === 401) break; // log in again, then retry
      refused.push({ item, error: err });
    }
    save(queued().filter((q) => q.key !== item.key));
  }
  return { sent, refused };
}
