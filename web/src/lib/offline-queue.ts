/**
 * Calls made without a network wait here (localStorage) with the Idempotency-Key they were first sent with, so
 * that sending one twice applies it once; they are sent when the network returns. One queue per storage key.
 */
import { ApiError } from '../api/client';

export type Queued<Body> = { key: string; body: Body; saved_at: string };
export type Refused<Body> = { item: Queued<Body>; error: unknown };

export const isNetworkError = (err: unknown) => err instanceof ApiError && err.code === 'network';

/** A queue kept under `storageKey`, whose items `post` sends with their Idempotency-Key. */
export function offlineQueue<Body, Answer>(
  storageKey: string,
  post: (body: Body, idempotencyKey: string) => Promise<Answer>,
) {
  function queued(): Queued<Body>[] {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '[]') as Queued<Body>[];
    } catch {
      return [];
    }
  }
  const save = (items: Queued<Body>[]) => localStorage.setItem(storageKey, JSON.stringify(items));
  const enqueue = (item: Queued<Body>) => save([...queued(), item]);
  const send = (item: Queued<Body>) => post(item.body, item.key);

  /**
   * Sends what waits, in order; stops at the first network failure (or a lapsed login: log in again, then retry).
   * Returns the answers of those that went and the errors of refused ones (taken off the queue).
   */
  async function flush(): Promise<{ sent: number; answers: Answer[]; refused: Refused<Body>[] }> {
    const answers: Answer[] = [];
    const refused: Refused<Body>[] = [];
    for (const item of queued()) {
      try {
        answers.push(await send(item));
      } catch (err) {
        if (isNetworkError(err)) break;
        if (err instanceof ApiError && err.status === 401) break;
        refused.push({ item, error: err });
      }
      save(queued().filter((q) => q.key !== item.key));
    }
    return { sent: answers.length, answers, refused };
  }

  return { queued, enqueue, send, flush };
}
