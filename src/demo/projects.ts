/**
 * The demo city's 我为群众办实事 ledger for the current year — provincial key, city-published, district and
 * department projects and a plenary session's key tasks, with milestones (some weighted), some public, some
 * completed, some behind — a 两进两问 campaign with a few visits whose needs became requests, and a few
 * community orders (社区点单). Driven through the real commands so that every change log is what the product
 * would have recorded.
 */
import type { AppContext } from '../context.js';
import { systemActor } from '../http/actor.js';
import { placeOrder } from '../orders/commands/place-order.js';
import { createProject } from '../projects/commands/create.js';
import { linkRequest } from '../projects/commands/link-request.js';
import type { MilestoneInput, ProjectInput } from '../projects/model.js';
import { localDate } from '../requests/deadlines.js';
import { performAction } from '../requests/commands/perform-action.js';
import { createCampaign } from '../visits/commands/campaigns.js';
import { recordVisit, type VisitInput } from '../visits/commands/record-visit.js';
import { demoActors } from './users.js';

type Seed = [
  title: string,
  level: ProjectInput['level'],
  owner: string,
  progress: number,
  /** Months from now to the due date (negative: already due). */
  dueIn: number,
  extra?: Partial<ProjectInput> & { weighted?: boolean; late?: boolean },
];

const SEEDS: Seed[] = [
  [
    '相城区城市更新示范片区建设',
    'provincial_key',
    'housing',
    45,
    8,
    { weighted: true, area_codes: ['xc-yuanhe'] },
  ],
  ['阳澄湖生态保护修复工程', 'provincial_key', 'ecology', 60, 7, { area_codes: ['xc-yangchenghu'] }],
  ['区域供水安全保障工程', 'provincial_key', 'water-supply', 70, 5, {}],
  [
    '老旧小区加装电梯',
    'city_published',
    'housing',
    55,
    6,
    { area_codes: ['xc-wangting-guoyuan', 'xc-yuanhe-yuyao'], weighted: true },
  ],
  [
    '新增公共停车泊位2000个',
    'city_published',
    'urban-mgmt',
    80,
    3,
    { target: '新增公共停车泊位2000个，错时共享泊位500个' },
  ],
  [
    '农贸市场标准化改造',
    'city_published',
    'market',
    100,
    -2,
    { progress_note: '6家农贸市场全部完成改造并开业' },
  ],
  [
    '社区助餐点全覆盖',
    'city_published',
    'civil-affairs',
    35,
    -1,
    { progress_note: '已建成助餐点18个，尚差12个' },
  ],
  ['中小学午餐配送提升', 'city_published', 'education', 100, -1, {}],
  ['公交线路优化调整', 'city_published', 'transport', 65, 4, {}],
  ['背街小巷环境整治', 'city_published', 'urban-mgmt', 50, 5, { area_codes: ['xc-huangdai'] }],
  ['新建口袋公园10个', 'city_published', 'urban-mgmt', 20, 9, {}],
  ['河道综合整治', 'district', 'water', 90, 2, { area_codes: ['xc-weitang'] }],
  ['雨污分流改造', 'district', 'water', 40, 10, { weighted: true }],
  ['社区卫生服务站提档升级', 'district', 'health', 100, -3, {}],
  ['农村公路提档升级', 'district', 'transport', 30, -2, { progress_note: '受雨季影响进度滞后' }],
  ['新能源汽车充电桩建设', 'district', 'power', 75, 6, {}],
  ['垃圾分类示范小区', 'district', 'urban-mgmt', 100, 1, { area_codes: ['xc-gaotie-nantiancheng'] }],
  ['居家养老服务中心', 'district', 'civil-affairs', 0, 11, { late: true }],
  ['重点群体就业帮扶', 'district', 'hrss', 85, 4, {}],
  ['15分钟便民生活圈', 'district', 'commerce', 60, 6, {}],
  ['儿童友好社区建设', 'district', 'civil-affairs', 25, 9, { public: false }],
  ['政务服务“一件事”改革', 'department', 'gov-service', 100, -4, {}],
  ['12345热线诉求办理提质', 'department', 'gov-service', 70, 7, {}],
  ['医保报销“零跑腿”', 'department', 'medical-insurance', 100, 2, {}],
  ['退役军人服务站规范化', 'department', 'veterans', 45, 6, { public: false }],
  ['法律援助进社区', 'department', 'justice', 55, 3, {}],
  ['全民健身设施补短板', 'department', 'culture-tourism', 15, 1, { late: true }],
  ['区委全会重点任务：营商环境优化', 'district', 'development', 60, 8, { kind: 'key_task', public: false }],
  ['区委全会重点任务：科技创新载体建设', 'district', 'science', 40, 8, { kind: 'key_task', public: false }],
  [
    '区委全会重点任务：高铁新城功能提升',
    'district',
    'gaotie-office',
    50,
    8,
    { kind: 'key_task', public: false },
  ],
];

/** The campaign's visits: who went, how many days ago, whom they met and what was needed (each need a request). */
const VISITS: (Omit<VisitInput, 'campaign_id' | 'visited_at'> & { by: string; daysAgo: number })[] = [
  {
    by: 'fieldworker',
    daysAgo: 6,
    visitor_kind: 'deputy',
    visitee: { kind: 'household', name: '孙建国', phone: '13962000001' },
    area_code: 'xc-wangting-guoyuan',
    address: '果园社区12幢',
    notes: '与住户坐在一起、聊在一处，了解老楼出行困难',
    needs: [
      { title: '老楼加装电梯', body: '12幢六层老楼，老人上下楼困难，希望加装电梯。', type: '建议' },
      { title: '路面积水', body: '小区门口路段凹凸不平，下雨容易积水。', type: '投诉' },
    ],
  },
  {
    by: 'head.civil-affairs',
    daysAgo: 4,
    visitor_kind: 'official',
    visitee: { kind: 'enterprise', name: '苏州春星精密机械有限公司', phone: '051265000001' },
    area_code: 'xc-yuanhe-yuyao',
    notes: '联企解烦难：企业反映用工和周边交通问题',
    needs: [
      { title: '企业用工招聘', body: '企业急需技术工人，希望人社部门组织专场招聘。', type: '求助' },
      { title: '上下班交通', body: '园区上下班高峰公交班次不足，希望加密班次。', type: '建议' },
      { title: '路灯不亮', body: '企业门前道路多盏路灯损坏，夜间出行不安全。', type: '投诉' },
    ],
  },
  {
    by: 'head.civil-affairs',
    daysAgo: 2,
    visitor_kind: 'official',
    visitee: { kind: 'community', name: '消泾村村民委员会' },
    area_code: 'xc-yangchenghu-xiaojing',
    notes: '联村解疑难：村级道路和养老服务',
    needs: [{ title: '村道拓宽', body: '村主干道较窄，会车困难，希望拓宽。', type: '建议' }],
  },
];

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of the month `months` from the month of `today`. */
function monthEndFrom(today: string, months: number): string {
  const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 + months + 1, 0));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export async function loadDemoProjects(ctx: AppContext, j: string): Promise<number> {
  const user = await demoActors(ctx.db, j);
  const system = systemActor(j, '演示数据');
  const today = localDate(ctx.now(), 'Asia/Shanghai');
  const year = Number(today.slice(0, 4));
  const ids: number[] = [];
  for (const [title, level, owner, progress, dueIn, extra = {}] of SEEDS) {
    const { weighted, late, ...rest } = extra;
    const due = monthEndFrom(today, dueIn);
    // most began eight months ago; a late starter begins next month
    const start = late ? monthEndFrom(today, 0) : monthEndFrom(today, -8);
    // three milestones on a third of the projects: planning (long done), building, acceptance
    const milestones: MilestoneInput[] = [];
    if (weighted || ids.length % 3 === 0) {
      const steps: [string, string, number][] = [
        ['方案设计与立项', monthEndFrom(today, Math.min(dueIn, 0) - 3), 20],
        ['组织实施', monthEndFrom(today, dueIn - 1), 60],
        ['竣工验收', due, 20],
      ];
      let reached = 0;
      for (const [name, dueDate, w] of steps) {
        reached += w;
        const done = reached <= progress ? (dueDate < today ? dueDate : today) : null;
        milestones.push({
          title: name,
          due_date: dueDate,
          done_date: done,
          evidence: done ? `${name}佐证材料（会议纪要、照片）` : '',
          weight: weighted ? w : null,
        });
      }
    }
    const input: ProjectInput = {
      year,
      kind: 'project',
      title,
      description: `${title}，列入${year}年“我为群众办实事”项目清单。`,
      level,
      owner_department_code: owner,
      co_department_codes: [],
      area_codes: [],
      target: `${due.slice(0, 4)}年${Number(due.slice(5, 7))}月底前完成`,
      start_date: start,
      due_date: due,
      progress,
      progress_note: progress === 100 ? '已完成' : progress === 0 ? '' : `已完成年度目标的${progress}%`,
      public: true,
      milestones,
      ...rest,
    };
    ids.push(await createProject(ctx, { actor: system, input, progressStated: !weighted }));
  }

  // 两进两问: the grid worker and an official, with a plan per visitor and area
  const fieldworker = user('fieldworker');
  const official = user('head.civil-affairs');
  const campaign = await createCampaign(ctx, {
    actor: system,
    input: {
      kind: 'liangjin_liangwen',
      name: `${year}年人大代表“两进两问”`,
      description: '代表走进村和社区、走进群众家中，问民生需求、问意见建议',
      starts_on: `${year}-01-01`,
      ends_on: `${year}-12-31`,
      targets: [
        { visitor_user_id: fieldworker.userId, area_code: 'xc-wangting', planned_visits: 10 },
        { visitor_user_id: official.userId, planned_visits: 5 },
        { area_code: 'xc-yuanhe', planned_visits: 8 },
      ],
    },
  });
  const ago = (days: number) => new Date(ctx.now().getTime() - days * 86_400_000);
  const visits = [];
  for (const [i, { by, daysAgo, ...input }] of VISITS.entries())
    visits.push(
      await recordVisit(ctx, {
        actor: user(by),
        idempotencyKey: `demo-visit-${i + 1}`,
        input: { ...input, campaign_id: campaign, visited_at: ago(daysAgo) },
      }),
    );
  const v1 = visits[0]!;
  // the lift the household asked for is now part of the lift project
  const dispatcher = user('dispatcher');
  await performAction(ctx, {
    actor: dispatcher,
    requestId: v1.requestIds[0]!,
    action: 'dispatch',
    input: { department_code: 'housing' },
  });
  await linkRequest(ctx, {
    actor: system,
    id: ids[3]!,
    requestId: v1.requestIds[0]!,
    note: '已纳入老旧小区加装电梯项目',
  });

  // 社区点单
  const guoyuan = user('handler.guoyuan-cmte');
  const yuyao = user('head.yuyao-cmte');
  const lift = await placeOrder(ctx, {
    actor: guoyuan,
    idempotencyKey: 'demo-order-1',
    input: {
      title: '老旧小区加装电梯协调',
      body: '社区12幢、14幢居民加装电梯意愿强烈，请住建部门指导方案并协调管线迁移。',
      department_code: 'housing',
      address: '果园社区12幢、14幢',
    },
  });
  const housing = user('handler.housing');
  await performAction(ctx, { actor: housing, requestId: lift.request.id, action: 'sign', input: {} });
  await placeOrder(ctx, {
    actor: yuyao,
    idempotencyKey: 'demo-order-2',
    input: {
      title: '小区周边停车难',
      body: '御窑社区周边老旧小区夜间停车难，希望协调学校错时共享车位。',
      department_code: 'urban-mgmt',
    },
  });
  await placeOrder(ctx, {
    actor: yuyao,
    idempotencyKey: 'demo-order-3',
    input: { title: '垃圾分类投放点改造', body: '投放点夏季异味大，希望改造并增加清运频次。', type: '建议' },
  });
  return ids.length;
}
