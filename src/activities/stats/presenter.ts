/** The statistics, the bulletin and the public sessions as the API answers them. */
import { bulletinText } from './bulletin.js';
import { bulletinFigures, groupSessions, totals, type Grouping, type StatsRow } from './grouping.js';
import type { PublicSessionRow, StatsFilter, StatsInput } from './queries.js';

export type StatsAnswer = {
  group_by: Grouping;
  from: string | null;
  to: string | null;
  rows: StatsRow[];
  total: StatsRow;
};

export function presentStats(input: StatsInput, by: Grouping, filter: StatsFilter, now: Date): StatsAnswer {
  const opts = { now, timezone: input.timezone, targets: input.targets };
  const { lectures: _l, studies: _s, ...total } = totals(input.sessions, opts);
  return {
    group_by: by,
    from: filter.from ?? null,
    to: filter.to ?? null,
    rows: groupSessions(input.sessions, by, opts),
    total,
  };
}

export function presentBulletin(input: StatsInput, filter: StatsFilter, now: Date): { text: string } {
  const figures = bulletinFigures(totals(input.sessions, { now, targets: input.targets }));
  return {
    text: bulletinText(
      figures,
      { from: filter.from, to: filter.to, today: input.today },
      { jurisdictionName: input.jurisdictionName, topicTitle: input.topicTitle },
    ),
  };
}

/** A public session: what anyone may see (no organiser, speakers or attendees). */
export function presentPublicSession(s: PublicSessionRow) {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    kind_label: s.kindLabel,
    format: s.format,
    format_label: s.formatLabel,
    topic: s.topicTitle,
    starts_at: s.startsAt.toISOString(),
    ends_at: s.endsAt.toISOString(),
    area: { code: s.areaCode, name: s.areaName },
    venue: s.venue,
    audiences: s.audiences,
    audience_labels: s.audienceLabels,
    capacity: s.capacity,
    places_left: s.placesLeft,
    registration_required: s.registrationRequired,
  };
}
