/**
 * Names an organiser takes by hand at a session, kept on the device (one queue per session) and sent as a batch
 * of check-ins with the Idempotency-Key each was first sent with: sent twice, counted once.
 */
import { api } from '../../api/client';
import { offlineQueue } from '../../lib/offline-queue';

export type NameEntry = { client_id: string; name: string; branch?: string; phone?: string; at: string };

export const namesQueue = (sessionId: number) =>
  offlineQueue(`banshi.activity-names.${sessionId}`, (entries: NameEntry[], key) =>
    api.POST('/api/v1/activities/sessions/{id}/check-ins/batch', {
      params: { path: { id: sessionId }, header: { 'Idempotency-Key': key } },
      body: { entries },
    }),
  );
