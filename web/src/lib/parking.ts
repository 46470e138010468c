/** What the parking pages share: a site's availability as a colour and a tag, its live figure in words. */
import { i18n } from '../i18n';

export const AVAILABILITIES = ['ample', 'few', 'full', 'unknown'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** The colours of availability, the same on the lists and the maps. */
export const AVAILABILITY_COLOURS: Record<Availability, string> = {
  ample: '#2e9d4f',
  few: '#e6a23c',
  full: '#d0312d',
  unknown: '#a8abb2',
};

/** Element Plus's tag type for an availability. */
export const AVAILABILITY_TAGS = {
  ample: 'success',
  few: 'warning',
  full: 'danger',
  unknown: 'info',
} as const satisfies Record<Availability, string>;

/** The fields of a site its live figure is read from (ParkAPI's names). */
export type LiveSite = {
  has_realtime_data: boolean;
  realtime_free_capacity: number | null;
  realtime_capacity: number | null;
  capacity: number;
};

/** "空余 12 / 80", or "暂无实时数据": never a stale number. */
export const liveText = (s: LiveSite) =>
  s.has_realtime_data && s.realtime_free_capacity !== null
    ? i18n.global.t('parking.free', {
        free: s.realtime_free_capacity,
        capacity: s.realtime_capacity ?? s.capacity,
      })
    : i18n.global.t('parking.noLive');
