/**
 * The 宣讲/学习 statistics from the sessions' figures: which sessions count (held: not cancelled, ended), their
 * figures summed per topic, team, area (the street) or month, the communities covered — against a topic's target
 * when it has one — and the totals the bulletin speaks of. Pure.
 */
import type { BulletinFigures } from './bulletin.js';

export const GROUPINGS = ['topic', 'team', 'area', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Something a row is about: its key (an id or code as text, a month) and what a reader sees. */
export type Named = { key: string; label: string };

/** What one session brings to the statistics. */
export type SessionFacts = {
  kind: 'lecture' | 'study';
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
  topic: Named | null;
  team: Named | null;
  /** The community it was held in, or null when held at a street (or above). */
  community: Named | null;
  /** The street it was held in (the community's street, or the street itself), or null when held above. */
  street: Named | null;
  /** Attendees checked in by name (phone, party member, offline list). */
  named: number;
  /** Walk-ins counted by the organiser. */
  headcount: number;
  needsRaised: number;
  needsResolved: number;
};

/** A topic with a target: the communities that must each have had a held session of it. */
export type TopicTarget = { topic: Named; communities: readonly string[] };

export type StatsRow = {
  key: string;
  label: string;
  sessions: number;
  named: number;
  headcount: number;
  attendance: number;
  communities_covered: number;
  /** Topic rows only: the communities the topic's target asks for, or null without a target. */
  communities_target: number | null;
  needs_raised: number;
  needs_resolved: number;
};

/** The key of the rows of sessions without a topic, a team or a street. */
export const NONE = 'none';
const NONE_LABELS: Record<Exclude<Grouping, 'month'>, string> = {
  topic: '未指定主题',
  team: '未指定宣讲团',
  area: '区级及以上',
};

/** A session counts once it has been held: not cancelled, and ended by `now`. */
export function isHeld(s: Pick<SessionFacts, 'cancelledAt' | 'endsAt'>, now: Date): boolean {
  return s.cancelledAt === null && s.endsAt.getTime() <= now.getTime();
}

/** The local month of an instant: `2026-11`. */
export function localMonth(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}`;
}

const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

function groupOf(s: SessionFacts, by: Grouping, timezone: string): Named {
  if (by === 'month') {
    const month = localMonth(s.startsAt, timezone);
    return { key: month, label: monthLabel(month) };
  }
  const named = by === 'topic' ? s.topic : by === 'team' ? s.team : s.street;
  return named ?? { key: NONE, label: NONE_LABELS[by] };
}

type Acc = { row: StatsRow; communities: Set<string>; target: Set<string> | null };

const emptyRow = (g: Named): StatsRow => ({
  key: g.key,
  label: g.label,
  sessions: 0,
  named: 0,
  headcount: 0,
  attendance: 0,
  communities_covered: 0,
  communities_target: null,
  needs_raised: 0,
  needs_resolved: 0,
});

function add(acc: Acc, s: SessionFacts) {
  const r = acc.row;
  r.sessions += 1;
  r.named += s.named;
  r.headcount += s.headcount;
  r.attendance += s.named + s.headcount;
  r.needs_raised += s.needsRaised;
  r.needs_resolved += s.needsResolved;
  if (s.community && (!acc.target || acc.target.has(s.community.key))) acc.communities.add(s.community.key);
}

function finish(acc: Acc): StatsRow {
  return {
    ...acc.row,
    communities_covered: acc.communities.size,
    communities_target: acc.target ? acc.target.size : null,
  };
}

/**
 * The held sessions' figures per group. Topic rows: the communities covered are those of the topic's target
 * (all of them without one), and every topic with a target has its row even before its first session. Months in
 * order; other rows by sessions, then attendance, then label; the row of sessions without a topic/team/street last.
 */
export function groupSessions(
  sessions: readonly SessionFacts[],
  by: Grouping,
  opts: { now: Date; timezone: string; targets?: readonly TopicTarget[] },
): StatsRow[] {
  const groups = new Map<string, Acc>();
  const targets = new Map((opts.targets ?? []).map((t) => [t.topic.key, t]));
  const accOf = (g: Named) => {
    let acc = groups.get(g.key);
    if (!acc) {
      const target = by === 'topic' ? targets.get(g.key) : undefined;
      acc = { row: emptyRow(g), communities: new Set(), target: target ? new Set(target.communities) : null };
      groups.set(g.key, acc);
    }
    return acc;
  };
  if (by === 'topic') for (const t of targets.values()) accOf(t.topic);
  for (const s of sessions) if (isHeld(s, opts.now)) add(accOf(groupOf(s, by, opts.timezone)), s);
  const rows = [...groups.values()].map(finish);
  if (by === 'month') return rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows.sort(
    (a, b) =>
      Number(a.key === NONE) - Number(b.key === NONE) ||
      b.sessions - a.sessions ||
      b.attendance - a.attendance ||
      a.label.localeCompare(b.label, 'zh-CN'),
  );
}

/**
 * The totals of the held sessions: all communities covered, and the communities the given topics' targets ask
 * for together (null when none has a target).
 */
export function totals(
  sessions: readonly SessionFacts[],
  opts: { now: Date; targets?: readonly TopicTarget[] },
): StatsRow & Pick<BulletinFigures, 'lectures' | 'studies'> {
  const targets = opts.targets ?? [];
  const acc: Acc = {
    row: emptyRow({ key: 'total', label: '合计' }),
    communities: new Set(),
    target: null,
  };
  let lectures = 0;
  for (const s of sessions)
    if (isHeld(s, opts.now)) {
      add(acc, s);
      if (s.kind === 'lecture') lectures += 1;
    }
  const row = finish(acc);
  const target = targets.length ? new Set(targets.flatMap((t) => t.communities)).size : null;
  return { ...row, communities_target: target, lectures, studies: row.sessions - lectures };
}

/** The bulletin's figures from the totals. */
export function bulletinFigures(t: ReturnType<typeof totals>): BulletinFigures {
  return {
    lectures: t.lectures,
    studies: t.studies,
    communitiesCovered: t.communities_covered,
    communitiesTarget: t.communities_target,
    attendance: t.attendance,
    needsRaised: t.needs_raised,
    needsResolved: t.needs_resolved,
  };
}
