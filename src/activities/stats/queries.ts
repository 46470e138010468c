/**
 * Reading what the statistics count: the sessions held in a period with their named attendees and the state of
 * their needs, the topics' targets, the areas; and the public sessions of the calendar.
 */
import type { ExpressionBuilder } from 'kysely';
import type { AppContext } from '../../context.js';
import { maskPublicText } from '../../privacy/public-text.js';
import { localDate, nextDate, startOfLocalDay } from '../../requests/deadlines.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { AUDIENCE_LABELS, FORMAT_LABELS, SESSION_KIND_LABELS } from '../formats.js';
import { needState } from '../need-state.js';
import { activitiesDb, type ActivitiesDB } from '../schema.js';
import type { SessionFacts, TopicTarget } from './grouping.js';
import type { PublicSession } from './ical.js';
import { placesOf, type Places } from './places.js';

/** Local days (`to` included) and an optional topic. */
export type StatsFilter = {
  from?: string | undefined;
  to?: string | undefined;
  topic_id?: number | undefined;
};

/** What the statistics are computed from. */
export type StatsInput = {
  sessions: SessionFacts[];
  targets: TopicTarget[];
  timezone: string;
  jurisdictionName: string;
  today: string;
  topicTitle: string | undefined;
};

/** A session's named attendees (the session aliased `s`). */
const namedCount = (eb: ExpressionBuilder<ActivitiesDB & { s: ActivitiesDB['activity_sessions'] }, 's'>) =>
  eb
    .selectFrom('activity_attendees as a')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('a.jurisdiction_id', '=', 's.jurisdiction_id')
    .whereRef('a.session_id', '=', 's.id');

/** The jurisdiction's name (相城区), or '' when unknown. */
export async function jurisdictionName(ctx: AppContext, jurisdictionId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('jurisdictions')
    .select('name')
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
  return row?.name ?? '';
}

async function areaPlaces(ctx: AppContext, jurisdictionId: string): Promise<Places> {
  const areas = await ctx.db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  return placesOf(areas);
}

/**
 * The sessions held (not cancelled, ended by `now`) that started in the period, with their figures; the topics
 * with a target whose period meets it (or the one topic asked about).
 */
export async function statsInput(
  ctx: AppContext,
  jurisdictionId: string,
  filter: StatsFilter,
  now: Date,
): Promise<StatsInput> {
  const db = activitiesDb(ctx.db);
  const { timezone } = await referenceCache(ctx.db).get(jurisdictionId);
  let q = db
    .selectFrom('activity_sessions as s')
    .leftJoin('activity_topics as t', (j) =>
      j.onRef('t.jurisdiction_id', '=', 's.jurisdiction_id').onRef('t.id', '=', 's.topic_id'),
    )
    .leftJoin('activity_teams as tm', (j) =>
      j.onRef('tm.jurisdiction_id', '=', 's.jurisdiction_id').onRef('tm.id', '=', 's.team_id'),
    )
    .select([
      's.id',
      's.kind',
      's.starts_at',
      's.ends_at',
      's.area_code',
      's.headcount',
      's.topic_id',
      't.title as topic_title',
      's.team_id',
      'tm.name as team_name',
    ])
    .select((eb) => namedCount(eb).as('named'))
    .where('s.jurisdiction_id', '=', jurisdictionId)
    .where('s.cancelled_at', 'is', null)
    .where('s.ends_at', '<=', now);
  if (filter.from) q = q.where('s.starts_at', '>=', startOfLocalDay(filter.from, timezone));
  if (filter.to) q = q.where('s.starts_at', '<', startOfLocalDay(nextDate(filter.to), timezone));
  if (filter.topic_id !== undefined) q = q.where('s.topic_id', '=', filter.topic_id);
  const [rows, places, jurisdiction] = await Promise.all([
    q.orderBy('s.id').execute(),
    areaPlaces(ctx, jurisdictionId),
    jurisdictionName(ctx, jurisdictionId),
  ]);
  const needs = await needsBySession(
    ctx,
    jurisdictionId,
    rows.map((r) => r.id),
  );
  const sessions = rows.map((r): SessionFacts => ({
    kind: r.kind,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    cancelledAt: null,
    topic: r.topic_id === null ? null : { key: String(r.topic_id), label: r.topic_title ?? '' },
    team: r.team_id === null ? null : { key: String(r.team_id), label: r.team_name ?? '' },
    community: places.communityOf(r.area_code),
    street: places.streetOf(r.area_code),
    named: Number(r.named ?? 0),
    headcount: r.headcount,
    needsRaised: needs.get(r.id)?.raised ?? 0,
    needsResolved: needs.get(r.id)?.resolved ?? 0,
  }));
  const topics = await targetTopics(ctx, jurisdictionId, filter);
  return {
    sessions,
    targets: topics.map((t) => ({
      topic: { key: String(t.id), label: t.title },
      communities: places.communitiesUnder(t.target_area_code!),
    })),
    timezone,
    jurisdictionName: jurisdiction,
    today: localDate(now, timezone),
    topicTitle:
      filter.topic_id === undefined ? undefined : await topicTitle(ctx, jurisdictionId, filter.topic_id),
  };
}

/** Per session, its needs raised and those resolved (as the session's page shows them). */
async function needsBySession(ctx: AppContext, jurisdictionId: string, ids: number[]) {
  const out = new Map<number, { raised: number; resolved: number }>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('requests')
    .select((eb) => ['activity_session_id', 'status', eb.fn.countAll<number>().as('n')])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('activity_session_id', 'in', ids)
    .groupBy(['activity_session_id', 'status'])
    .execute();
  for (const r of rows) {
    const id = r.activity_session_id!;
    const n = Number(r.n);
    const acc = out.get(id) ?? { raised: 0, resolved: 0 };
    acc.raised += n;
    if (needState(r.status) === 'resolved') acc.resolved += n;
    out.set(id, acc);
  }
  return out;
}

/** The topics with a target whose period meets the filter's (all of them without dates), or the one asked. */
function targetTopics(ctx: AppContext, jurisdictionId: string, filter: StatsFilter) {
  let q = activitiesDb(ctx.db)
    .selectFrom('activity_topics')
    .select(['id', 'title', 'target_area_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('target_area_code', 'is not', null);
  if (filter.topic_id !== undefined) return q.where('id', '=', filter.topic_id).execute();
  if (filter.to)
    q = q.where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<=', filter.to!)]));
  if (filter.from)
    q = q.where((eb) => eb.or([eb('period_end', 'is', null), eb('period_end', '>=', filter.from!)]));
  return q.orderBy('id').execute();
}

async function topicTitle(ctx: AppContext, jurisdictionId: string, id: number): Promise<string | undefined> {
  const row = await activitiesDb(ctx.db)
    .selectFrom('activity_topics')
    .select('title')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.title;
}

// ── the public calendar ─────────────────────────────────────────────────────────────────────────────────

const PUBLIC_LIMIT = 500;
const DAY_MS = 86_400_000;
/** How long past sessions stay in the iCalendar feed, so a subscriber's calendar keeps them. */
export const CALENDAR_PAST_DAYS = 30;

export type PublicWindow = {
  /** Sessions still to end after this instant. */
  endsAfter: Date;
  /** Sessions starting before this instant, if given. */
  startsBefore?: Date | undefined;
  /** Cancelled sessions too (the iCalendar feed shows them as cancelled). */
  withCancelled: boolean;
};

export type PublicSessionRow = PublicSession & {
  kind: 'lecture' | 'study';
  format: keyof typeof FORMAT_LABELS;
  areaCode: string;
  audiences: (keyof typeof AUDIENCE_LABELS)[];
};

/**
 * The public sessions in a window, by start; at most 500. Nothing personal leaves: the organiser, speakers and
 * attendees are not read out, and the staff's text goes through `maskPublicText` (phones, the speakers' names).
 */
export async function publicSessions(
  ctx: AppContext,
  jurisdictionId: string,
  window: PublicWindow,
): Promise<PublicSessionRow[]> {
  const db = activitiesDb(ctx.db);
  let q = db
    .selectFrom('activity_sessions as s')
    .innerJoin('areas as ar', (j) =>
      j.onRef('ar.jurisdiction_id', '=', 's.jurisdiction_id').onRef('ar.code', '=', 's.area_code'),
    )
    .leftJoin('activity_topics as t', (j) =>
      j.onRef('t.jurisdiction_id', '=', 's.jurisdiction_id').onRef('t.id', '=', 's.topic_id'),
    )
    .select([
      's.id',
      's.title',
      's.kind',
      's.format',
      's.starts_at',
      's.ends_at',
      's.area_code',
      'ar.name as area_name',
      's.venue',
      's.speakers',
      's.audiences',
      's.capacity',
      's.headcount',
      's.registration_required',
      's.cancelled_at',
      's.version',
      's.updated_at',
      't.title as topic_title',
    ])
    .select((eb) => namedCount(eb).as('named'))
    .where('s.jurisdiction_id', '=', jurisdictionId)
    .where('s.is_public', '=', true)
    .where('s.ends_at', '>', window.endsAfter);
  if (window.startsBefore) q = q.where('s.starts_at', '<', window.startsBefore);
  if (!window.withCancelled) q = q.where('s.cancelled_at', 'is', null);
  const rows = await q.orderBy('s.starts_at').orderBy('s.id').limit(PUBLIC_LIMIT).execute();
  return rows.map((r) => {
    const taken = Number(r.named ?? 0) + r.headcount;
    return {
      id: r.id,
      title: maskPublicText(r.title, r.speakers),
      kind: r.kind,
      kindLabel: SESSION_KIND_LABELS[r.kind],
      format: r.format,
      formatLabel: FORMAT_LABELS[r.format],
      topicTitle: r.topic_title === null ? null : maskPublicText(r.topic_title),
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      areaCode: r.area_code,
      areaName: r.area_name,
      venue: maskPublicText(r.venue, r.speakers),
      audiences: r.audiences,
      audienceLabels: r.audiences.map((a) => AUDIENCE_LABELS[a]),
      capacity: r.capacity,
      placesLeft: r.capacity === null ? null : Math.max(0, r.capacity - taken),
      registrationRequired: r.registration_required,
      cancelled: r.cancelled_at !== null,
      version: r.version,
      updatedAt: r.updated_at,
    };
  });
}

/** The public list's window: from the later of now and `from`'s first instant, up to `to`'s last (local days). */
export async function publicWindow(
  ctx: AppContext,
  jurisdictionId: string,
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Promise<PublicWindow> {
  const { timezone } = await referenceCache(ctx.db).get(jurisdictionId);
  const from = q.from ? startOfLocalDay(q.from, timezone) : now;
  return {
    endsAfter: from > now ? from : now,
    startsBefore: q.to ? startOfLocalDay(nextDate(q.to), timezone) : undefined,
    withCancelled: false,
  };
}

/** The iCalendar feed's window: the last 30 days and everything to come, cancelled sessions included. */
export const calendarWindow = (now: Date): PublicWindow => ({
  endsAfter: new Date(now.getTime() - CALENDAR_PAST_DAYS * DAY_MS),
  withCancelled: true,
});
