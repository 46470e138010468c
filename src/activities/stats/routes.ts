/**
 * The statistics of 宣讲/学习 activities for staff (per topic, team, street, month; as xlsx; the bulletin
 * sentence), the public list of upcoming public sessions, and the same as an iCalendar feed
 * (`/calendar/activities.ics`, a raw route like the Atom feeds: no login, rate-limited, nothing personal).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { jurisdictionOf } from '../../http/actor.js';
import { mayReadActivities } from '../../http/policies.js';
import { readerFor } from '../../http/read-replica.js';
import type { ApiRegistry } from '../../http/route.js';
import { sessionsCalendar } from './ical.js';
import { presentBulletin, presentPublicSession, presentStats, presentWorkbook } from './presenter.js';
import { calendarWindow, jurisdictionName, publicSessions, publicWindow, statsInput } from './queries.js';
import {
  Bulletin,
  BulletinQuery,
  PublicActivitiesQuery,
  PublicActivityList,
  Stats,
  StatsFileQuery,
  StatsQuery,
  StatsWorkbook,
} from './schemas.js';
import { statsWorkbook } from './workbook.js';

export const CALENDAR_PATH = '/calendar/activities.ics';

export function activityStatsRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('activities');

  route.get(
    '/api/v1/activities/stats',
    '宣讲统计 Sessions held, attendance, communities covered and needs, per topic, team, street or month',
    { query: StatsQuery, response: { 200: Stats }, allow: mayReadActivities },
    async ({ actor, query, req }) => {
      const now = ctx.now();
      const input = await statsInput(readerFor(ctx, req), actor.jurisdictionId, query, now);
      return presentStats(input, query.group_by, query, now);
    },
  );

  route.get(
    '/api/v1/activities/stats.xlsx',
    '导出宣讲统计 The statistics as xlsx: the bulletin, then one sheet per grouping',
    { query: StatsFileQuery, response: { 200: StatsWorkbook }, allow: mayReadActivities },
    async ({ actor, query, req, reply }) => {
      const now = ctx.now();
      const input = await statsInput(readerFor(ctx, req), actor.jurisdictionId, query, now);
      const file = await statsWorkbook(presentWorkbook(input, query, now));
      const name = `activities-${query.from ?? 'start'}-${query.to ?? input.today}.xlsx`;
      return reply
        .header('content-type', StatsWorkbook.contentType)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    },
  );

  route.get(
    '/api/v1/activities/bulletin',
    '宣讲通报 The figures as one sentence in the style of the reports (今年以来，全区各宣讲团开展宣讲活动…)',
    { query: BulletinQuery, response: { 200: Bulletin }, allow: mayReadActivities },
    async ({ actor, query, req }) => {
      const now = ctx.now();
      const input = await statsInput(readerFor(ctx, req), actor.jurisdictionId, query, now);
      return presentBulletin(input, query, now);
    },
  );

  api
    .feature('public', 'public')
    .get(
      '/api/v1/public/activities',
      '公开宣讲活动 Upcoming public sessions (no organiser, speakers or attendees)',
      { query: PublicActivitiesQuery, response: { 200: PublicActivityList } },
      async ({ actor, query, req }) => {
        const j = jurisdictionOf(actor, ctx.config.defaultJurisdiction);
        const now = ctx.now();
        const reader = readerFor(ctx, req);
        const sessions = await publicSessions(reader, j, await publicWindow(reader, j, query, now));
        return { items: sessions.map(presentPublicSession) };
      },
    );
}

const ICS = 'text/calendar; charset=utf-8';

/** `/calendar/activities.ics`: the public sessions of the last 30 days and to come, cancelled ones as such. */
export function activityCalendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = { config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: 60_000 } } };
  const j = ctx.config.defaultJurisdiction;
  app.get(CALENDAR_PATH, limited, async (req, reply) => {
    const reader = readerFor(ctx, req);
    const [name, sessions] = await Promise.all([
      jurisdictionName(reader, j),
      publicSessions(reader, j, calendarWindow(ctx.now())),
    ]);
    const text = sessionsCalendar(sessions, {
      name: `${name} 宣讲和学习活动`.trim(),
      jurisdictionId: j,
      publicUrl: ctx.config.publicUrl,
    });
    return reply.type(ICS).header('cache-control', 'public, max-age=300').send(text);
  });
}
