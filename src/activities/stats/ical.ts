/**
 * The public calendar of 宣讲/学习 sessions as iCalendar (RFC 5545, written by ical-generator, which escapes the
 * text): one event per public session, its UID stable across versions so that a subscribed calendar updates the
 * event in place, SEQUENCE its version, a cancelled session as STATUS:CANCELLED. Nothing personal: no organiser,
 * speakers or attendees. Pure.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/** A public session as the public may see it. */
export type PublicSession = {
  id: number;
  title: string;
  kindLabel: string;
  formatLabel: string;
  topicTitle: string | null;
  startsAt: Date;
  endsAt: Date;
  areaName: string;
  venue: string;
  audienceLabels: string[];
  capacity: number | null;
  placesLeft: number | null;
  registrationRequired: boolean;
  cancelled: boolean;
  version: number;
  updatedAt: Date;
};

export type CalendarOptions = {
  /** The calendar's name: the jurisdiction's and what it holds. */
  name: string;
  /** The jurisdiction's id: part of every UID. */
  jurisdictionId: string;
  /** The public site (https://host): the UIDs' domain and the events' link. */
  publicUrl: string;
};

/** The UID of a session's event: the same for every version of the session. */
export function sessionUid(jurisdictionId: string, sessionId: number, publicUrl: string): string {
  const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(publicUrl)?.[1] ?? 'banshi.invalid';
  return `activity-session-${jurisdictionId}-${sessionId}@${host}`;
}

/** The session's place: the area and the venue in it. */
export const placeOf = (s: Pick<PublicSession, 'areaName' | 'venue'>) =>
  [s.areaName, s.venue].filter(Boolean).join(' ');

function descriptionOf(s: PublicSession): string {
  const lines = [
    s.topicTitle ? `主题：${s.topicTitle}` : null,
    `形式：${s.kindLabel}·${s.formatLabel}`,
    s.audienceLabels.length ? `对象：${s.audienceLabels.join('、')}` : null,
    s.capacity !== null ? `名额：${s.capacity}（剩余 ${s.placesLeft ?? s.capacity}）` : null,
    s.registrationRequired ? '需提前报名' : null,
    s.cancelled ? '本场活动已取消' : null,
  ];
  return lines.filter((l) => l !== null).join('\n');
}

export function sessionsCalendar(sessions: readonly PublicSession[], opts: CalendarOptions): string {
  const base = opts.publicUrl.replace(/\/+$/, '');
  const cal = ical({
    name: opts.name,
    prodId: { company: 'banshi', product: 'activities', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    url: `${base}/calendar/activities.ics`,
    ttl: 3600,
  });
  for (const s of sessions)
    cal.createEvent({
      id: sessionUid(opts.jurisdictionId, s.id, base),
      sequence: s.version,
      stamp: s.updatedAt,
      lastModified: s.updatedAt,
      start: s.startsAt,
      end: s.endsAt,
      summary: s.title,
      description: descriptionOf(s),
      location: placeOf(s),
      url: `${base}/public`,
      status: s.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  return cal.toString();
}
