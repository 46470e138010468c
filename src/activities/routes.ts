import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { creation, idempotencyKey } from '../http/idempotency.js';
import { mayReadActivities, mayRunSession } from '../http/policies.js';
import { Ok } from '../http/responses.js';
import { actsOn, creates, edits, type ApiRegistry } from '../http/route.js';
import { referenceCache } from '../routing/reference-cache.js';
import { checkIn, currentCheckInCode } from './commands/check-in.js';
import { checkInBatch } from './commands/check-in-batch.js';
import { leaveFeedback } from './commands/feedback.js';
import { raiseNeed } from './commands/needs.js';
import { cancelSession, createSession, setHeadcount, updateSession } from './commands/sessions.js';
import { createRoute } from './commands/study-route.js';
import { createTeam, updateTeam } from './commands/teams.js';
import { createTopic, updateTopic } from './commands/topics.js';
import { presentRoute, presentSession, presentSessionItem, presentTeam, presentTopic } from './presenter.js';
import {
  listRoutes,
  listSessions,
  listTeams,
  listTopics,
  loadRoute,
  loadSession,
  loadTeam,
  loadTopic,
  sessionFeedback,
  sessionNames,
  sessionNeeds,
} from './queries.js';
import {
  BatchBody,
  BatchResult,
  CancelBody,
  CheckedIn,
  CheckInBody,
  CheckInCode,
  FeedbackBody,
  HeadcountBody,
  IdParams,
  NeedBody,
  RaisedNeed,
  Route,
  RouteBody,
  RouteList,
  SessionBody,
  SessionDetail,
  SessionList,
  SessionPatch,
  SessionsQuery,
  Team,
  TeamBody,
  TeamList,
  TeamPatch,
  Topic,
  TopicBody,
  TopicList,
  TopicPatch,
} from './schemas.js';

/**
 * Check-ins per minute from one address: a hall's attendees often share the venue's Wi-Fi (one address behind its
 * NAT), and the figure is 500 within a minute; each still needs the code shown in the room this minute.
 */
const CHECK_IN_RATE_LIMIT = 1_000;

export function activityRoutes(api: ApiRegistry, ctx: AppContext) {
  const names = async (j: string) => (await referenceCache(ctx.db).get(j)).names;
  const found = <T>(x: T | undefined): T => {
    if (x === undefined) throw new AppError('not_found');
    return x;
  };
  const team = async (actor: Actor, id: number) =>
    presentTeam(found(await loadTeam(ctx, actor.jurisdictionId, id)), await names(actor.jurisdictionId));
  const topic = async (actor: Actor, id: number) =>
    presentTopic(
      found(await loadTopic(ctx, actor.jurisdictionId, id, ctx.now())),
      await names(actor.jurisdictionId),
    );
  const route = async (actor: Actor, id: number) =>
    presentRoute(found(await loadRoute(ctx, actor.jurisdictionId, id)));
  const session = async (actor: Actor, id: number) => {
    const j = actor.jurisdictionId;
    const s = found(await loadSession(ctx, j, id));
    const [sessionNamesOf, areas, feedback, needs] = await Promise.all([
      sessionNames(ctx, j, [s]),
      names(j),
      sessionFeedback(ctx, j, id),
      sessionNeeds(ctx, j, id),
    ]);
    return presentSession(s, {
      names: sessionNamesOf,
      areas,
      now: ctx.now(),
      feedback,
      needs,
      mayManage: mayRunSession(actor, s.organiser_user_id),
    });
  };

  const activities = api.feature('activities');
  const read = { allow: mayReadActivities };
  const writes = { errors: [403, 422] as const };

  // ── teams, topics, routes ─────────────────────────────────────────────────────────────────────────────

  activities.get(
    '/api/v1/activities/teams',
    '宣讲团 Teams with their members',
    { response: { 200: TeamList }, ...read },
    async ({ actor }) => {
      const [teams, areas] = await Promise.all([
        listTeams(ctx, actor.jurisdictionId),
        names(actor.jurisdictionId),
      ]);
      return { items: teams.map((t) => presentTeam(t, areas)) };
    },
  );
  activities.post(
    '/api/v1/activities/teams',
    '新建宣讲团 Create a team (cadres, experts, volunteers, youth, 百姓名嘴) with its members',
    { body: TeamBody, response: { 201: Team }, ...writes },
    creates(ctx, createTeam, team),
  );
  activities.patch(
    '/api/v1/activities/teams/:id',
    '修改宣讲团 Change a team; members, when given, replace the list',
    { params: IdParams, body: TeamPatch, response: { 200: Team }, ...writes },
    actsOn(ctx, updateTeam, team),
  );

  activities.get(
    '/api/v1/activities/topics',
    '宣讲主题 Topics with their materials, sessions held and the target’s coverage',
    { response: { 200: TopicList }, ...read },
    async ({ actor }) => {
      const [topics, areas] = await Promise.all([
        listTopics(ctx, actor.jurisdictionId, ctx.now()),
        names(actor.jurisdictionId),
      ]);
      return { items: topics.map((t) => presentTopic(t, areas)) };
    },
  );
  activities.post(
    '/api/v1/activities/topics',
    '新建宣讲主题 Create a topic with its materials, period and target (every community under an area by a date)',
    { body: TopicBody, response: { 201: Topic }, ...writes },
    creates(ctx, createTopic, topic),
  );
  activities.patch(
    '/api/v1/activities/topics/:id',
    '修改宣讲主题 Change a topic',
    { params: IdParams, body: TopicPatch, response: { 200: Topic }, ...writes },
    actsOn(ctx, updateTopic, topic),
  );

  activities.get(
    '/api/v1/activities/routes',
    '学习线路 Study and red routes with their stops',
    { response: { 200: RouteList }, ...read },
    async ({ actor }) => ({ items: (await listRoutes(ctx, actor.jurisdictionId)).map(presentRoute) }),
  );
  activities.post(
    '/api/v1/activities/routes',
    '新建线路 Create a study or red route with its ordered stops',
    { body: RouteBody, response: { 201: Route }, ...writes },
    creates(ctx, createRoute, route),
  );

  // ── sessions ──────────────────────────────────────────────────────────────────────────────────────────

  activities.get(
    '/api/v1/activities/sessions',
    '场次列表 Sessions overlapping from–to, by topic, team, area (and the areas under it) and kind',
    { query: SessionsQuery, response: { 200: SessionList }, ...read },
    async ({ actor, query }) => {
      const j = actor.jurisdictionId;
      const sessions = await listSessions(ctx, j, {
        from: query.from,
        to: query.to,
        topicId: query.topic_id,
        teamId: query.team_id,
        areaCode: query.area_code,
        kind: query.kind,
      });
      const [sessionNamesOf, areas] = await Promise.all([sessionNames(ctx, j, sessions), names(j)]);
      const now = ctx.now();
      return { items: sessions.map((s) => presentSessionItem(s, sessionNamesOf, areas, now)) };
    },
  );
  activities.post(
    '/api/v1/activities/sessions',
    '新建场次 Plan a session (宣讲 or 学习), organised by the caller',
    { body: SessionBody, response: { 201: SessionDetail }, ...writes },
    creates(ctx, createSession, session),
  );
  activities.get(
    '/api/v1/activities/sessions/:id',
    '场次详情 A session: its state, attendance, feedback and the needs raised with their state',
    { params: IdParams, response: { 200: SessionDetail }, ...read },
    async ({ actor, params }) => session(actor, params.id),
  );
  activities.patch(
    '/api/v1/activities/sessions/:id',
    '修改场次 Change a session under its expected_version (its organiser or the centre)',
    { params: IdParams, body: SessionPatch, response: { 200: SessionDetail }, errors: [403, 409, 422] },
    edits(ctx, updateSession, session),
  );
  activities.post(
    '/api/v1/activities/sessions/:id/cancel',
    '取消场次 Cancel a session (check-ins are then refused)',
    { params: IdParams, body: CancelBody, response: { 200: SessionDetail }, errors: [403, 409] },
    actsOn(ctx, cancelSession, session),
  );
  activities.put(
    '/api/v1/activities/sessions/:id/headcount',
    '现场人数 The walk-ins the organiser counted, besides the named check-ins',
    { params: IdParams, body: HeadcountBody, response: { 200: SessionDetail }, errors: [403, 409] },
    actsOn(ctx, setHeadcount, session),
  );

  // ── check-in, feedback, needs ─────────────────────────────────────────────────────────────────────────

  activities.get(
    '/api/v1/activities/sessions/:id/check-in-code',
    '签到码 The rotating check-in code while the session runs: the QR code’s content and SVG, new every minute',
    { params: IdParams, response: { 200: CheckInCode }, errors: [403, 409] },
    async ({ actor, params, req }) =>
      currentCheckInCode(ctx, { actor, id: params.id, origin: `${req.protocol}://${req.host}` }),
  );
  activities.post(
    '/api/v1/activities/sessions/:id/check-ins',
    '签到 Check in with the scanned code: a resident logged in by a one-time code (method phone), or a party member by name and branch (method member)',
    {
      auth: 'public',
      rateLimit: CHECK_IN_RATE_LIMIT,
      params: IdParams,
      body: CheckInBody,
      response: { 201: CheckedIn },
      errors: [403, 409, 410, 422],
    },
    async ({ actor, params, body, reply }) => {
      const checked = await checkIn(ctx, { actor, sessionId: params.id, input: body });
      reply.code(201);
      return checked;
    },
  );
  activities.post(
    '/api/v1/activities/sessions/:id/check-ins/batch',
    '离线签到同步 The organiser’s offline names, applied once under an Idempotency-Key (required)',
    {
      ...creation(BatchBody, BatchResult),
      params: IdParams,
    },
    async ({ actor, params, body, req, reply }) => {
      const { result, replayed } = await checkInBatch(ctx, {
        actor,
        sessionId: params.id,
        input: body,
        idempotencyKey: idempotencyKey(req),
      });
      reply.code(replayed ? 200 : 201);
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return result;
    },
  );
  activities.post(
    '/api/v1/activities/sessions/:id/feedback',
    '活动评价 An attendee rates the session (1–5, a comment) once, with the token given at check-in',
    {
      auth: 'public',
      params: IdParams,
      body: FeedbackBody,
      response: { 201: Ok },
      errors: [409, 422],
    },
    async ({ actor, params, body, reply }) => {
      await leaveFeedback(ctx, { actor, sessionId: params.id, input: body });
      reply.code(201);
      return { ok: true as const };
    },
  );
  activities.post(
    '/api/v1/activities/sessions/:id/needs',
    '意见建议 A need raised at the session becomes a request (channel lecture) linked to it, triaged and handled like any other',
    { params: IdParams, body: NeedBody, response: { 201: RaisedNeed }, errors: [403, 409, 422] },
    async ({ actor, params, body, reply }) => {
      const r = await raiseNeed(ctx, { actor, sessionId: params.id, input: body });
      reply.code(201);
      return { request_id: r.id, ticket_no: r.ticket_no };
    },
  );
}
