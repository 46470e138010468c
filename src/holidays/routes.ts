import type { AppContext } from '../context.js';
import { openAlerts } from '../alerts/store.js';
import type { Actor } from '../http/actor.js';
import { mayManageCalendar, mayReadAdminAlerts, mayReadCalendar } from '../http/policies.js';
import { listItems, type ApiRegistry } from '../http/route.js';
import { saveSchedule, type ScheduleInput } from './commands/save-schedule.js';
import { yearView } from './queries.js';
import { AlertList, ScheduleBody, ScheduleResult, YearParams, YearView } from './schemas.js';

export function holidayRoutes(api: ApiRegistry, ctx: AppContext) {
  // The national layer is the deployment's, not one city's: it is entered with `banshi calendar import --national`.
  const save = (actor: Actor, year: number, input: ScheduleInput | null, preview: boolean) =>
    saveSchedule(ctx, { actor, scope: 'jurisdiction', year, input, preview });

  const route = api.feature('calendar');

  route.get(
    '/api/v1/calendar/:year',
    '工作日历 A year of the working-day calendar, day by day, with the source of each day',
    { params: YearParams, response: { 200: YearView }, allow: mayReadCalendar },
    async ({ actor, params }) => yearView(ctx, actor.jurisdictionId, params.year),
  );
  const schedule = { params: YearParams, response: { 200: ScheduleResult }, allow: mayManageCalendar };
  route.post(
    '/api/v1/admin/calendar/:year/preview',
    '预览节假日安排 Preview a year’s holiday schedule (nothing is saved)',
    { ...schedule, body: ScheduleBody },
    async ({ actor, params, body }) => save(actor, params.year, body, true),
  );
  route.put(
    '/api/v1/admin/calendar/:year',
    '录入节假日安排 Enter a year’s holiday schedule (open requests’ deadlines are counted again)',
    { ...schedule, body: ScheduleBody },
    async ({ actor, params, body }) => save(actor, params.year, body, false),
  );
  route.delete(
    '/api/v1/admin/calendar/:year',
    '删除节假日安排 Remove a year’s holiday schedule',
    schedule,
    async ({ actor, params }) => save(actor, params.year, null, false),
  );
  api
    .feature('admin')
    .get(
      '/api/v1/admin/alerts',
      '管理提醒 Open alerts for the admins',
      { response: { 200: AlertList }, allow: mayReadAdminAlerts },
      listItems(ctx, openAlerts),
    );
}
