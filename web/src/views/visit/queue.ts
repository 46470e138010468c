/** Visits recorded without a network, waiting on the device to be sent once (../../lib/offline-queue.ts). */
import { api } from '../../api/client';
import type { VisitInput } from '../../api/models';
import { offlineQueue, type Queued as QueuedItem } from '../../lib/offline-queue';

export { isNetworkError } from '../../lib/offline-queue';
export type Queued = QueuedItem<VisitInput>;

export const { queued, enqueue, send, flush } = offlineQueue('banshi.visit-queue', (body: VisitInput, key) =>
  api.POST('/api/v1/visits', { body, params: { header: { 'Idempotency-Key': key } } }),
);
