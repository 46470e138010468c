import type { Notification } from './queries.js';

export const presentNotification = (n: Notification) => ({
  ...n,
  at: n.at.toISOString(),
  deadline_at: n.deadline_at?.toISOString() ?? null,
});
