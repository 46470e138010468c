/** Reading teams, topics, routes and sessions, with what each view adds (members, coverage, attendance, needs). */
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { dateText } from '../db/date-text.js';
import {
  activitiesDb,
  type RouteRow,
  type RouteStopRow,
  type SessionKind,
  type SessionRow,
  type TeamMemberRow,
  type TeamRow,
  type TopicRow,
} from './schema.js';

/** A session as read: every column but its secret, with its named attendees counted. */
export type SessionView = Omit<SessionRow, 'check_in_secret'> & { named: number };
export type TeamView = TeamRow & { members: (TeamMemberRow & { user_name: string | null })[] };
export type RouteView = RouteRow & { stops: RouteStopRow[] };
export type TopicView = TopicRow & {
  coverage: { communities: number; covered: number } | null;
  held: number;
  planned: number;
};

/** The codes of an area and every area under it, or only those of one level. */
export async function areasUnder(
  db: Kysely<DB>,
  jurisdictionId: string,
  code: string,
  level?: 'community',
): Promise<string[]> {
  const rows = await sql<{ code: string }>`
    with recursive under (code, level) as (
      select code, level from areas where jurisdiction_id = ${jurisdictionId} and code = ${code}
      union all
      select a.code, a.level from areas a join under u on a.parent_code = u.code
      where a.jurisdiction_id = ${jurisdictionId}
    )
    select code from under ${level ? sql`where level = ${level}` : sql``}`.execute(db);
  return rows.rows.map((r) => r.code);
}

// ── teams ───────────────────────────────────────────────────────────────────────────────────────────────

export async function listTeams(
  ctx: AppContext,
  jurisdictionId: string,
  ids?: number[],
): Promise<TeamView[]> {
  const db = activitiesDb(ctx.db);
  let q = db.selectFrom('activity_teams').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  const teams = await q.orderBy('id').execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('activity_team_members as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.jurisdiction_id', '=', 'm.jurisdiction_id').onRef('u.id', '=', 'm.user_id'),
    )
    .selectAll('m')
    .select('u.display_name as user_name')
    .where('m.jurisdiction_id', '=', jurisdictionId)
    .where(
      'm.team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('m.team_id')
    .orderBy('m.position')
    .execute();
  return teams.map((t) => ({ ...t, members: members.filter((m) => m.team_id === t.id) }));
}

export const loadTeam = async (ctx: AppContext, jurisdictionId: string, id: number) =>
  (await listTeams(ctx, jurisdictionId, [id]))[0];

// ── topics ──────────────────────────────────────────────────────────────────────────────────────────────

const topicColumns = [
  'jurisdiction_id',
  'id',
  'title',
  'summary',
  'materials',
  'target_area_code',
  'created_by_user_id',
  'created_at',
] as const;

/**
 * Topics with their sessions held and planned at `now`, and their target's coverage: the communities under the
 * target area, and how many of them have had a held session of the topic.
 */
export async function listTopics(
  ctx: AppContext,
  jurisdictionId: string,
  now: Date,
  ids?: number[],
): Promise<TopicView[]> {
  const db = activitiesDb(ctx.db);
  let q = db
    .selectFrom('activity_topics')
    .select(topicColumns)
    .select([dateText('period_start'), dateText('period_end'), dateText('target_date')])
    .where('jurisdiction_id', '=', jurisdictionId);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  const topics = await q.orderBy('id').execute();
  if (topics.length === 0) return [];
  const counts = await db
    .selectFrom('activity_sessions')
    .select((eb) => [
      'topic_id',
      eb.fn.countAll<number>().filterWhere('ends_at', '<=', now).as('held'),
      eb.fn.countAll<number>().filterWhere('ends_at', '>', now).as('planned'),
    ])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where(
      'topic_id',
      'in',
      topics.map((t) => t.id),
    )
    .where('cancelled_at', 'is', null)
    .groupBy('topic_id')
    .execute();
  const views: TopicView[] = [];
  for (const t of topics) {
    const c = counts.find((r) => r.topic_id === t.id);
    views.push({
      ...t,
      coverage: t.target_area_code
        ? await coverage(ctx, jurisdictionId, t.id, t.target_area_code, now)
        : null,
      held: Number(c?.held ?? 0),
      planned: Number(c?.planned ?? 0),
    });
  }
  return views;
}

async function coverage(ctx: AppContext, jurisdictionId: string, topicId: number, area: string, now: Date) {
  const communities = await areasUnder(ctx.db, jurisdictionId, area, 'community');
  if (communities.length === 0) return { communities: 0, covered: 0 };
  const covered = await activitiesDb(ctx.db)
    .selectFrom('activity_sessions')
    .select((eb) => eb.fn.count<number>('area_code').distinct().as('n'))
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('topic_id', '=', topicId)
    .where('cancelled_at', 'is', null)
    .where('ends_at', '<=', now)
    .where('area_code', 'in', communities)
    .executeTakeFirstOrThrow();
  return { communities: communities.length, covered: Number(covered.n) };
}

export const loadTopic = async (ctx: AppContext, jurisdictionId: string, id: number, now: Date) =>
  (await listTopics(ctx, jurisdictionId, now, [id]))[0];

// ── routes ──────────────────────────────────────────────────────────────────────────────────────────────

export async function listRoutes(
  ctx: AppContext,
  jurisdictionId: string,
  ids?: number[],
): Promise<RouteView[]> {
  const db = activitiesDb(ctx.db);
  let q = db.selectFrom('activity_routes').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  const routes = await q.orderBy('id').execute();
  if (routes.length === 0) return [];
  const stops = await db
    .selectFrom('activity_route_stops')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where(
      'route_id',
      'in',
      routes.map((r) => r.id),
    )
    .orderBy('route_id')
    .orderBy('position')
    .execute();
  return routes.map((r) => ({ ...r, stops: stops.filter((s) => s.route_id === r.id) }));
}

export const loadRoute = async (ctx: AppContext, jurisdictionId: string, id: number) =>
  (await listRoutes(ctx, jurisdictionId, [id]))[0];

// ── sessions ────────────────────────────────────────────────────────────────────────────────────────────

export type SessionFilters = {
  from?: Date | undefined;
  to?: Date | undefined;
  topicId?: number | undefined;
  teamId?: number | undefined;
  areaCode?: string | undefined;
  kind?: SessionKind | undefined;
  ids?: number[] | undefined;
};

const SESSION_LIST_LIMIT = 500;

/** Sessions meeting the filters (those overlapping from–to), by start; at most 500. */
export async function listSessions(
  ctx: AppContext,
  jurisdictionId: string,
  f: SessionFilters,
): Promise<SessionView[]> {
  let q = activitiesDb(ctx.db)
    .selectFrom('activity_sessions as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('activity_attendees as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.jurisdiction_id', '=', 's.jurisdiction_id')
        .whereRef('a.session_id', '=', 's.id')
        .as('named'),
    )
    .where('s.jurisdiction_id', '=', jurisdictionId);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where('s.id', 'in', f.ids);
  }
  if (f.from) q = q.where('s.ends_at', '>=', f.from);
  if (f.to) q = q.where('s.starts_at', '<=', f.to);
  if (f.topicId !== undefined) q = q.where('s.topic_id', '=', f.topicId);
  if (f.teamId !== undefined) q = q.where('s.team_id', '=', f.teamId);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.areaCode) {
    const areas = await areasUnder(ctx.db, jurisdictionId, f.areaCode);
    if (areas.length === 0) return [];
    q = q.where('s.area_code', 'in', areas);
  }
  const rows = await q.orderBy('s.starts_at').orderBy('s.id').limit(SESSION_LIST_LIMIT).execute();
  return rows.map(({ check_in_secret: _secret, ...r }) => ({ ...r, named: Number(r.named ?? 0) }));
}

export const loadSession = async (ctx: AppContext, jurisdictionId: string, id: number) =>
  (await listSessions(ctx, jurisdictionId, { ids: [id] }))[0];

/** The titles, names and labels a list of sessions refers to. */
export async function sessionNames(ctx: AppContext, jurisdictionId: string, sessions: SessionView[]) {
  const ids = (pick: (s: SessionView) => number | null) => [
    ...new Set(sessions.map(pick).filter((x): x is number => x !== null)),
  ];
  const db = activitiesDb(ctx.db);
  const byId = async <T extends { id: number }>(rows: Promise<T[]>) =>
    new Map((await rows).map((r) => [r.id, r]));
  const [topics, teams, routes, organisers] = await Promise.all([
    byId(
      ids((s) => s.topic_id).length
        ? db
            .selectFrom('activity_topics')
            .select(['id', 'title'])
            .where('jurisdiction_id', '=', jurisdictionId)
            .where(
              'id',
              'in',
              ids((s) => s.topic_id),
            )
            .execute()
        : Promise.resolve([]),
    ),
    byId(
      ids((s) => s.team_id).length
        ? db
            .selectFrom('activity_teams')
            .select(['id', 'name'])
            .where('jurisdiction_id', '=', jurisdictionId)
            .where(
              'id',
              'in',
              ids((s) => s.team_id),
            )
            .execute()
        : Promise.resolve([]),
    ),
    byId(
      ids((s) => s.route_id).length
        ? db
            .selectFrom('activity_routes')
            .select(['id', 'name'])
            .where('jurisdiction_id', '=', jurisdictionId)
            .where(
              'id',
              'in',
              ids((s) => s.route_id),
            )
            .execute()
        : Promise.resolve([]),
    ),
    byId(
      db
        .selectFrom('users')
        .select(['id', 'display_name as name'])
        .where('jurisdiction_id', '=', jurisdictionId)
        .where('id', 'in', [...ids((s) => s.organiser_user_id), 0])
        .execute(),
    ),
  ]);
  return { topics, teams, routes, organisers };
}
export type SessionNames = Awaited<ReturnType<typeof sessionNames>>;

/** A session's ratings and its latest comments (no names: the attendees are not shown). */
export async function sessionFeedback(ctx: AppContext, jurisdictionId: string, sessionId: number) {
  const db = activitiesDb(ctx.db);
  const [agg, comments] = await Promise.all([
    db
      .selectFrom('activity_feedback')
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        eb.fn.avg<number | null>('rating').as('average'),
      ])
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('activity_feedback')
      .select(['rating', 'comment', 'created_at as at'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('session_id', '=', sessionId)
      .where('comment', '<>', '')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(100)
      .execute(),
  ]);
  const count = Number(agg.count);
  return {
    count,
    average: count ? Math.round(Number(agg.average) * 100) / 100 : null,
    comments,
  };
}

/** The requests the needs raised at a session became, oldest first. */
export function sessionNeeds(ctx: AppContext, jurisdictionId: string, sessionId: number) {
  return ctx.db
    .selectFrom('requests')
    .select(['id', 'ticket_no', 'title', 'body', 'status', 'department_code', 'created_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('activity_session_id', '=', sessionId)
    .orderBy('id')
    .execute();
}
export type NeedRow = Awaited<ReturnType<typeof sessionNeeds>>[number];
