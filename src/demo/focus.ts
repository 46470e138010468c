/**
 * 每月一题 and 未诉先办 in the demo city: a few stories planted among the ordinary requests so that the early
 * warnings and the month-on-month volumes mean something — night-time construction noise in 元和街道 that rose,
 * was warned about and acted on, and is rising again; five vending complaints in a week in 太平街道 that stopped (a
 * warning not followed: precision below 1); stalls outside 陆慕 market coming back; electric-bike charging
 * complaints falling month by month after a key task. The warnings are raised day by day over the last 60 days
 * by the same rules the sweep runs, on the requests known on each day.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { handleWarning } from '../focus/commands/handle-warning.js';
import { createProblem, type ProblemInput } from '../focus/commands/problems.js';
import { raiseWarnings } from '../focus/commands/raise-warnings.js';
import { focusDb } from '../focus/schema.js';
import { addMonths, monthOf } from '../assessment/month.js';
import { createProject } from '../projects/commands/create.js';
import { performAction } from '../requests/commands/perform-action.js';
import { registerRequest } from '../requests/commands/register.js';
import { localDate, startOfLocalDay } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { demoActors } from './users.js';

const DAY = 86_400_000;

type Story = {
  category: string;
  department: string;
  /** Days ago of each request, and where. */
  at: { daysAgo: number; area: string }[];
  texts: { title: string; body: string }[];
};

export async function loadDemoFocus(ctx: AppContext, j: string): Promise<void> {
  const user = await demoActors(ctx.db, j);
  const ref = await referenceCache(ctx.db).get(j);
  const realNow = ctx.now();
  const category = async (level2: string, level3: string) => {
    const row = await ctx.db
      .selectFrom('categories as c')
      .innerJoin('categories as p', (jn) =>
        jn.onRef('p.jurisdiction_id', '=', 'c.jurisdiction_id').onRef('p.code', '=', 'c.parent_code'),
      )
      .select('c.code')
      .where('c.jurisdiction_id', '=', j)
      .where('c.name', '=', level3)
      .where('p.name', '=', level2)
      .executeTakeFirstOrThrow();
    return row.code;
  };
  const noise = await category('环境污染', '噪音污染');
  const vending = await category('城市建设和市政管理', '城管执法');
  const facilities = await category('城市建设和市政管理', '居民服务设施');

  const spread = (days: number[], areas: string[]) =>
    days.map((daysAgo, i) => ({ daysAgo, area: areas[i % areas.length]! }));
  const today = localDate(realNow, ref.timezone);
  const month = monthOf(today);
  const daysAgoOf = (date: string) =>
    Math.round(
      (startOfLocalDay(today, ref.timezone).getTime() - startOfLocalDay(date, ref.timezone).getTime()) / DAY,
    );
  /** `n` days spread over a month (the running month: up to yesterday). */
  const inMonth = (m: string, n: number) => {
    const first = daysAgoOf(`${m}-01`);
    const last = m === month ? 1 : daysAgoOf(`${addMonths(m, 1)}-01`) + 1;
    return Array.from({ length: n }, (_, i) => Math.round(first - ((first - last) * (i + 0.5)) / n));
  };
  const stories: Story[] = [
    {
      category: noise,
      department: 'ecology',
      at: spread(
        [58, 50, 48, 47, 45, 44, 42, 40, 38, 35, 32, 12, 9, 7, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1],
        ['xc-yuanhe-yuyao', 'xc-yuanhe-lumu'],
      ),
      texts: [
        {
          title: '工地夜间施工噪音扰民',
          body: '小区旁边的工地晚上十点以后还在施工，打桩声很大，老人孩子无法休息，请有关部门管一管。',
        },
        {
          title: '夜里渣土车进出工地噪音大',
          body: '每天夜里渣土车进出工地，轰鸣声和鸣笛声很大，严重影响附近居民睡眠。',
        },
        {
          title: '凌晨浇筑混凝土噪音严重',
          body: '工地凌晨两点还在浇筑混凝土，机器声音很响，希望查处夜间违规施工。',
        },
      ],
    },
    {
      category: vending,
      department: 'urban-mgmt',
      at: spread([40, 39, 38, 37, 36], ['xc-taiping-liangang']),
      texts: [
        {
          title: '路口流动摊贩占道经营',
          body: '路口有流动摊贩占用人行道摆摊，行人只能走机动车道，存在安全隐患。',
        },
      ],
    },
    {
      category: vending,
      department: 'urban-mgmt',
      at: spread([10, 6, 3], ['xc-yuanhe-lumu']),
      texts: [
        {
          title: '菜场门口占道经营',
          body: '陆慕菜场门口早上摊贩占道经营，车辆和行人通行困难，请城管加强管理。',
        },
      ],
    },
    {
      category: facilities,
      department: 'housing',
      at: spread(
        [
          ...inMonth(addMonths(month, -3), 9),
          ...inMonth(addMonths(month, -2), 7),
          ...inMonth(addMonths(month, -1), 3),
          ...inMonth(month, 1),
        ],
        [
          'xc-yuanhe-yuyao',
          'xc-huangdai-chunshen',
          'xc-beiqiao-lingfeng',
          'xc-taiping-liangang',
          'xc-weitang-fengyang',
          'xc-chengyang-taiyuan',
        ],
      ),
      texts: [
        {
          title: '小区缺少电动车充电桩',
          body: '小区没有电动车充电桩，很多居民只能飞线充电，存在火灾隐患，希望尽快安装充电设施。',
        },
        {
          title: '电动车充电难',
          body: '我们小区几百户人家只有十个充电桩，晚上根本排不上，请增加电动车充电桩。',
        },
      ],
    },
  ];

  const known = new Set(ref.areas);
  let clock = realNow;
  const at = { ...ctx, config: { ...ctx.config, autoDispatchThreshold: 1 }, now: () => clock };
  for (const story of stories)
    for (const [i, place] of story.at.entries()) {
      if (!known.has(place.area)) throw new Error(`demo focus: no area ${place.area}`);
      clock = new Date(realNow.getTime() - place.daysAgo * DAY - 3 * 3_600_000);
      const text = story.texts[i % story.texts.length]!;
      const { request } = await registerRequest(at, {
        actor: user('operator'),
        channel: 'hotline',
        input: {
          title: text.title,
          body: text.body,
          type: '投诉',
          area_code: place.area,
          reporter: { name: '市民', phone: `1390000${String(1000 + i).padStart(4, '0')}` },
        },
      });
      clock = new Date(clock.getTime() + 3_600_000);
      await performAction(at, {
        actor: user('dispatcher'),
        requestId: request.id,
        action: 'dispatch',
        input: { department_code: story.department, category_code: story.category },
      });
    }

  // The sweep's rule, day by day, on what was known each evening.
  for (let daysAgo = 60; daysAgo >= 0; daysAgo--) {
    clock = new Date(Math.min(realNow.getTime(), realNow.getTime() - daysAgo * DAY));
    await raiseWarnings(at, j);
  }
  clock = realNow;
  const warnings = await focusDb(ctx.db)
    .selectFrom('early_warnings')
    .select(['id', 'kind', 'category_code', 'area_code', sql<string>`day::text`.as('day')])
    .where('jurisdiction_id', '=', j)
    .orderBy('day')
    .execute();
  const first = (category: string, area: string) =>
    warnings.find((w) => w.category_code === category && w.area_code === area && w.kind === 'rising');
  const noiseWarning = first(noise, 'xc-yuanhe');
  let noiseTask: number | null = null;
  if (noiseWarning && daysAgoOf(noiseWarning.day) > 14) {
    clock = new Date(startOfLocalDay(noiseWarning.day, ref.timezone).getTime() + 1.4 * DAY);
    noiseTask = (
      await handleWarning(at, {
        actor: user('head.ecology'),
        id: Number(noiseWarning.id),
        answer: {
          action: 'acknowledge',
          note: '已会同城管、元和街道对周边工地开展夜间施工专项检查。',
          task: {
            title: '元和街道工地夜间施工噪音专项整治',
            due_date: localDate(new Date(realNow.getTime() + 30 * DAY), ref.timezone),
            target: '夜间施工噪音投诉环比下降50%',
          },
        },
      })
    ).project_id;
  }
  const falseAlarm = first(vending, 'xc-taiping');
  if (falseAlarm) {
    clock = new Date(startOfLocalDay(falseAlarm.day, ref.timezone).getTime() + 1.2 * DAY);
    await handleWarning(at, {
      actor: user('head.urban-mgmt'),
      id: Number(falseAlarm.id),
      answer: { action: 'dismiss', note: '系同一流动摊点，已现场劝离，非持续性问题。' },
    });
  }

  clock = startOfLocalDay(`${addMonths(month, -2)}-01`, ref.timezone);
  const chargingTask = await createProject(at, {
    actor: user('supervisor'),
    progressStated: true,
    input: {
      year: Number(today.slice(0, 4)),
      kind: 'key_task',
      title: '老旧小区电动车集中充电设施建设',
      description: '每月一题：电动车充电难。在投诉集中的小区新建集中充电棚和智能充电桩。',
      level: 'district',
      owner_department_code: 'housing',
      co_department_codes: ['urban-mgmt'],
      area_codes: [],
      target: '新增充电端口2000个',
      start_date: localDate(clock, ref.timezone),
      due_date: localDate(new Date(realNow.getTime() + 60 * DAY), ref.timezone),
      public: true,
      progress: 65,
      progress_note: '已建成充电棚26处。',
      milestones: [],
    },
  });
  const problems: (Omit<ProblemInput, 'description' | 'source'> & {
    description: string;
    source: ProblemInput['source'];
  })[] = [
    {
      month: addMonths(month, -2),
      title: '电动车充电难',
      description: '老旧小区电动车充电设施不足，居民飞线充电，存在消防隐患。',
      definition: { keywords: ['充电'], category_codes: [facilities], area_codes: [] },
      lead_department_code: 'housing',
      co_department_codes: ['urban-mgmt'],
      target: '诉求量较选题当月下降50%',
      target_reduction: 50,
      source: 'hot_topic',
      task_ids: [chargingTask],
    },
    {
      month: addMonths(month, -1),
      title: '工地夜间施工噪音扰民',
      description: '元和街道多个工地夜间违规施工，噪音投诉集中。',
      definition: { keywords: [], category_codes: [noise], area_codes: ['xc-yuanhe'] },
      lead_department_code: 'ecology',
      co_department_codes: ['urban-mgmt', 'yuanhe-street'],
      target: '夜间施工噪音投诉环比下降',
      target_reduction: null,
      source: 'warning',
      task_ids: noiseTask ? [noiseTask] : [],
    },
    {
      month,
      title: '菜场周边占道经营',
      description: '农贸市场周边早市摊贩占道经营，影响通行。',
      definition: { keywords: ['占道', '摆摊'], category_codes: [vending], area_codes: [] },
      lead_department_code: 'urban-mgmt',
      co_department_codes: ['market', 'yuanhe-street'],
      target: '主要菜场周边占道经营投诉清零',
      target_reduction: null,
      source: 'hot_topic',
      task_ids: [],
    },
  ];
  for (const input of problems) {
    // chosen on the first day of its month
    clock = startOfLocalDay(`${input.month}-01`, ref.timezone);
    await createProblem(at, { actor: user('supervisor'), input });
  }
}
