import type { ProjectStatus } from '../../api/models';

/** Element Plus tag colours for a project's status. */
export function projectStatusTag(s: ProjectStatus): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return s === 'completed'
    ? 'success'
    : s === 'delayed'
      ? 'danger'
      : s === 'not_started'
        ? 'info'
        : s === 'past_half'
          ? 'primary'
          : 'warning';
}
