/**
 * 吹哨报到 in the demo city: a few requests handled by a lead department (主办) with co-handling departments
 * (协办), in each state — waiting for the co-departments to sign, a part still missing, a department whistled in
 * later and signed late, a co-department released by the centre, replied and closed — driven through the real
 * actions with a moving clock.
 */
import type { AppContext } from '../context.js';
import { performAction } from '../requests/commands/perform-action.js';
import { registerRequest } from '../requests/commands/register.js';
import type { Action } from '../requests/workflow.js';
import { demoActors } from './users.js';

const HOUR = 3_600_000;

type Step = [username: string, action: Action, input: object, hoursLater: number];

type Story = {
  daysAgo: number;
  area: string;
  title: string;
  body: string;
  steps: Step[];
};

const PARTS = {
  housing: '已约谈物业公司，物业承诺本周内完成管道疏通并加强巡查。',
  ecology: '已现场检测，周边水体指标正常，督促相关单位做好清淤。',
  transport: '已对路口临时交通组织进行调整，增设警示标志。',
  'urban-mgmt': '已安排环卫作业人员清理现场，落实门前三包责任。',
};
/** The dispatcher hands the request to a lead department, with co-handling departments if any. */
const dispatch = (lead: string, co: string[] = []): Step => [
  'dispatcher',
  'dispatch',
  co.length ? { department_code: lead, co_department_codes: co } : { department_code: lead },
  1,
];
const sign = (code: string): Step => [`handler.${code}`, 'sign', {}, 2];
const part = (code: keyof typeof PARTS): Step => [`handler.${code}`, 'co-submit', { note: PARTS[code] }, 6];
const coSign = (code: string, hoursLater = 2): Step => [`handler.${code}`, 'co-sign', {}, hoursLater];

const STORIES: Story[] = [
  {
    daysAgo: 0.3,
    area: 'xc-yuanhe',
    title: '小区东门外道路积水发臭',
    body: '小区东门外道路长期积水发臭，雨水管堵塞，物业推诿不管，请城管、住建、生态环境部门协同处理。',
    steps: [dispatch('urban-mgmt', ['housing', 'ecology'])],
  },
  {
    daysAgo: 3,
    area: 'xc-wangting',
    title: '建筑工地夜间施工扰民且渣土撒漏',
    body: '附近建筑工地夜间施工噪音很大，渣土车沿途撒漏，道路脏乱，影响居民休息和出行。',
    steps: [
      dispatch('housing', ['urban-mgmt', 'ecology']),
      sign('housing'),
      coSign('urban-mgmt'),
      coSign('ecology', 5),
      ['handler.housing', 'contact', { note: '已联系群众，约定明日现场查看。' }, 3],
      part('urban-mgmt'),
    ],
  },
  {
    daysAgo: 20,
    area: 'xc-huangdai',
    title: '学校门口上下学时段交通拥堵',
    body: '学校门口上下学时段车辆乱停，交通拥堵严重，路边摊贩占道经营，存在安全隐患。',
    steps: [
      dispatch('urban-mgmt'),
      sign('urban-mgmt'),
      ['handler.urban-mgmt', 'whistle', { department_codes: ['transport'], note: '需交通部门协助疏导。' }, 4],
      ['handler.urban-mgmt', 'contact', { note: '已电话联系群众说明处置安排。' }, 2],
      coSign('transport', 40),
      part('transport'),
      [
        'handler.urban-mgmt',
        'reply',
        { text: '经城管、交通部门联合整治，已清理占道摊贩，上下学时段安排专人疏导交通。' },
        24,
      ],
      ['operator', 'follow-up', { resolved: true, satisfaction: 'satisfied' }, 30],
      ['operator', 'close', {}, 2],
    ],
  },
  {
    daysAgo: 12,
    area: 'xc-yuanhe',
    title: '河道漂浮垃圾多',
    body: '小区旁河道漂浮垃圾很多，夏天有异味，希望尽快清理。',
    steps: [
      dispatch('urban-mgmt', ['ecology']),
      sign('urban-mgmt'),
      ['handler.urban-mgmt', 'contact', { note: '已联系群众了解漂浮物位置。' }, 2],
      [
        'supervisor',
        'release-co-handler',
        { department_code: 'ecology', reason: '生态环境局逾期未报到，由主办单位答复。' },
        60,
      ],
      ['handler.urban-mgmt', 'reply', { text: '已安排保洁船对该段河道进行打捞，并纳入日常巡查。' }, 6],
    ],
  },
  {
    daysAgo: 6,
    area: 'xc-wangting',
    title: '菜市场周边污水横流',
    body: '菜市场周边污水横流、垃圾堆放，气味难闻，请相关部门处理。',
    steps: [
      dispatch('urban-mgmt', ['ecology', 'housing']),
      sign('urban-mgmt'),
      coSign('ecology'),
      coSign('housing', 3),
      ['handler.urban-mgmt', 'contact', { note: '已到现场查看。' }, 3],
      part('ecology'),
      part('housing'),
      [
        'handler.urban-mgmt',
        'reply',
        { text: '已会同生态环境、住建部门清理污水和垃圾，督促市场管理方落实保洁。' },
        20,
      ],
    ],
  },
];

export async function loadDemoCoHandling(ctx: AppContext, j: string): Promise<void> {
  const user = await demoActors(ctx.db, j);
  const realNow = ctx.now();
  let clock = realNow;
  const at = { ...ctx, config: { ...ctx.config, autoDispatchThreshold: 1 }, now: () => clock };
  for (const [i, story] of STORIES.entries()) {
    clock = new Date(realNow.getTime() - story.daysAgo * 24 * HOUR);
    const { request } = await registerRequest(at, {
      actor: user('operator'),
      channel: 'hotline',
      input: {
        title: story.title,
        body: story.body,
        type: '投诉',
        area_code: story.area,
        reporter: { name: '市民', phone: `1370000${String(2000 + i).padStart(4, '0')}` },
      },
    });
    for (const [username, action, input, hoursLater] of story.steps) {
      clock = new Date(Math.min(clock.getTime() + hoursLater * HOUR, realNow.getTime() - 60_000));
      await performAction(at, { actor: user(username), requestId: request.id, action, input });
    }
  }
}
