/**
 * 锡慧停 in the demo city: parking sites in 相城区 — a primary school sharing its spaces with parents at the school
 * rush hours, with 御窑社区's residents at night (the answer to that community's order) and with the public at
 * weekends; the district's government service centre sharing at night; public car parks, on-street spaces, a
 * mall and an estate — four weeks of observations every quarter hour whose daily shape follows each kind, their
 * forecasts, a few residents' bookings, and the ledger project 新增错时共享泊位500个 counting the shared spaces
 * the module opens. Everything through the module's commands.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { ParkingSiteKind } from '../db/schema.js';
import { systemActor, type UserActor } from '../http/actor.js';
import { createProject } from '../projects/commands/create.js';
import { setProgressSource } from '../projects/commands/progress-source.js';
import { bookSpace } from '../parking/commands/book.js';
import { forgetModel, refreshForecasts } from '../parking/commands/forecasts.js';
import { recordObservations } from '../parking/commands/observations.js';
import { grantPass } from '../parking/commands/passes.js';
import { createSite } from '../parking/commands/sites.js';
import { createWindow } from '../parking/commands/windows.js';
import { SiteBody, WindowBody, type ObservationInput } from '../parking/schemas.js';
import { sceneOf } from '../parking/commands/common.js';
import { localDate } from '../requests/deadlines.js';
import { findOrCreateResident } from '../users/users.js';
import { demoActors } from './users.js';

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const STEP_MS = 15 * 60_000;
const HISTORY_DAYS = 28;

/** A daily shape: the occupancy rate at a local hour (fractional) of a working day, and of a rest day. */
type Shape = { work: (h: number) => number; rest: (h: number) => number };
const bump = (h: number, at: number, width: number) => Math.exp(-(((h - at) / width) ** 2));

const SHAPES: Record<ParkingSiteKind, Shape> = {
  // Teachers' cars through the school day, parents at 07:30 and 16:30, 御窑's residents at night.
  school: {
    work: (h) =>
      0.1 +
      0.5 * (h > 7.3 && h < 17.5 ? 1 : 0) +
      0.3 * bump(h, 7.7, 0.4) +
      0.3 * bump(h, 16.4, 0.5) +
      0.4 * (h > 20 || h < 6.5 ? 1 : 0),
    rest: (h) => 0.15 + 0.2 * bump(h, 14, 3) + 0.4 * (h > 20 || h < 7 ? 1 : 0),
  },
  // Office hours, then the night share.
  unit: {
    work: (h) =>
      0.08 +
      0.8 * (h > 8.3 && h < 17.6 ? 1 : 0) * (1 - 0.3 * bump(h, 12.2, 0.6)) +
      0.3 * (h > 19.5 || h < 7 ? 1 : 0),
    rest: (h) => 0.1 + 0.3 * (h > 19 || h < 8 ? 1 : 0),
  },
  // A mall's car park: afternoons and evenings, full at weekends.
  commercial: {
    work: (h) => 0.05 + 0.35 * bump(h, 13, 2.5) + 0.55 * bump(h, 19.5, 1.6),
    rest: (h) => 0.05 + 0.85 * bump(h, 15, 4),
  },
  // Beside the high-speed rail station: commuters on working days.
  public: {
    work: (h) => 0.08 + 0.82 * (1 / (1 + Math.exp(-(h - 7.5) * 3))) * (1 / (1 + Math.exp((h - 19) * 2))),
    rest: (h) => 0.1 + 0.45 * bump(h, 13, 4),
  },
  on_street: {
    work: (h) => 0.15 + 0.7 * (h > 8 && h < 20 ? 1 : 0) * (0.8 + 0.2 * bump(h, 11, 1.5)),
    rest: (h) => 0.2 + 0.6 * bump(h, 15, 3.5),
  },
  // An estate: full at night, half empty by day.
  residential: {
    work: (h) => 0.45 + 0.5 * (1 - bump(h, 13, 4.5)),
    rest: (h) => 0.65 + 0.3 * (1 - bump(h, 14, 4)),
  },
};

type DemoSite = z.input<typeof SiteBody> & { kind: ParkingSiteKind };

const SITES: DemoSite[] = [
  {
    code: 'XC-P-YY-SCHOOL',
    name: '御窑实验小学停车场',
    kind: 'school',
    operator_name: '御窑实验小学',
    operator_department_code: 'education',
    address: '元和街道御窑路88号',
    lat: 31.3597,
    lon: 120.6612,
    capacity: 120,
    capacity_disabled: 2,
    capacity_charging: 8,
    has_fee: false,
    realtime_interval_seconds: 300,
  },
  {
    code: 'XC-P-GOV-CENTRE',
    name: '相城区政务服务中心停车场',
    kind: 'unit',
    operator_name: '相城区政务服务管理办公室',
    operator_department_code: 'gov-service',
    address: '元和街道相城大道1588号',
    lat: 31.3731,
    lon: 120.6418,
    capacity: 300,
    capacity_disabled: 6,
    capacity_charging: 20,
    has_fee: false,
    realtime_interval_seconds: 300,
  },
  {
    code: 'XC-P-HUOLIDAO',
    name: '活力岛商业广场地下停车场',
    kind: 'commercial',
    operator_name: '活力岛商业管理有限公司',
    address: '元和街道蠡口路活力岛',
    lat: 31.3742,
    lon: 120.6109,
    capacity: 650,
    capacity_disabled: 10,
    capacity_charging: 60,
    fee_description: '首小时免费，之后每小时3元，当日最高30元',
    realtime_interval_seconds: 120,
  },
  {
    code: 'XC-P-GAOTIE-P1',
    name: '高铁苏州北站P1公共停车场',
    kind: 'public',
    operator_name: '相城区停车管理有限公司',
    operator_department_code: 'urban-mgmt',
    address: '高铁新城南天成路苏州北站东侧',
    lat: 31.4379,
    lon: 120.6566,
    capacity: 800,
    capacity_disabled: 16,
    capacity_charging: 80,
    fee_description: '每小时5元，24小时内最高40元',
    osm_id: 'way/4100001',
    realtime_interval_seconds: 60,
  },
  {
    code: 'XC-P-CHENGHE-PUB',
    name: '澄和公共停车场',
    kind: 'public',
    operator_name: '相城区停车管理有限公司',
    operator_department_code: 'urban-mgmt',
    address: '高铁新城澄和路',
    lat: 31.4222,
    lon: 120.6409,
    capacity: 260,
    capacity_disabled: 4,
    capacity_charging: 24,
    fee_description: '每小时2元，夜间（20:00–08:00）每次5元',
    realtime_interval_seconds: 120,
  },
  {
    code: 'XC-P-YUYAO-ROAD',
    name: '御窑路路内泊位',
    kind: 'on_street',
    operator_name: '相城区城管局',
    operator_department_code: 'urban-mgmt',
    address: '元和街道御窑路（阳澄湖路至华元路）',
    lat: 31.3588,
    lon: 120.6628,
    capacity: 36,
    fee_description: '首小时2元，之后每半小时1元；20:00–08:00免费',
    realtime_interval_seconds: 60,
  },
  {
    code: 'XC-P-CHAOYANG-ROAD',
    name: '朝阳路路内泊位',
    kind: 'on_street',
    operator_name: '相城区城管局',
    operator_department_code: 'urban-mgmt',
    address: '元和街道朝阳路',
    lat: 31.3581,
    lon: 120.634,
    capacity: 28,
    fee_description: '首小时2元，之后每半小时1元',
    realtime_interval_seconds: 60,
  },
  {
    code: 'XC-P-LUMU-ESTATE',
    name: '陆慕新村小区停车场',
    kind: 'residential',
    operator_name: '陆慕新村物业服务中心',
    address: '元和街道陆慕新村',
    lat: 31.3866,
    lon: 120.6399,
    capacity: 210,
    fee_description: '业主月租150元，临停每小时2元',
    realtime_interval_seconds: 300,
  },
];

/** A seeded generator (mulberry32), so that the demo is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Four weeks of a site's occupancy every quarter hour up to now, shaped by its kind and the working calendar. */
function observationsOf(site: DemoSite, now: number, isWorkingDay: (date: string) => boolean, seed: number) {
  const shape = SHAPES[site.kind];
  const next = random(seed);
  const out: ObservationInput[] = [];
  let drift = 0;
  const first = Math.ceil((now - HISTORY_DAYS * DAY_MS) / STEP_MS) * STEP_MS;
  for (let t = first; t <= now - 2 * 60_000; t += STEP_MS) {
    const at = new Date(t);
    const local = new Date(t + 8 * 3_600_000);
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    const work = isWorkingDay(localDate(at, TZ));
    drift = 0.85 * drift + 0.04 * (next() - 0.5);
    const rate = Math.min(1, Math.max(0, (work ? shape.work(hour) : shape.rest(hour)) + drift));
    out.push({ site: site.code, observed_at: at, occupied: Math.round(rate * site.capacity) });
  }
  return out;
}

async function residentActor(ctx: AppContext, j: string, phone: string): Promise<UserActor> {
  const id = await findOrCreateResident(ctx.db, ctx.vault, j, phone);
  return {
    kind: 'user',
    jurisdictionId: j,
    userId: id,
    role: 'resident',
    departmentCode: null,
    areaCode: null,
    label: '居民',
    phoneHash: ctx.vault.hash(phone),
  };
}

/** The phones of the demo's residents who hold bookings and passes (see README). */
export const DEMO_PARKING_RESIDENTS = { parent: '13800001234', neighbour: '13800005678' };

export async function loadDemoParking(
  ctx: AppContext,
  j: string,
): Promise<{ sites: number; observations: number; bookings: number }> {
  const system = systemActor(j, '演示数据');
  const user = await demoActors(ctx.db, j);
  const staff = async (username: string) => user(username);
  const { calendar } = await sceneOf(ctx, j);
  const isWorkingDay = (date: string) => calendar.day(date).working;
  const ids = new Map<string, number>();
  for (const s of SITES) {
    ids.set(s.code, await createSite(ctx, { actor: system, input: SiteBody.parse(s) }));
  }
  const now = ctx.now().getTime();
  const today = localDate(new Date(now), TZ);
  const since = localDate(new Date(now - 60 * DAY_MS), TZ);
  const window = (input: Record<string, unknown>) => WindowBody.parse({ valid_from: since, ...input });

  // The school: parents at the rush hours, the public at weekends, 御窑社区's residents at night (the order).
  const education = await staff('handler.education');
  const school = ids.get('XC-P-YY-SCHOOL')!;
  const parentsWindow = await createWindow(ctx, {
    actor: education,
    siteId: school,
    input: window({
      name: '家长接送（上下学高峰）',
      audience: 'parents',
      spaces: 100,
      hours: 'Mo-Fr 07:00-08:30,15:30-17:30; PH off',
      max_stay_minutes: 60,
    }),
  });
  const order = await ctx.db
    .selectFrom('requests')
    .select('id')
    .where('jurisdiction_id', '=', j)
    .where('channel', '=', 'community')
    .where('title', '=', '小区周边停车难')
    .executeTakeFirst();
  await createWindow(ctx, {
    actor: education,
    siteId: school,
    input: window({
      name: '御窑社区居民夜间停车',
      audience: 'residents',
      communities: ['xc-yuanhe-yuyao'],
      spaces: 80,
      hours: 'Mo-Fr 19:00-07:00; Sa,Su,PH 00:00-24:00',
      max_stay_minutes: 720,
      ...(order ? { order_request_id: order.id } : {}),
    }),
  });
  const schoolPublic = await createWindow(ctx, {
    actor: education,
    siteId: school,
    input: window({ name: '周末对社会开放', audience: 'public', spaces: 60, hours: 'Sa,Su,PH 08:00-18:00' }),
  });
  // The government service centre shares at night and at weekends.
  const govService = await staff('handler.gov-service');
  const govNight = await createWindow(ctx, {
    actor: govService,
    siteId: ids.get('XC-P-GOV-CENTRE')!,
    input: window({
      name: '机关停车场夜间错时共享',
      audience: 'public',
      spaces: 150,
      hours: 'Mo-Fr 18:30-07:30; Sa,Su,PH 00:00-24:00',
      max_stay_minutes: 780,
    }),
  });
  await createWindow(ctx, {
    actor: govService,
    siteId: ids.get('XC-P-GOV-CENTRE')!,
    input: window({ name: '工作人员', audience: 'staff', spaces: 120, hours: 'Mo-Fr 08:00-18:00; PH off' }),
  });

  // Four weeks of observations from the sites' gate systems (the estate has stopped reporting a day ago).
  let observations = 0;
  for (const [i, s] of SITES.entries()) {
    const until = s.kind === 'residential' ? now - DAY_MS : now;
    const list = observationsOf(s, until, isWorkingDay, 100 + i);
    for (let k = 0; k < list.length; k += 1000)
      observations += (
        await recordObservations(ctx, { actor: system, observations: list.slice(k, k + 1000) })
      ).applied;
  }
  forgetModel(ctx, j);
  await refreshForecasts(ctx, j, SITES.length);

  // Residents: a parent with a pass books the rush hour; a neighbour books the centre's night share.
  const parent = await residentActor(ctx, j, DEMO_PARKING_RESIDENTS.parent);
  const neighbour = await residentActor(ctx, j, DEMO_PARKING_RESIDENTS.neighbour);
  await grantPass(ctx, {
    actor: education,
    input: {
      phone: DEMO_PARKING_RESIDENTS.parent,
      audience: 'parents',
      site_id: school,
      note: '三年级二班家长',
    },
  });
  const yuyao = await staff('head.yuyao-cmte');
  await grantPass(ctx, {
    actor: yuyao,
    input: {
      phone: DEMO_PARKING_RESIDENTS.neighbour,
      audience: 'residents',
      area_code: 'xc-yuanhe-yuyao',
      note: '',
    },
  });
  let bookings = 0;
  const tryBook = async (
    actor: UserActor,
    windowId: number,
    startsAt: Date,
    hours: number,
    plate: string,
  ) => {
    try {
      await bookSpace(ctx, {
        actor,
        input: {
          window_id: windowId,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + hours * 3_600_000),
          plate,
        },
      });
      bookings++;
    } catch {
      // The hours may not be open at the time the demo is loaded (a holiday, a weekend): no booking then.
    }
  };
  const nextWorkingDay = (() => {
    for (let d = 1; d <= 10; d++) {
      const date = localDate(new Date(now + d * DAY_MS), TZ);
      if (isWorkingDay(date)) return date;
    }
    return today;
  })();
  const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
  await tryBook(parent, parentsWindow, at(nextWorkingDay, '07:30'), 0.5, '苏E·12345');
  await tryBook(neighbour, govNight, at(nextWorkingDay, '19:00'), 11, '苏EF12345');
  const saturday = (() => {
    for (let d = 1; d <= 7; d++) {
      const date = localDate(new Date(now + d * DAY_MS), TZ);
      if (new Date(`${date}T00:00:00Z`).getUTCDay() === 6) return date;
    }
    return today;
  })();
  await tryBook(parent, schoolPublic, at(saturday, '09:00'), 3, '苏E·12345');

  // The ledger: 新增错时共享泊位500个, counted from the windows opened this year.
  const year = Number(today.slice(0, 4));
  const project = await createProject(ctx, {
    actor: system,
    progressStated: false,
    input: {
      year,
      kind: 'project',
      title: '新增错时共享泊位500个',
      description: '推动机关企事业单位、学校停车场错时向周边居民和社会开放，缓解老旧小区夜间停车难。',
      level: 'district',
      owner_department_code: 'urban-mgmt',
      co_department_codes: ['education', 'gov-service'],
      area_codes: [],
      target: '新增错时共享泊位500个（停车模块按已开放的共享时段统计）',
      start_date: `${year}-01-01`,
      due_date: `${year}-12-31`,
      progress: 0,
      progress_note: '',
      public: true,
      milestones: [],
    },
  });
  await setProgressSource(ctx, {
    actor: system,
    id: project,
    source: { kind: 'parking_shared_spaces', target: 500 },
  });
  return { sites: SITES.length, observations, bookings };
}
