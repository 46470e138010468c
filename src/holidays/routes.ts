import type { AppContext } from '../context.js';
import { openAlerts } from '../alerts/store.js';
import type { Actor } from '../http/actor.js';
import { ensureAllowed, mayManageCalendar, mayReadAdminAlerts, mayReadCalendar } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { saveSchedule, type ScheduleInput } from './commands/save-schedule.js';
import { yearView } from './queries.js';
import { AlertList, ScheduleBody, ScheduleResult, YearParams, YearView } from './schemas.js';

export function holidayRoutes(api: ApiRegistry, ctx: AppContext) {
  // The national layer is the deployment's, not one city's: it is entered with `banshi calendar import --national`.
  const save = (actor: Actor, year: number, input: ScheduleInput | null, preview: boolean) =>
    saveSchedule(ctx, { actor, scope: 'jurisdiction', year, input, preview });

  api.route({
    method: 'GET',
    url: '/api/v1/calendar/:year',
    tag: 'calendar',
    summary: '工作日历 A year of the working-day calendar, day by day, with the source of each day',
    auth: 'actor',
    params: YearParams,
    response: { 200: YearView },
    errors: [403],
    handler: async ({ actor, params }) => {
      ensureAllowed(mayReadCalendar(actor));
      return yearView(ctx, actor.jurisdictionId, params.year);
    },
  });
  for (const preview of [true, false]) {
    api.route({
      method: preview ? 'POST' : 'PUT',
      url: preview ? '/api/v1/admin/calendar/:year/preview' : '/api/v1/admin/calendar/:year',
      tag: 'calendar',
      summary: preview
        ? '预览节假日安排 Preview a year’s holiday schedule (nothing is saved)'
        : '录入节假日安排 Enter a year’s holiday schedule (open requests’ deadlines are counted again)',
      auth: 'actor',
      params: YearParams,
      body: ScheduleBody,
      response: { 200: ScheduleResult },
      errors: [403],
      handler: async ({ actor, params, body }) => {
        ensureAllowed(mayManageCalendar(actor));
        return save(actor, params.year, body, preview);
      },
    });
  }
  api.route({
    method: 'DELETE',
    url: '/api/v1/admin/calendar/:year',
    tag: 'calendar',
    summary: '删除节假日安排 Remove a year’s holiday schedule',
    auth: 'actor',
    params: YearParams,
    response: { 200: ScheduleResult },
    errors: [403],
    handler: async ({ actor, params }) => {
      ensureAllowed(mayManageCalendar(actor));
      return save(actor, params.year, null, false);
    },
  });
  api.route({
    method: 'GET',
    url: '/api/v1/admin/alerts',
    tag: 'admin',
    summary: '管理提醒 Open alerts for the admins',
    auth: 'actor',
    response: { 200: AlertList },
    errors: [403],
    handler: async ({ actor }) => {
      ensureAllowed(mayReadAdminAlerts(actor));
      return { items: await openAlerts(ctx, actor.jurisdictionId) };
    },
  });
}
