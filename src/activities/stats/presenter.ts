/** The statistics, the bulletin and the public sessions as the API answers them. */
import { bulletinText, periodPhrase } from './bulletin.js';
import {
  bulletinFigures,
  groupSessions,
  GROUPINGS,
  totals,
  type Grouping,
  type StatsRow,
} from './grouping.js';
import type { PublicSessionRow, StatsFilter, StatsInput } from './queries.js';
import type { WorkbookInput } from './workbook.js';

export type StatsAnswer = {
  group_by: Grouping;
  from: string | null;
  to: string | null;
  rows: StatsRow[];
  total: StatsRow;
};

const groupingOptions = (input: StatsInput, now: Date) => ({
  now,
  timezone: input.timezone,
  targets: input.targets,
});

function total(input: StatsInput, now: Date): StatsRow {
  const {
    lectures: _lectures,
    studies: _studies,
    ...row
  } = totals(input.sessions, groupingOptions(input, now));
  return row;
}

export function presentStats(input: StatsInput, by: Grouping, filter: StatsFilter, now: Date): StatsAnswer {
  return {
    group_by: by,
    from: filter.from ?? null,
    to: filter.to ?? null,
    rows: groupSessions(input.sessions, by, groupingOptions(input, now)),
    total: total(input, now),
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

/** What the xlsx holds: its title with the period, the bulletin, every grouping's rows and the total. */
export function presentWorkbook(input: StatsInput, filter: StatsFilter, now: Date): WorkbookInput {
  const period = periodPhrase({ from: filter.from, to: filter.to, today: input.today });
  const rows = {} as Record<Grouping, StatsRow[]>;
  for (const by of GROUPINGS) rows[by] = groupSessions(input.sessions, by, groupingOptions(input, now));
  return {
    title: `${input.jurisdictionName}宣讲和学习活动统计（${period}）`,
    bulletin: presentBulletin(input, filter, now).text,
    rows,
    total: total(input, now),
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
