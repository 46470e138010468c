import type { AppContext } from '../context.js';
import { openAlerts } from '../alerts/store.js';
import { AppError } from '../http/errors.js';
import { isAdmin, isStaff } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { saveSchedule } from './commands/save-schedule.js';
import { yearView } from './queries.js';
import { ScheduleBody, YearParams } from './schemas.js';

export function holidayRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/calendar/:year',
    tag: 'calendar',
    summary: '工作日历 A year of the working-day calendar, day by day, with the source of each day',
    auth: 'actor',
    params: YearParams,
    handler: async ({ actor, params }) => {
      if (!isStaff(actor)) throw new AppError('forbidden');
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
      handler: async ({ actor, params, body }) => {
        if (!isAdmin(actor)) throw new AppError('forbidden');
        // The national layer is the deployment's, not one city's: it is entered with `banshi calendar import --national`.
        return saveSchedule(ctx, { actor, scope: 'jurisdiction', year: params.year, input: body, preview });
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
    handler: async ({ actor, params }) => {
      if (!isAdmin(actor)) throw new AppError('forbidden');
      return saveSchedule(ctx, {
        actor,
        scope: 'jurisdiction',
        year: params.year,
        input: null,
        preview: false,
      });
    },
  });
  api.route({
    method: 'GET',
    url: '/api/v1/admin/alerts',
    tag: 'admin',
    summary: '管理提醒 Open alerts for the admins',
    auth: 'actor',
    handler: async ({ actor }) => {
      if (!isAdmin(actor)) throw new AppError('forbidden');
      return { items: await openAlerts(ctx.db, actor.jurisdictionId) };
    },
  });
}
